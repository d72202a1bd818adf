package io.linkdns.core.ownership;

import java.util.Optional;

/**
 * An authority's word on one endpoint: the domain it serves, whether it is a dedicated network
 * (wildcard plus per-zone records) or a single-wildcard enterprise endpoint, the zone label where
 * the authority fixes it (Azure's Confluent zone number), where the claim came from (for logs), and
 * the DNS resolution mode the service expects (Confluent's PRIVATE or CHASED_PRIVATE), when known.
 */
public record Claim(
    String domain, Kind kind, Optional<String> az, String source, Optional<String> resolution) {
  /** Which of the cloud's two Confluent layouts the endpoint gets unless a tag picks a variant. */
  public enum Kind {
    DEDICATED,
    ENTERPRISE
  }
}
