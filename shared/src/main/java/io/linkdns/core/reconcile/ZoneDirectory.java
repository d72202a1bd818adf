package io.linkdns.core.reconcile;

import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.ownership.ForeignZoneException;
import io.linkdns.core.model.Zone;
import java.util.List;
import java.util.Optional;

/**
 * A cloud's private zones as places: which exist for a domain and network, creating and linking
 * them, and which ones linkdns may manage. Records inside them are a {@link RecordStore}'s job.
 */
public interface ZoneDirectory {
  /**
   * The private zone for the domain that the network resolves through, if there is one, with every
   * network it is linked to and its mark, as the provider says: a zone linkdns may not use is returned
   * too, and the core refuses it ({@link ZoneOwnership#manages}). Where zone names are unique (Azure),
   * a zone linkdns may use that is not yet linked to the network is left to {@link #create}.
   */
  Optional<Zone> find(String domain, String network);

  /**
   * Creates the private zone for the domain, marked as linkdns's, and links it to the network. When
   * the provider says a zone of that name is already linked, that zone is reused only if linkdns
   * manages it (returned not fresh); otherwise {@link ForeignZoneException}, a guard against a
   * zone created by someone else between find and create.
   */
  Zone create(String domain, String network);

  /** A zone by provider id, with the networks it is linked to and its mark. */
  Optional<Zone> get(String zoneId);

  /** The private zones linkdns may manage (created by it, or adopted), for the sweep; others are not even read. */
  List<Zone> list(ZoneOwnership ours);
}
