package io.linkdns.core.testing;

import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.ZoneMark;
import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.ChangeCost;
import io.linkdns.core.plan.ProviderLimits;
import io.linkdns.core.reconcile.ConcurrentChangeException;
import io.linkdns.core.reconcile.DnsZones;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Private DNS zones held in memory, with the rules a real provider enforces: a batch is applied all
 * or nothing, within {@link ProviderLimits}; a create fails if the record set exists and an update
 * or delete fails unless the record set and its owner marker are exactly what the change says was
 * read (both as {@link ConcurrentChangeException}); a CNAME shares its name with nothing. Owner
 * markers are stored the way Route 53 keeps them (TXT strings of at most 255 characters) and parsed
 * back on read. Counts writes, and can be told to crash on the Nth apply.
 */
public final class InMemoryZones implements DnsZones {
  private final ProviderLimits limits;
  private final Map<String, Zone> zones = new LinkedHashMap<>();
  private final Map<String, TreeMap<String, CurrentRecord>> records = new HashMap<>();
  private final Set<Integer> crashOn = new HashSet<>();
  private final Map<Integer, Consumer<InMemoryZones>> beforeApply = new HashMap<>();
  private int nextZone = 1;
  private String zoneOwner = "linkdns";
  private java.time.Clock clock = java.time.Clock.systemUTC();
  private int applyCalls;
  private int writes;
  private int changesWritten;
  private int zonesCreated;

  public InMemoryZones() {
    this(ProviderLimits.ROUTE53);
  }

  public InMemoryZones(ProviderLimits limits) {
    this.limits = limits;
  }

  // ---- set-up and inspection, for tests ----

  /**
   * Adds an existing (not fresh) private zone linkdns created earlier, linked to the networks; not
   * counted as a write.
   */
  public synchronized Zone addZone(String domain, String... networks) {
    return add(domain, Optional.of(ZoneMark.created(zoneOwner, clock.instant()).text()), networks);
  }

  /** Adds a private zone someone else created (no linkdns mark), linked to the networks. */
  public synchronized Zone addForeignZone(String domain, String... networks) {
    return add(domain, Optional.empty(), networks);
  }

  /** Links one more network to a zone, as an operator associating a VPC or linking a VNet would. */
  public synchronized Zone link(String zoneId, String network) {
    Zone z = zones.get(zoneId);
    List<String> nets = new ArrayList<>(z.networks());
    nets.add(network);
    Zone linked = z.withNetworks(nets);
    zones.put(zoneId, linked);
    return linked;
  }

  /** The owner id marked on zones this provider creates (as the adapter would write it). */
  public synchronized InMemoryZones markZonesAs(String owner) {
    zoneOwner = owner;
    return this;
  }

  private Zone add(String domain, Optional<String> owner, String... networks) {
    Zone z =
        new Zone(
            "Z" + String.format("%04d", nextZone++),
            DnsName.normalize(domain),
            List.of(networks),
            false,
            owner);
    zones.put(z.id(), z);
    records.put(z.id(), new TreeMap<>());
    return z;
  }

  /** Puts a record set nobody owns (no marker), as a person or another tool would. */
  public synchronized InMemoryZones putForeign(String zoneId, RecordSet record) {
    zone(zoneId).put(record.key(), CurrentRecord.foreign(record));
    return this;
  }

  /**
   * Puts a record set with an owner marker, bypassing the ownership checks (someone else writing).
   */
  public synchronized InMemoryZones putOwned(String zoneId, RecordSet record, OwnerMarker owner) {
    zone(zoneId).put(record.key(), CurrentRecord.owned(record, stored(owner)));
    return this;
  }

  /** Removes a record set, bypassing the ownership checks (someone else deleting). */
  public synchronized InMemoryZones remove(String zoneId, String name, RecordType type) {
    zone(zoneId).remove(DnsName.normalize(name) + " " + type);
    return this;
  }

  /** The zone's record sets with their markers, ordered by name and type. */
  public synchronized List<CurrentRecord> contents(String zoneId) {
    return List.copyOf(zone(zoneId).values());
  }

  /** Every zone's contents by zone id. */
  public synchronized Map<String, List<CurrentRecord>> snapshot() {
    Map<String, List<CurrentRecord>> out = new TreeMap<>();
    records.forEach((id, r) -> out.put(id, List.copyOf(r.values())));
    return out;
  }

  public synchronized Optional<CurrentRecord> lookup(String zoneId, String name, RecordType type) {
    return Optional.ofNullable(zone(zoneId).get(DnsName.normalize(name) + " " + type));
  }

  /**
   * Makes the nth call of {@link #apply} (1-based, counting every call) throw before changing
   * anything.
   */
  public synchronized InMemoryZones crashOnApply(int nth) {
    crashOn.add(nth);
    return this;
  }

  public synchronized InMemoryZones clearCrashes() {
    crashOn.clear();
    return this;
  }

  /** Runs an action (typically a concurrent writer) just before the nth call of {@link #apply}. */
  public synchronized InMemoryZones beforeApply(int nth, Consumer<InMemoryZones> action) {
    beforeApply.put(nth, action);
    return this;
  }

  /** Calls of {@link #apply}, successful or not. */
  public synchronized int applyCalls() {
    return applyCalls;
  }

  /** Batches that were written. */
  public synchronized int writes() {
    return writes;
  }

  /** Changes in the batches that were written. */
  public synchronized int changesWritten() {
    return changesWritten;
  }

  public synchronized int zonesCreated() {
    return zonesCreated;
  }

  // ---- DnsZones ----

  @Override
  public synchronized Optional<Zone> find(String domain, String network) {
    String d = DnsName.normalize(domain);
    return zones.values().stream()
        .filter(z -> z.domain().equals(d) && z.networks().contains(network))
        .findFirst();
  }

  @Override
  public synchronized Zone create(String domain, String network) {
    Optional<Zone> linked = find(domain, network);
    if (linked.isPresent()) {
      return linked.get();
    }
    Zone z = addZone(domain, network);
    zonesCreated++;
    return new Zone(z.id(), z.domain(), z.networks(), true, z.mark());
  }

  @Override
  public synchronized Optional<Zone> get(String zoneId) {
    return Optional.ofNullable(zones.get(zoneId));
  }

  @Override
  public synchronized List<Zone> list(ZoneOwnership ours) {
    return zones.values().stream().filter(ours::manages).toList();
  }

  @Override
  public synchronized List<CurrentRecord> records(Zone zone) {
    return contents(zone.id());
  }

  @Override
  public synchronized void apply(Zone zone, List<Change> batch) {
    int call = ++applyCalls;
    Consumer<InMemoryZones> action = beforeApply.remove(call);
    if (action != null) {
      action.accept(this);
    }
    if (crashOn.contains(call)) {
      throw new IllegalStateException(
          "simulated crash on apply #" + call + " to zone " + zone.id());
    }
    checkLimits(batch);
    TreeMap<String, CurrentRecord> next = new TreeMap<>(zone(zone.id()));
    Set<String> touched = new HashSet<>();
    for (Change c : batch) {
      touched.add(c.record().name());
      if (c instanceof Change.Create cr) {
        if (next.containsKey(cr.record().key())) {
          throw conflict(c, "record set already exists");
        }
        next.put(cr.record().key(), CurrentRecord.owned(cr.record(), stored(cr.owner())));
      } else if (c instanceof Change.Update u) {
        if (!u.before().key().equals(u.record().key())) {
          throw new IllegalArgumentException(
              "an update may not change name or type: " + Change.describe(c));
        }
        requireUnchanged(next, c, u.before(), u.beforeOwner());
        next.put(u.record().key(), CurrentRecord.owned(u.record(), stored(u.owner())));
      } else if (c instanceof Change.Delete d) {
        requireUnchanged(next, c, d.record(), d.owner());
        next.remove(d.record().key());
      }
    }
    for (String name : touched) {
      List<CurrentRecord> atName =
          next.values().stream().filter(r -> r.record().name().equals(name)).toList();
      if (atName.size() > 1
          && atName.stream().anyMatch(r -> r.record().type() == RecordType.CNAME)) {
        throw new IllegalArgumentException(
            "a CNAME may not share its name with other records: " + atName);
      }
    }
    records.put(zone.id(), next);
    writes++;
    changesWritten += batch.size();
  }

  @Override
  public ProviderLimits limits() {
    return limits;
  }

  private void checkLimits(List<Change> batch) {
    ChangeCost cost = cost();
    int recordCount = batch.stream().mapToInt(cost::records).sum();
    int chars = batch.stream().mapToInt(cost::chars).sum();
    if (batch.isEmpty()
        || batch.size() > limits.maxChangesPerBatch()
        || recordCount > limits.maxRecordsPerBatch()
        || chars > limits.maxValueCharsPerBatch()) {
      throw new IllegalArgumentException(
          "batch of "
              + batch.size()
              + " changes, "
              + recordCount
              + " records, "
              + chars
              + " characters is outside "
              + limits);
    }
    for (Change c : batch) {
      if (c.record().data() instanceof RecordData.Values v
          && v.values().size() > limits.maxValuesPerRecordSet()) {
        throw new IllegalArgumentException("too many values in " + c.record().key());
      }
    }
  }

  private static void requireUnchanged(
      Map<String, CurrentRecord> now, Change c, RecordSet before, OwnerMarker beforeOwner) {
    CurrentRecord found = now.get(before.key());
    if (found == null) {
      throw conflict(c, "record set no longer exists");
    }
    if (!found.record().equals(before) || !found.owner().equals(Optional.of(beforeOwner))) {
      throw conflict(c, "record set or its owner changed since it was read: now " + found);
    }
  }

  private static ConcurrentChangeException conflict(Change c, String why) {
    return new ConcurrentChangeException(why + ": " + Change.describe(c), null);
  }

  /** What a reader gets back after the marker went through TXT strings. */
  private static OwnerMarker stored(OwnerMarker owner) {
    List<String> strings = new ArrayList<>(owner.strings(ChangeCost.TXT_STRING_MAX));
    for (String s : strings) {
      if (s.length() > ChangeCost.TXT_STRING_MAX) {
        throw new IllegalArgumentException("TXT string longer than 255: " + s);
      }
    }
    return OwnerMarker.parse(strings)
        .orElseThrow(() -> new IllegalStateException("marker does not parse back: " + strings));
  }

  private TreeMap<String, CurrentRecord> zone(String zoneId) {
    TreeMap<String, CurrentRecord> r = records.get(zoneId);
    if (r == null) {
      throw new IllegalArgumentException("no zone " + zoneId);
    }
    return r;
  }

  @Override
  public synchronized void remark(Zone zone, io.linkdns.core.ownership.ZoneMark mark) {
    Zone z = zones.get(zone.id());
    zones.put(z.id(), new Zone(z.id(), z.domain(), z.networks(), false, Optional.of(mark.text())));
  }

  @Override
  public synchronized void delete(Zone zone) {
    boolean holds = !records.getOrDefault(zone.id(), new TreeMap<>()).isEmpty();
    if (holds) {
      throw new io.linkdns.core.ownership.ForeignZoneException(
          "zone " + zone.id() + " is not empty; not deleted");
    }
    zones.remove(zone.id());
    records.remove(zone.id());
  }

  @Override
  public synchronized List<java.time.Instant> createdSince(
      String network, ZoneOwnership ours, java.time.Instant since) {
    return zones.values().stream()
        .filter(z -> z.networks().contains(network) && ours.created(z))
        .flatMap(
            z ->
                ZoneOwnership.markOf(z)
                    .flatMap(io.linkdns.core.ownership.ZoneMark::created)
                    .stream())
        .filter(t -> !t.isBefore(since))
        .toList();
  }

  @Override
  public synchronized List<Zone> linkedTo(String network, ZoneOwnership ours) {
    return zones.values().stream()
        .filter(z -> z.networks().contains(network) && ours.manages(z))
        .toList();
  }
}
