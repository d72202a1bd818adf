package io.linkdns.aws;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.config.Settings;
import io.linkdns.core.confluent.ConfluentSettings;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.ownership.SealKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS function's configuration, read once from the environment: the shared settings (see {@link
 * Settings}) plus
 *
 * <ul>
 *   <li>{@code AWS_REGION} (default {@code us-east-1}) and {@code AWS_LAMBDA_FUNCTION_NAME} (the
 *       metrics' dimension);
 *   <li>{@code LINKDNS_ROLE_ARN}: the function's own role; Route 53 changes made under it trigger
 *       no remediation;
 *   <li>{@code LINKDNS_QUEUE_URL}: the event queue, for asking a pending endpoint's message back
 *       sooner;
 *   <li>{@code LINKDNS_VERIFY_TARGETS}: the health check's targets, a JSON array;
 *   <li>{@code LINKDNS_MAX_ATTEMPTS} (default 8, 1 to 20) and {@code LINKDNS_ROUTE53_RATE} (default
 *       10, 0.1 to 10);
 *   <li>{@code LINKDNS_HOME_ACCOUNT}: the function's own account id (the template sets it); asked
 *       of STS once when unset;
 *   <li>{@code LINKDNS_ACCOUNTS}: comma list of the other accounts whose endpoints are wired (the
 *       home account always is);
 *   <li>{@code LINKDNS_SPOKE_ROLE} (default {@code linkdns-spoke}): the role name assumed in each
 *       of those accounts;
 *   <li>{@code LINKDNS_HOME_VPC}, {@code LINKDNS_SHARE_WITH}: where zones are created and shared
 *       ({@link Sharing});
 *   <li>the Confluent Cloud API settings ({@link ConfluentSettings}) and the seal key ({@link
 *       SealKey.Source}).
 * </ul>
 */
public record AwsSettings(
    Settings core,
    Region region,
    Optional<String> functionName,
    Optional<String> roleArn,
    Optional<String> queueUrl,
    List<HealthCheck.Probe> verifyTargets,
    int maxAttempts,
    double route53Rate,
    Optional<String> homeAccount,
    Set<String> accounts,
    String spokeRole,
    Sharing sharing,
    Optional<ConfluentSettings> confluent,
    SealKey.Source sealKey) {

  public static final String DEFAULT_SPOKE_ROLE = "linkdns-spoke";
  static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

  /** IAM's role name characters and length; a path is not part of the name. */
  private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

  public AwsSettings {
    verifyTargets = List.copyOf(verifyTargets);
    accounts = Set.copyOf(accounts);
  }

  /** Every variable this record reads, for the checks that README and template name them all. */
  public static final List<String> VARIABLES =
      List.of(
          "AWS_REGION",
          "AWS_LAMBDA_FUNCTION_NAME",
          "LINKDNS_ROLE_ARN",
          "LINKDNS_QUEUE_URL",
          "LINKDNS_VERIFY_TARGETS",
          "LINKDNS_MAX_ATTEMPTS",
          "LINKDNS_ROUTE53_RATE",
          "LINKDNS_HOME_ACCOUNT",
          "LINKDNS_ACCOUNTS",
          "LINKDNS_SPOKE_ROLE",
          Sharing.HOME_VPC,
          Sharing.SHARE_WITH);

  public static AwsSettings fromEnvironment(Map<String, String> env) {
    Settings core = Settings.fromEnvironment(env, Layouts.CONFLUENT_AWS_DEDICATED);
    String region = Settings.value(env, "AWS_REGION").orElse("us-east-1");
    if (!REGION.matcher(region).matches()) {
      throw new InvalidInputException("AWS_REGION", region, "not a region name such as us-east-2");
    }
    Optional<String> roleArn = Settings.value(env, "LINKDNS_ROLE_ARN");
    roleArn
        .filter(arn -> !ROLE_ARN.matcher(arn).matches())
        .ifPresent(
            arn -> {
              throw new InvalidInputException(
                  "LINKDNS_ROLE_ARN",
                  arn,
                  "not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
            });
    Optional<String> queue = Settings.value(env, "LINKDNS_QUEUE_URL");
    queue.ifPresent(AwsSettings::requireUrl);
    Optional<String> home = Settings.value(env, "LINKDNS_HOME_ACCOUNT");
    home.ifPresent(a -> requireAccount("LINKDNS_HOME_ACCOUNT", a));
    Set<String> accounts = new TreeSet<>();
    for (String a : Settings.value(env, "LINKDNS_ACCOUNTS").orElse("").split(",")) {
      if (!a.isBlank()) {
        accounts.add(requireAccount("LINKDNS_ACCOUNTS", a.trim()));
      }
    }
    String spoke = Settings.value(env, "LINKDNS_SPOKE_ROLE").orElse(DEFAULT_SPOKE_ROLE);
    if (!ROLE_NAME.matcher(spoke).matches()) {
      throw new InvalidInputException(
          "LINKDNS_SPOKE_ROLE",
          spoke,
          "a role name (1-64 letters, digits and +=,.@_-), not an ARN or a path; assumed as arn:aws:iam::<account>:role/<name>");
    }
    Sharing sharing = Sharing.fromEnvironment(env);
    for (Sharing.MemberVpc m : sharing.memberVpcs()) {
      // The VPC's own account associates it, through the role assumed there: only an account served
      // can.
      if (!accounts.contains(m.account()) && !home.equals(Optional.of(m.account()))) {
        throw new InvalidInputException(
            Sharing.SHARE_WITH,
            m.toString(),
            "names account "
                + m.account()
                + ", which is not in LINKDNS_ACCOUNTS "
                + accounts
                + "; list it there (its role associates the VPC),"
                + " or name a hub VPC without an account");
      }
    }
    return new AwsSettings(
        core,
        Region.of(region),
        Settings.value(env, "AWS_LAMBDA_FUNCTION_NAME"),
        roleArn,
        queue,
        HealthCheck.targets(Settings.value(env, "LINKDNS_VERIFY_TARGETS").orElse("")),
        (int) Settings.number(env, "LINKDNS_MAX_ATTEMPTS", 8, 1, 20),
        Settings.number(env, "LINKDNS_ROUTE53_RATE", 10.0, 0.1, 10),
        home,
        accounts,
        spoke,
        sharing,
        ConfluentSettings.fromEnvironment(env),
        SealKey.Source.fromEnvironment(env));
  }

  /** These settings in another region (the command line's --region). */
  public AwsSettings inRegion(Region other) {
    return new AwsSettings(
        core,
        other,
        functionName,
        roleArn,
        queueUrl,
        verifyTargets,
        maxAttempts,
        route53Rate,
        homeAccount,
        accounts,
        spokeRole,
        sharing,
        confluent,
        sealKey);
  }

  /**
   * The client configuration these settings ask for: no endpoint override (the SDK's
   * AWS_ENDPOINT_URL applies).
   */
  public AwsClients.Config clientConfig() {
    return new AwsClients.Config(region, Optional.empty(), maxAttempts, route53Rate, List.of());
  }

  private static String requireAccount(String name, String value) {
    if (!ACCOUNT.matcher(value).matches()) {
      throw new InvalidInputException(name, value, "an AWS account id is 12 digits");
    }
    return value;
  }

  private static void requireUrl(String value) {
    try {
      URI u = new URI(value);
      if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
        throw new InvalidInputException(
            "LINKDNS_QUEUE_URL",
            value,
            "an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)");
      }
    } catch (URISyntaxException e) {
      throw new InvalidInputException("LINKDNS_QUEUE_URL", value, "not a URL: " + e.getReason(), e);
    }
  }
}
