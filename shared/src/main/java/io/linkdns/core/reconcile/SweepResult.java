package io.linkdns.core.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * What one part of a sweep did, and where the sweep stands if the deadline stopped it before the
 * end.
 *
 * @param unfinished the position to resume from; empty when the sweep reached its end
 * @param done the units (zones) this part finished, reconciled or found in sync
 * @param left the units it did not reach
 */
public record SweepResult(
    List<Outcome> outcomes, Optional<SweepCursor> unfinished, int done, int left) {
  public SweepResult {
    outcomes = List.copyOf(outcomes);
  }
}
