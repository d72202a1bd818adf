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
   * network it is linked to and its mark. May throw {@link ForeignZoneException} when a zone of that
   * name exists where linkdns would create it but is not linkdns's to use.
   */
  Optional<Zone> find(String domain, String network);

  /**
   * Creates the private zone for the domain, marked as linkdns's, and links it to the network. When
   * the provider says a zone of that name is already linked, that zone is reused only if linkdns
   * manages it (returned not fresh); otherwise {@link ForeignZoneException}.
   */
  Zone create(String domain, String network);

  /** A zone by provider id, with the networks it is linked to and its mark. */
  Optional<Zone> get(String zoneId);

  /** The private zones linkdns may manage (created by it, or adopted), for the sweep; others are not even read. */
  List<Zone> list(ZoneOwnership ours);
}
