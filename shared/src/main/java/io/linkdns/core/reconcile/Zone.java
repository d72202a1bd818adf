package io.linkdns.core.reconcile;

import java.util.List;

/**
 * A private DNS zone: provider id, the domain it serves, the networks it is linked to, and whether
 * it was just created (and so is known to hold no records of ours).
 */
public record Zone(String id, String domain, List<String> networks, boolean fresh) {
  public Zone {
    networks = List.copyOf(networks);
  }
}
