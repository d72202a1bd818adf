package io.linkdns.core.reconcile;

import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.ChangeCost;
import io.linkdns.core.plan.CurrentRecord;
import io.linkdns.core.plan.ProviderLimits;
import java.util.List;
import java.util.Optional;

/** Reads and writes a cloud's private DNS zones; owner markers travel with the records. */
public interface DnsZones {
  /** The private zone for the domain that the network resolves through, if there is one, with every network it is linked to and its mark. */
  Optional<Zone> find(String domain, String network);

  /**
   * Creates the private zone for the domain, marked as linkdns's, and links it to the network. When
   * the provider says a zone of that name is already linked, that zone is reused only if linkdns
   * manages it (returned not fresh); otherwise {@link ForeignZoneException}.
   */
  Zone create(String domain, String network);

  /** A zone by provider id, with the networks it is linked to. */
  Optional<Zone> get(String zoneId);

  /** The private zones linkdns may manage (created by it, or adopted), for the sweep; others are not even read. */
  List<Zone> list(ZoneOwnership ours);

  /**
   * The names a record set occupies when stored (the record, and its marker where the marker is a
   * record of its own), so names too long for DNS are refused before anything is written.
   */
  default List<String> storedNames(io.linkdns.core.model.RecordSet record) {
    return List.of(record.name());
  }

  /** The zone's record sets, each paired with its owner marker when it has one. */
  List<CurrentRecord> records(Zone zone);

  /**
   * Applies one batch atomically where the provider allows. Throws {@link ConcurrentChangeException}
   * when a record changed since it was read, so the caller can re-read and re-plan.
   */
  void apply(Zone zone, List<Change> batch);

  ProviderLimits limits();

  default ChangeCost cost() {
    return ChangeCost.COMPANION_MARKER;
  }
}
