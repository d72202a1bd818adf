package io.linkdns.core.ownership;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.DnsName;
import java.util.ArrayList;
import java.util.List;

/**
 * The domain suffixes linkdns may create zones and records under, whatever chose the domain (tag,
 * rule or authority). The clouds' own service suffixes are refused even when configured: a private
 * zone for {@code s3.us-east-1.amazonaws.com} would take over every S3 name in the network.
 */
public record AllowedDomains(List<String> suffixes) {
  /** Confluent Cloud's private domains, the default. */
  public static final String DEFAULT = "confluent.cloud";

  /** Suffixes owned by AWS and Azure for their own services; never linkdns's to shadow. */
  public static final List<String> CLOUD_SUFFIXES = List.of(
      "amazonaws.com", "amazonaws.com.cn", "amazon.com", "aws", "amazontrust.com",
      "cloudfront.net", "awsglobalaccelerator.com",
      "windows.net", "azure.com", "azure.net", "microsoft.com", "microsoftonline.com", "windowsazure.com",
      "azurewebsites.net", "azure-api.net", "azurecr.io", "azureedge.net", "azurefd.net", "cloudapp.net",
      "trafficmanager.net", "azmk8s.io", "azure-devices.net", "azuresynapse.net", "azurehdinsight.net",
      "azurestaticapps.net", "azure-automation.net", "msidentity.com", "windows.com", "live.com");

  public AllowedDomains {
    suffixes = List.copyOf(suffixes);
  }

  /** Reads {@code LINKDNS_ALLOWED_DOMAINS}: a comma list of suffixes; empty means the default. */
  public static AllowedDomains parse(String field, String csv) {
    String text = csv == null || csv.isBlank() ? DEFAULT : csv;
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
        throw new InvalidInputException(field, raw.trim(), "lies under a cloud provider's own service suffix "
            + cloudSuffixOf(s) + "; linkdns never writes there");
      }
      out.add(s);
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(field, csv, "no domain suffix given");
    }
    return new AllowedDomains(out);
  }

  public static AllowedDomains defaults() {
    return parse("LINKDNS_ALLOWED_DOMAINS", DEFAULT);
  }

  /**
   * True when linkdns may manage a zone for this (normalised) domain: strictly below an allowed
   * suffix, never the suffix itself (a zone for {@code confluent.cloud} would answer for every
   * Confluent name in the network, the public API included). The IAM ceiling in the template,
   * {@code *.<suffix>}, draws the same line.
   */
  public boolean permits(String domain) {
    return !isCloudName(domain) && suffixes.stream().anyMatch(s -> domain.endsWith("." + s));
  }

  /** True when a domain pattern {@code *.<domain>} stays within the allowed suffixes (for pins). */
  public boolean coversPattern(String domain) {
    return !isCloudName(domain) && suffixes.stream().anyMatch(s -> DnsName.isWithin(domain, s));
  }

  /** The domain, or a {@link RefusedException} naming who asked for it and why it is refused. */
  public String require(String field, String domain, String endpointId) {
    if (isCloudName(domain)) {
      throw new RefusedException(field, domain, "endpoint " + endpointId + ": lies under the cloud provider's own suffix "
          + cloudSuffixOf(domain) + "; linkdns never shadows it");
    }
    if (!permits(domain)) {
      throw new RefusedException(field, domain, "endpoint " + endpointId + ": not below an allowed domain "
          + suffixes + " (LINKDNS_ALLOWED_DOMAINS; the suffix itself is never a zone of linkdns's)");
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
