package io.linkdns.core.reconcile;

import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.ChangeCost;
import io.linkdns.core.plan.ProviderLimits;
import java.util.List;

/**
 * The record sets of a zone with their owner markers, read and written in provider-sized atomic
 * batches. Which markers count is decided in the core ({@link
 * io.linkdns.core.ownership.RecordOwnership}), not here.
 */
public interface RecordStore {
  /** The zone's record sets, each paired with its owner marker when it has one. */
  List<CurrentRecord> records(Zone zone);

  /**
   * Applies one batch atomically where the provider allows. Throws {@link
   * ConcurrentChangeException} when a record changed since it was read, so the caller can re-read
   * and re-plan.
   */
  void apply(Zone zone, List<Change> batch);

  ProviderLimits limits();

  default ChangeCost cost() {
    return ChangeCost.COMPANION_MARKER;
  }

  /**
   * The names a record set occupies when stored (the record, and its marker where the marker is a
   * record of its own), so names too long for DNS are refused before anything is written.
   */
  default List<String> storedNames(RecordSet record) {
    return List.of(record.name());
  }
}
