package io.linkdns.core.ownership;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.DnsName;
import java.util.ArrayList;
import java.util.List;

/**
 * The domains linkdns may create zones and records under, whatever chose the domain (tag, rule or
 * authority): by default only the shapes Confluent Cloud documents for private networking ({@link
 * #CONFLUENT_SHAPES}); an operator who lists suffixes in {@code LINKDNS_ALLOWED_DOMAINS} replaces
 * them with "anything strictly below these". Two things are refused whatever is listed: the clouds'
 * own service suffixes (a private zone for {@code s3.us-east-1.amazonaws.com} would take over every
 * S3 name in the network) and a Confluent domain above a network's (a zone for {@code
 * us-east-1.aws.confluent.cloud} would answer NXDOMAIN for every public cluster name there).
 */
public record AllowedDomains(List<String> suffixes, List<String> shapes) {
  /**
   * What the default allows, for messages and the IAM ceiling: every default shape lies below it.
   */
  public static final String DEFAULT = "confluent.cloud";

  /**
   * Confluent Cloud's private DNS domains, as documented: a dedicated network's {@code
   * <network>.<region>.<cloud>.confluent.cloud} (the network label has no hyphen, which keeps
   * public cluster names such as {@code pkc-1a2b3.us-east-1.aws.confluent.cloud} out), the
   * enterprise {@code <region>.<cloud>.private.confluent.cloud}, and an access point's {@code
   * <access point>.<region>.<cloud>.private.confluent.cloud}.
   */
  public static final List<String> CONFLUENT_SHAPES =
      List.of(
          "[a-z0-9]+\\.[a-z0-9-]+\\.(aws|azure|gcp)\\.confluent\\.cloud",
          "[a-z0-9-]+\\.(aws|azure|gcp)\\.private\\.confluent\\.cloud",
          "[a-z0-9][a-z0-9-]*\\.[a-z0-9-]+\\.(aws|azure|gcp)\\.private\\.confluent\\.cloud");

  /** Suffixes owned by AWS and Azure for their own services; never linkdns's to shadow. */
  public static final List<String> CLOUD_SUFFIXES =
      List.of(
          "amazonaws.com",
          "amazonaws.com.cn",
          "amazon.com",
          "aws",
          "amazontrust.com",
          "cloudfront.net",
          "awsglobalaccelerator.com",
          "windows.net",
          "azure.com",
          "azure.net",
          "microsoft.com",
          "microsoftonline.com",
          "windowsazure.com",
          "azurewebsites.net",
          "azure-api.net",
          "azurecr.io",
          "azureedge.net",
          "azurefd.net",
          "cloudapp.net",
          "trafficmanager.net",
          "azmk8s.io",
          "azure-devices.net",
          "azuresynapse.net",
          "azurehdinsight.net",
          "azurestaticapps.net",
          "azure-automation.net",
          "msidentity.com",
          "windows.com",
          "live.com");

  public AllowedDomains {
    suffixes = List.copyOf(suffixes);
    shapes = List.copyOf(shapes);
  }

  /**
   * Reads {@code LINKDNS_ALLOWED_DOMAINS}: a comma list of suffixes, each widening to every domain
   * strictly below it; empty means Confluent's documented shapes only.
   */
  public static AllowedDomains parse(String field, String csv) {
    if (csv == null || csv.isBlank()) {
      return new AllowedDomains(List.of(), CONFLUENT_SHAPES);
    }
    String text = csv;
    List<String> out = new ArrayList<>();
    for (String raw : text.split(",")) {
      if (raw.isBlank()) {
        continue;
      }
      String s = DnsName.normalize(raw);
      if (s.startsWith("*.")) {
        s = s.substring(2);
      }
      if (s.isEmpty() || !s.matches("[a-z0-9_.-]+") || s.startsWith(".") || s.contains("..")) {
        throw new InvalidInputException(field, raw.trim(), "not a domain suffix");
      }
      if (isCloudName(s)) {
        throw new InvalidInputException(
            field,
            raw.trim(),
            "lies under a cloud provider's own service suffix "
                + cloudSuffixOf(s)
                + "; linkdns never writes there");
      }
      out.add(s);
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(field, csv, "no domain suffix given");
    }
    return new AllowedDomains(out, List.of());
  }

  public static AllowedDomains defaults() {
    return parse("LINKDNS_ALLOWED_DOMAINS", "");
  }

  /** What is allowed, in words, for messages. */
  public String describe() {
    return suffixes.isEmpty()
        ? "Confluent's private network domains (<network>.<region>.<cloud>.confluent.cloud, "
            + "<region>.<cloud>.private.confluent.cloud and access points below it)"
        : suffixes.toString();
  }

  /** A domain this allows, for rehearsing the write path. */
  public String sample() {
    return suffixes.isEmpty()
        ? "linkdns-rehearsal.us-east-1.aws.private.confluent.cloud"
        : "linkdns-rehearsal." + suffixes.get(0);
  }

  /**
   * True when linkdns may manage a zone for this (normalised) domain: strictly below an allowed
   * suffix, never the suffix itself (a zone for {@code confluent.cloud} would answer for every
   * Confluent name in the network, the public API included). The IAM ceiling in the template,
   * {@code *.<suffix>}, draws the same line.
   */
  public boolean permits(String domain) {
    if (isCloudName(domain) || shadowsConfluentNetworks(domain)) {
      return false;
    }
    return suffixes.stream().anyMatch(s -> domain.endsWith("." + s))
        || shapes.stream().anyMatch(domain::matches);
  }

  /**
   * True when a domain pattern {@code *.<domain>} stays within what is allowed (for pins): within
   * an allowed suffix, or with the defaults, within {@code private.confluent.cloud} or {@code
   * confluent.cloud} (each domain a pin later assigns is still checked by {@link #permits}).
   */
  public boolean coversPattern(String domain) {
    if (isCloudName(domain)) {
      return false;
    }
    return suffixes.isEmpty()
        ? DnsName.isWithin(domain, DEFAULT)
        : suffixes.stream().anyMatch(s -> DnsName.isWithin(domain, s));
  }

  /**
   * True for a Confluent domain above a network's: {@code confluent.cloud}, {@code
   * <cloud>.confluent.cloud}, {@code <region>.<cloud>.confluent.cloud}, {@code
   * private.confluent.cloud}, {@code <cloud>.private.confluent.cloud} (any name with fewer than
   * three labels before {@code confluent.cloud}). A zone there would answer for every Confluent
   * network (and every public cluster name) below it, so no setting allows it.
   */
  public static boolean shadowsConfluentNetworks(String domain) {
    if (!DnsName.isWithin(domain, DEFAULT)) {
      return false;
    }
    String rest =
        domain.equals(DEFAULT) ? "" : domain.substring(0, domain.length() - DEFAULT.length() - 1);
    return rest.isEmpty() || rest.split("\\.").length < 3;
  }

  /** The domain, or a {@link RefusedException} naming who asked for it and why it is refused. */
  public String require(String field, String domain, String endpointId) {
    if (isCloudName(domain)) {
      throw new RefusedException(
          field,
          domain,
          "endpoint "
              + endpointId
              + ": lies under the cloud provider's own suffix "
              + cloudSuffixOf(domain)
              + "; linkdns never shadows it");
    }
    if (shadowsConfluentNetworks(domain)) {
      throw new RefusedException(
          field,
          domain,
          "endpoint "
              + endpointId
              + ": a zone there would shadow every Confluent"
              + " network and public cluster name below it (a network's domain is <network>.<region>.<cloud>.confluent.cloud"
              + " or <region>.<cloud>.private.confluent.cloud); linkdns never creates it");
    }
    if (!permits(domain)) {
      throw new RefusedException(
          field,
          domain,
          "endpoint "
              + endpointId
              + ": not below an allowed domain "
              + describe()
              + " (LINKDNS_ALLOWED_DOMAINS; a listed suffix itself is never a zone of linkdns's)");
    }
    return domain;
  }

  private static boolean isCloudName(String domain) {
    return CLOUD_SUFFIXES.stream().anyMatch(s -> DnsName.isWithin(domain, s));
  }

  private static String cloudSuffixOf(String domain) {
    return CLOUD_SUFFIXES.stream().filter(s -> DnsName.isWithin(domain, s)).findFirst().orElse("");
  }
}
