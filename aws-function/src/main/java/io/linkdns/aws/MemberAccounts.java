package io.linkdns.aws;

import io.linkdns.core.Lazy;
import io.linkdns.core.ownership.RefusedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/**
 * The accounts this installation acts in, each with the AWS clients that act there: the home
 * account's own clients, and for each account of {@code LINKDNS_ACCOUNTS} clients signed with the
 * role {@code LINKDNS_SPOKE_ROLE} assumed in it (credentials cached per account and renewed by the
 * SDK's provider before they expire). Asking for any other account is refused before any call is
 * made, AssumeRole included, so nothing outside the operator's list is ever read or written.
 */
public final class MemberAccounts {
  /** The session name the member accounts' CloudTrail shows for linkdns's calls. */
  static final String SESSION_NAME = "linkdns";

  private final Supplier<String> home;
  private final Set<String> members;
  private final String spokeRole;

  /** The ARN partition of the function's region (aws, aws-cn, aws-us-gov): a role ARN names it. */
  private final String partition;

  private final AwsClients homeClients;
  private final Map<String, AwsClients> assumed = new ConcurrentHashMap<>();

  /**
   * @param home the home account's id, asked for only when needed (STS GetCallerIdentity when
   *     {@code LINKDNS_HOME_ACCOUNT} is unset)
   * @param members the accounts of {@code LINKDNS_ACCOUNTS}
   */
  MemberAccounts(
      Supplier<String> home,
      Set<String> members,
      String spokeRole,
      String partition,
      AwsClients homeClients) {
    this.home = Lazy.of(home);
    this.members = Set.copyOf(members);
    this.spokeRole = spokeRole;
    this.partition = partition;
    this.homeClients = homeClients;
  }

  /**
   * The accounts of the settings: the home account from LINKDNS_HOME_ACCOUNT, else asked of STS
   * once.
   */
  public static MemberAccounts of(AwsSettings settings, AwsClients homeClients) {
    return new MemberAccounts(
        // The request named, not the no-argument call: the build keeps the SDK model classes
        // linkdns's code names.
        () ->
            settings
                .homeAccount()
                .orElseGet(
                    () ->
                        homeClients
                            .sts()
                            .get()
                            .getCallerIdentity(GetCallerIdentityRequest.builder().build())
                            .account()),
        settings.accounts(),
        settings.spokeRole(),
        Optional.ofNullable(settings.region().metadata())
            .map(m -> m.partition().id())
            .orElse("aws"),
        homeClients);
  }

  /** The function's own account (asked of STS on first use when LINKDNS_HOME_ACCOUNT is unset). */
  public String home() {
    return home.get();
  }

  /**
   * True when no member account is listed: the installation acts in its own account only, as before
   * accounts existed.
   */
  public boolean single() {
    return members.isEmpty();
  }

  /** Every account served, the home account included. */
  public Set<String> accounts() {
    Set<String> all = new TreeSet<>(members);
    all.add(home());
    return Set.copyOf(all);
  }

  /** The listed accounts other than the home account, in order. */
  List<String> members() {
    return members.stream().filter(a -> !a.equals(home())).sorted().toList();
  }

  /** Whether the account is served; costs no call but, once, the home account's id. */
  public boolean serves(String account) {
    return members.contains(account) || account.equals(home());
  }

  /** The home account's clients, which need not know the account's id. */
  AwsClients homeClients() {
    return homeClients;
  }

  /** EC2 acting in the account; {@link RefusedException} for an account not served. */
  public Ec2Client ec2In(String account) {
    return clientsIn(account).ec2();
  }

  /** Route 53 acting in the account; {@link RefusedException} for an account not served. */
  public Route53Client route53In(String account) {
    return clientsIn(account).route53();
  }

  /**
   * The clients of the account. A member's are made on first use; AssumeRole runs at their first
   * call, and again whenever the cached credentials near their expiry.
   */
  AwsClients clientsIn(String account) {
    if (!serves(account)) {
      throw refusal(account);
    }
    if (account.equals(home())) {
      return homeClients;
    }
    return assumed.computeIfAbsent(
        account,
        a ->
            homeClients
                .actingAs()
                .apply(
                    StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(homeClients.sts().get())
                        .refreshRequest(r -> r.roleArn(roleArn(a)).roleSessionName(SESSION_NAME))
                        // No background refresh thread: a Lambda instance is frozen between
                        // invocations.
                        .asyncCredentialUpdateEnabled(false)
                        .build()));
  }

  /**
   * The role assumed in a member account:
   * arn:&lt;partition&gt;:iam::&lt;account&gt;:role/&lt;LINKDNS_SPOKE_ROLE&gt;.
   */
  String roleArn(String account) {
    return "arn:" + partition + ":iam::" + account + ":role/" + spokeRole;
  }

  /** Why an account is not acted in: it names the account and the setting that would list it. */
  RefusedException refusal(String account) {
    return new RefusedException(
        "account",
        account,
        "not the home account ("
            + home()
            + ") and not in LINKDNS_ACCOUNTS "
            + new TreeSet<>(members)
            + "; nothing is read, assumed or written for it");
  }
}
