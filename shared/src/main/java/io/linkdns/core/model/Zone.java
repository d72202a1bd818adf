package io.linkdns.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A private DNS zone: provider id, the domain it serves, the networks it is linked to, whether it
 * was just created (and so is known to hold no records of ours), and its linkdns mark text as the
 * provider stores it (Route 53 zone comment, Azure mark tag), unparsed: the ownership package reads
 * it.
 */
public record Zone(
    String id, String domain, List<String> networks, boolean fresh, Optional<String> mark) {
  public Zone {
    networks = List.copyOf(networks);
  }

  /** A zone without a linkdns mark. */
  public Zone(String id, String domain, List<String> networks, boolean fresh) {
    this(id, domain, networks, fresh, Optional.empty());
  }

  public Zone withNetworks(List<String> linked) {
    return new Zone(id, domain, linked, fresh, mark);
  }

  public Zone stale() {
    return new Zone(id, domain, networks, false, mark);
  }
}
