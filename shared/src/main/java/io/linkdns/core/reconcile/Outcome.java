package io.linkdns.core.reconcile;

import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.Conflict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile of one zone did (or, in a dry run, would do), for logs, metrics and the CLI;
 * {@code pending} names the endpoints it read as pending and held, so a caller can come back later.
 */
public record Outcome(
    Status status,
    String domain,
    List<String> networks,
    Optional<String> zoneId,
    boolean zoneCreated,
    List<Change> changes,
    List<Conflict> conflicts,
    List<String> notes,
    int batches,
    Optional<String> error,
    List<String> refusals,
    List<String> pending) {

  /** How a reconcile ended. */
  public enum Status {
    IN_SYNC,
    CHANGED,
    PLANNED,
    SKIPPED,
    /**
     * What was asked for is not allowed (domain, zone, name): nothing written, the refusal is
     * logged.
     */
    REFUSED,
    FAILED
  }

  /** Note that starts the outcome of a reconcile that deleted its empty zone. */
  public static final String ZONE_DELETED = "zone deleted: ";

  /** Start of the refusal of a zone past LINKDNS_ZONE_BUDGET. */
  public static final String ZONE_BUDGET = "zone budget reached: ";

  /**
   * True when this reconcile unlinked and deleted its zone (it had stayed empty past the grace
   * period).
   */
  public boolean zoneDeleted() {
    return notes.stream().anyMatch(n -> n.startsWith(ZONE_DELETED));
  }

  /** True when a new zone was refused because its network reached LINKDNS_ZONE_BUDGET. */
  public boolean overZoneBudget() {
    return refusals.stream().anyMatch(n -> n.startsWith(ZONE_BUDGET));
  }

  public Outcome {
    networks = List.copyOf(networks);
    changes = List.copyOf(changes);
    conflicts = List.copyOf(conflicts);
    notes = List.copyOf(notes);
    refusals = List.copyOf(refusals);
    pending = List.copyOf(pending);
  }

  public Outcome(
      Status status,
      String domain,
      List<String> networks,
      Optional<String> zoneId,
      boolean zoneCreated,
      List<Change> changes,
      List<Conflict> conflicts,
      List<String> notes,
      int batches,
      Optional<String> error,
      List<String> refusals) {
    this(
        status,
        domain,
        networks,
        zoneId,
        zoneCreated,
        changes,
        conflicts,
        notes,
        batches,
        error,
        refusals,
        List.of());
  }

  public Outcome(
      Status status,
      String domain,
      List<String> networks,
      Optional<String> zoneId,
      boolean zoneCreated,
      List<Change> changes,
      List<Conflict> conflicts,
      List<String> notes,
      int batches,
      Optional<String> error) {
    this(
        status,
        domain,
        networks,
        zoneId,
        zoneCreated,
        changes,
        conflicts,
        notes,
        batches,
        error,
        List.of());
  }

  public static Outcome refused(
      String domain, List<String> networks, Optional<String> zoneId, String why) {
    return new Outcome(
        Status.REFUSED,
        domain,
        networks,
        zoneId,
        false,
        List.of(),
        List.of(),
        List.of(),
        0,
        Optional.empty(),
        List.of(why));
  }

  /**
   * The same outcome with more refusals (tags or rules overruled while the reconcile went ahead).
   */
  public Outcome withRefusals(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new java.util.ArrayList<>(refusals);
    all.addAll(more);
    return new Outcome(
        status,
        domain,
        networks,
        zoneId,
        zoneCreated,
        changes,
        conflicts,
        notes,
        batches,
        error,
        all,
        pending);
  }

  /** The same outcome, also naming these endpoints as read pending (each once, sorted). */
  public Outcome withPending(java.util.Collection<String> ids) {
    if (pending.containsAll(ids)) {
      return this;
    }
    java.util.Set<String> all = new java.util.TreeSet<>(pending);
    all.addAll(ids);
    return new Outcome(
        status,
        domain,
        networks,
        zoneId,
        zoneCreated,
        changes,
        conflicts,
        notes,
        batches,
        error,
        refusals,
        List.copyOf(all));
  }

  public static Outcome skipped(String domain, List<String> networks, String why) {
    return new Outcome(
        Status.SKIPPED,
        domain,
        networks,
        Optional.empty(),
        false,
        List.of(),
        List.of(),
        List.of(why),
        0,
        Optional.empty());
  }

  public static Outcome failed(
      String domain, List<String> networks, Optional<String> zoneId, String error) {
    return new Outcome(
        Status.FAILED,
        domain,
        networks,
        zoneId,
        false,
        List.of(),
        List.of(),
        List.of(),
        0,
        Optional.of(error));
  }

  public long count(Class<? extends Change> kind) {
    return changes.stream().filter(kind::isInstance).count();
  }

  /** A flat, JSON-friendly view for log lines and command output. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status.name());
    m.put("domain", domain);
    m.put("networks", networks);
    zoneId.ifPresent(z -> m.put("zone_id", z));
    m.put("zone_created", zoneCreated);
    m.put("creates", count(Change.Create.class));
    m.put("updates", count(Change.Update.class));
    m.put("deletes", count(Change.Delete.class));
    m.put("batches", batches);
    m.put("changes", changes.stream().map(Change::describe).toList());
    m.put("conflicts", conflicts.stream().map(Conflict::toString).toList());
    m.put("notes", notes);
    if (!refusals.isEmpty()) {
      m.put("refused", refusals);
    }
    error.ifPresent(e -> m.put("error", e));
    return m;
  }
}
