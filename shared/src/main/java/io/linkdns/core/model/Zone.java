package io.linkdns.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A private DNS zone: provider id, the domain it serves, the networks it is linked to, whether it
 * was just created (and so is known to hold no records of ours), and the linkdns owner id its mark
 * names (Route 53 zone comment, Azure zone tag), when it carries one.
 */
public record Zone(String id, String domain, List<String> networks, boolean fresh, Optional<String> owner) {
  public Zone {
    networks = List.copyOf(networks);
  }

  /** A zone without a linkdns mark. */
  public Zone(String id, String domain, List<String> networks, boolean fresh) {
    this(id, domain, networks, fresh, Optional.empty());
  }

  public Zone withNetworks(List<String> linked) {
    return new Zone(id, domain, linked, fresh, owner);
  }

  public Zone stale() {
    return new Zone(id, domain, networks, false, owner);
  }
}
