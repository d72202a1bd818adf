package io.linkdns.core.ownership;

import io.linkdns.core.model.DnsName;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A configuration rule: endpoints whose service (AWS service name, Azure Private Link service alias
 * or resource id) matches {@code service}, optionally only in networks matching {@code network},
 * belong to {@code domain}. Patterns are globs where '*' matches any run of characters.
 *
 * <p>A rule also pins its domain to its service: a tag naming that domain (or, for a domain glob
 * such as {@code *.us-east-2.aws.confluent.cloud}, any domain it matches) is honoured only on
 * endpoints the rule matches, and so is a tag naming a parent of the pinned names. A rule whose
 * domain is a glob only pins; a tag picks the domain.
 */
public record DomainRule(
    String service,
    Optional<String> network,
    String domain,
    Optional<String> layout,
    Optional<String> az) {

  public boolean matches(String endpointService, String endpointNetwork) {
    return glob(service).matcher(endpointService).matches()
        && network.map(n -> glob(n).matcher(endpointNetwork).matches()).orElse(true);
  }

  /** True when the rule names one domain and so assigns it, not only pins a pattern. */
  public boolean assigns() {
    return !domain.contains("*");
  }

  /**
   * True when the rule reserves this (normalised) domain for its own service: the domain it names
   * or matches, and any domain at or above the reserved names, because a zone answers for every
   * name under it (a zone {@code us-east-2.aws.confluent.cloud} would take over every name a pin
   * {@code *.us-east-2.aws.confluent.cloud} reserves that has no zone of its own).
   */
  public boolean pins(String normalisedDomain) {
    String d = DnsName.normalize(domain);
    String reserved = assigns() ? d : d.substring(2);
    return (assigns() ? d.equals(normalisedDomain) : glob(d).matcher(normalisedDomain).matches())
        || DnsName.isWithin(reserved, normalisedDomain);
  }

  private static Pattern glob(String pattern) {
    String re =
        Arrays.stream(pattern.split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*"));
    return Pattern.compile(re, Pattern.CASE_INSENSITIVE);
  }
}
