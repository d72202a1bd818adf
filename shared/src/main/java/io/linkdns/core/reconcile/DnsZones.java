package io.linkdns.core.reconcile;

import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.ChangeCost;
import io.linkdns.core.plan.CurrentRecord;
import io.linkdns.core.plan.ProviderLimits;
import java.util.List;
import java.util.Optional;

/** Reads and writes a cloud's private DNS zones; owner markers travel with the records. */
public interface DnsZones {
  /** The private zone for the domain that the network resolves through, if there is one. */
  Optional<Zone> find(String domain, String network);

  /**
   * Creates the private zone for the domain and links it to the network. When the provider says a
   * zone of that name is already linked, that zone is reused (and linked where needed).
   */
  Zone create(String domain, String network);

  /** A zone by provider id, with the networks it is linked to. */
  Optional<Zone> get(String zoneId);

  /** Every private zone, for the sweep. */
  List<Zone> list();

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
