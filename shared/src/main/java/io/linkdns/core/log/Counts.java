package io.linkdns.core.log;

import io.linkdns.core.plan.Change;
import io.linkdns.core.reconcile.Outcome;
import java.util.Map;
import java.util.TreeMap;

/**
 * One invocation's metric counts, under the metric names both functions report (README, "Logs and
 * metrics").
 */
public final class Counts {
  public static final String RECORDS_CREATED = "RecordsCreated";
  public static final String RECORDS_UPDATED = "RecordsUpdated";
  public static final String RECORDS_DELETED = "RecordsDeleted";
  public static final String CONFLICTS = "Conflicts";
  public static final String REFUSED = "Refused";
  public static final String ZONES_CREATED = "ZonesCreated";
  public static final String FAILURES = "Failures";
  public static final String EVENTS_IGNORED = "EventsIgnored";
  public static final String EVENTS_REJECTED = "EventsRejected";
  public static final String ENDPOINTS_PENDING = "EndpointsPending";
  public static final String VERIFY_RUNS = "VerifyRuns";
  public static final String VERIFY_PROBLEMS = "VerifyProblems";
  public static final String ZONES_DELETED = "ZonesDeleted";
  public static final String ZONES_REFUSED = "ZonesRefused";
  public static final String MESSAGES_NOT_STARTED = "MessagesNotStarted";
  public static final String MESSAGES_UNFINISHED = "MessagesUnfinished";

  /**
   * A sweep part the deadline stopped before the sweep's end (it continues from the queue, or the
   * next sweep).
   */
  public static final String SWEEPS_UNFINISHED = "SweepsUnfinished";

  private final Map<String, Double> values = new TreeMap<>();

  public synchronized void add(String name, double value) {
    values.merge(name, value, Double::sum);
  }

  /** Counts what one reconcile changed, met and refused, and whether it failed. */
  public synchronized void outcome(Outcome o) {
    add(RECORDS_CREATED, o.count(Change.Create.class));
    add(RECORDS_UPDATED, o.count(Change.Update.class));
    add(RECORDS_DELETED, o.count(Change.Delete.class));
    add(CONFLICTS, o.conflicts().size());
    add(REFUSED, o.refusals().size());
    if (o.zoneCreated()) {
      add(ZONES_CREATED, 1);
    }
    if (o.zoneDeleted()) {
      add(ZONES_DELETED, 1);
    }
    if (o.overZoneBudget()) {
      add(ZONES_REFUSED, 1);
    }
    if (o.status() == Outcome.Status.FAILED) {
      add(FAILURES, 1);
    }
  }

  public synchronized Map<String, Double> snapshot() {
    return Map.copyOf(values);
  }

  /** The counts so far, sorted by name, and starts again from none. */
  public synchronized Map<String, Double> drain() {
    Map<String, Double> out = new TreeMap<>(values);
    values.clear();
    return java.util.Collections.unmodifiableMap(out);
  }
}
