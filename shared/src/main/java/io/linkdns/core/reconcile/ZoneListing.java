package io.linkdns.core.reconcile;

import io.linkdns.core.model.Zone;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider's zones as the sweep reads them once, in a few listing calls: the zones linkdns may
 * manage (each with its links among the swept networks), and for each network it could list, the
 * names of all private zones it resolves through, whoever owns them. A (domain, network) the
 * listing knows to have no zone needs no lookup before its zone is created; one it cannot tell is
 * looked up.
 */
public record ZoneListing(List<Zone> ours, Map<String, Set<String>> namesByNetwork) {
  public ZoneListing {
    ours = List.copyOf(ours);
    namesByNetwork = Map.copyOf(namesByNetwork);
  }

  /** Our zone for the domain linked to the network, if the listing holds one. */
  public Optional<Zone> ours(String domain, String network) {
    return ours.stream()
        .filter(z -> z.domain().equals(domain) && z.networks().contains(network))
        .findFirst();
  }

  /** True when the network was listed and no private zone of that name is linked to it. */
  public boolean absent(String domain, String network) {
    Set<String> names = namesByNetwork.get(network);
    return names != null && !names.contains(domain);
  }
}
