package io.linkdns.core.plan;

import io.linkdns.core.layout.Layout;
import io.linkdns.core.layout.RecordTemplate;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.Placement;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.ownership.Binding;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.SealKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns the live endpoints of one domain (in one network) into the record sets their layouts ask
 * for. Pure: no I/O, same input gives the same output whatever order the endpoints come in.
 */
public final class Planner {
  private final String ownerId;
  private final SealKey sealKey;

  public Planner(String ownerId) {
    this(ownerId, SealKey.NONE);
  }

  public Planner(String ownerId, SealKey sealKey) {
    this.ownerId = ownerId;
    this.sealKey = sealKey;
  }

  /** An endpoint together with what it is bound to. */
  public record Bound(Endpoint endpoint, Binding binding) {}

  /**
   * The desired record sets, notes on choices made (ambiguities, values missing), and the records
   * of rival networks, refused because the incumbent network's endpoints hold the zone's names.
   */
  public record Desired(List<DesiredRecord> records, List<String> notes, List<Conflict> conflicts) {
    public Desired {
      records = List.copyOf(records);
      notes = List.copyOf(notes);
      conflicts = List.copyOf(conflicts);
    }
  }

  /**
   * Who holds the zone's names now: the network whose live or pending endpoints back the records we
   * own, and for each owned record (by key) the endpoints its marker names.
   */
  public record Incumbents(Optional<String> network, Map<String, java.util.Set<String>> byRecord) {
    public static final Incumbents NONE = new Incumbents(Optional.empty(), Map.of());

    public Incumbents {
      byRecord = Map.copyOf(byRecord);
    }
  }

  public Desired plan(String domain, List<Bound> live) {
    return plan(domain, live, Incumbents.NONE);
  }

  /**
   * Plans the zone for one network: the incumbent network when it still has endpoints, else the
   * network of the lowest live endpoint id. Endpoints of other networks that share the zone are
   * rivals: their records become conflicts, so one network's clients are never sent to another
   * network's endpoint and the names do not flip between networks. Within the network a
   * single-target name keeps its incumbent endpoint while that endpoint lives.
   */
  public Desired plan(String domain, List<Bound> live, Incumbents incumbents) {
    List<Bound> sorted =
        live.stream().sorted(Comparator.comparing(b -> b.endpoint().id())).toList();
    Optional<String> network =
        incumbents.network().or(() -> sorted.stream().findFirst().map(b -> b.endpoint().network()));
    List<Bound> mine =
        sorted.stream()
            .filter(b -> network.map(n -> n.equals(b.endpoint().network())).orElse(true))
            .toList();
    List<Bound> rivals = sorted.stream().filter(b -> !mine.contains(b)).toList();
    Desired planned = planNetwork(domain, mine, incumbents.byRecord());
    if (rivals.isEmpty()) {
      return planned;
    }
    List<Conflict> conflicts = new ArrayList<>();
    Desired rivalPlan = planNetwork(domain, rivals, Map.of());
    for (DesiredRecord c : rivalPlan.records()) {
      RecordSet standing =
          planned.records().stream()
              .map(DesiredRecord::record)
              .filter(r -> r.name().equals(c.record().name()))
              .findFirst()
              .orElse(c.record());
      conflicts.add(
          new Conflict(
              c.record(),
              standing,
              "claimed by "
                  + c.owner().endpoints()
                  + " in "
                  + rivals.stream().map(b -> b.endpoint().network()).distinct().toList()
                  + "; the zone's names belong to "
                  + network.orElse("")
                  + (mine.isEmpty()
                      ? " (its endpoints are pending)"
                      : " "
                          + planned.records().stream()
                              .flatMap(d -> d.owner().endpoints().stream())
                              .distinct()
                              .sorted()
                              .toList())
                  + " while they live"));
    }
    return new Desired(planned.records(), planned.notes(), conflicts);
  }

  private Desired planNetwork(
      String domain, List<Bound> live, Map<String, java.util.Set<String>> incumbents) {
    List<String> notes = new ArrayList<>();
    Map<String, List<Endpoint>> byLayout = new TreeMap<>();
    Map<String, Layout> layouts = new LinkedHashMap<>();
    live.stream()
        .sorted(Comparator.comparing(b -> b.endpoint().id()))
        .forEach(
            b -> {
              layouts.putIfAbsent(b.binding().layout().name(), b.binding().layout());
              byLayout
                  .computeIfAbsent(b.binding().layout().name(), k -> new ArrayList<>())
                  .add(relabel(b.endpoint(), b.binding().az()));
            });
    if (byLayout.size() > 1) {
      notes.add(
          "endpoints of "
              + domain
              + " ask for different layouts "
              + byLayout.keySet()
              + "; where two want the same name, the layout of the lowest endpoint id wins");
    }
    Map<String, DesiredRecord> out = new LinkedHashMap<>();
    byLayout.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getValue().get(0).id()))
        .forEach(
            e -> expand(domain, layouts.get(e.getKey()), e.getValue(), out, notes, incumbents));
    List<DesiredRecord> sorted = new ArrayList<>(out.values());
    sorted.sort(
        Comparator.comparing((DesiredRecord d) -> d.record().name())
            .thenComparing(d -> d.record().type()));
    return new Desired(sorted, notes, List.of());
  }

  /**
   * An availability-az label from the binding (Azure's Confluent az number) replaces the endpoint's
   * own.
   */
  private static Endpoint relabel(Endpoint e, Optional<String> az) {
    if (az.isEmpty()) {
      return e;
    }
    List<String> addresses = e.addresses();
    Placement first = e.placements().isEmpty() ? null : e.placements().get(0);
    Placement merged =
        new Placement(
            az.get(),
            first == null ? Optional.empty() : first.zonalName(),
            first == null ? Optional.empty() : first.zonalAlias(),
            addresses);
    return e.withPlacements(List.of(merged));
  }

  private void expand(
      String domain,
      Layout layout,
      List<Endpoint> endpoints,
      Map<String, DesiredRecord> out,
      List<String> notes,
      Map<String, java.util.Set<String>> incumbents) {
    TreeSet<String> azs = new TreeSet<>();
    endpoints.forEach(
        e ->
            e.placements().stream().map(Placement::az).filter(z -> !z.isBlank()).forEach(azs::add));
    for (RecordTemplate t : layout.records()) {
      if (!t.when().holds(azs.size())) {
        continue;
      }
      if (t.perAz()) {
        for (String az : azs) {
          List<Endpoint> inAz =
              endpoints.stream()
                  .filter(e -> e.placements().stream().anyMatch(p -> p.az().equals(az)))
                  .toList();
          emit(layout, t, t.expand(domain, az), inAz, Optional.of(az), out, notes, incumbents);
        }
      } else {
        Optional<String> onlyAz = azs.size() == 1 ? Optional.of(azs.first()) : Optional.empty();
        emit(layout, t, t.expand(domain, ""), endpoints, onlyAz, out, notes, incumbents);
      }
    }
  }

  private void emit(
      Layout layout,
      RecordTemplate t,
      String name,
      List<Endpoint> endpoints,
      Optional<String> az,
      Map<String, DesiredRecord> out,
      List<String> notes,
      Map<String, java.util.Set<String>> incumbents) {
    java.util.Set<String> holders =
        incumbents.getOrDefault(name + " " + t.type(), java.util.Set.of());
    Optional<Valued> valued =
        switch (t.target()) {
          case ALL_ADDRESSES -> addresses(endpoints, Optional.empty(), t.type(), layout.ttl());
          case ZONE_ADDRESSES -> addresses(endpoints, az, t.type(), layout.ttl());
          case REGIONAL_NAME ->
              single(
                  name,
                  endpoints,
                  e -> e.regionalName().map(n -> named(layout, n)),
                  notes,
                  holders);
          case ZONAL_NAME ->
              single(
                  name,
                  endpoints,
                  e ->
                      az.flatMap(z -> placement(e, z))
                          .flatMap(Placement::zonalName)
                          .map(n -> named(layout, n)),
                  notes,
                  holders);
          case REGIONAL_ALIAS ->
              single(
                  name,
                  endpoints,
                  e -> e.regionalAlias().map(RecordData.Alias::new),
                  notes,
                  holders);
          case ZONAL_ALIAS ->
              single(
                  name,
                  endpoints,
                  e ->
                      az.flatMap(z -> placement(e, z))
                          .flatMap(Placement::zonalAlias)
                          .map(RecordData.Alias::new),
                  notes,
                  holders);
        };
    if (valued.isEmpty()) {
      notes.add(
          "no value yet for "
              + name
              + " "
              + t.type()
              + " ("
              + t.target().text()
              + ") from "
              + endpoints.stream().map(Endpoint::id).toList());
      return;
    }
    Valued v = valued.get();
    RecordSet record = new RecordSet(name, t.type(), v.data());
    DesiredRecord d =
        new DesiredRecord(
            record,
            OwnerMarker.of(ownerId, layout.name(), v.endpoints()).sealedWith(sealKey, record));
    String key = record.name();
    for (DesiredRecord existing : out.values()) {
      if (existing.record().name().equals(key)
          && (existing.record().type() == record.type()
              || existing.record().type() == RecordType.CNAME
              || record.type() == RecordType.CNAME)) {
        notes.add(
            "layout "
                + layout.name()
                + " also wants "
                + record.key()
                + "; kept "
                + existing.record().key()
                + " from layout "
                + existing.owner().layout());
        return;
      }
    }
    out.put(record.key(), d);
  }

  private record Valued(RecordData data, List<String> endpoints) {}

  private static RecordData named(Layout layout, String target) {
    return new RecordData.Values(layout.ttl(), List.of(target));
  }

  private static Optional<Placement> placement(Endpoint e, String az) {
    return e.placements().stream().filter(p -> p.az().equals(az)).findFirst();
  }

  private static Optional<Valued> addresses(
      List<Endpoint> endpoints, Optional<String> az, RecordType type, long ttl) {
    TreeSet<String> values = new TreeSet<>();
    List<String> contributors = new ArrayList<>();
    for (Endpoint e : endpoints) {
      List<String> mine =
          e.placements().stream()
              .filter(p -> az.map(z -> z.equals(p.az())).orElse(true))
              .flatMap(p -> p.addresses().stream())
              .filter(a -> type == RecordType.AAAA ? a.contains(":") : !a.contains(":"))
              .toList();
      if (!mine.isEmpty()) {
        values.addAll(mine);
        contributors.add(e.id());
      }
    }
    return values.isEmpty()
        ? Optional.empty()
        : Optional.of(new Valued(new RecordData.Values(ttl, List.copyOf(values)), contributors));
  }

  /**
   * A CNAME or alias holds one target: the incumbent keeps it while it has one, else the lowest
   * endpoint id that has one; say so if others wanted it too.
   */
  private static Optional<Valued> single(
      String name,
      List<Endpoint> endpoints,
      Function<Endpoint, Optional<RecordData>> pick,
      List<String> notes,
      java.util.Set<String> holders) {
    List<Endpoint> having = endpoints.stream().filter(e -> pick.apply(e).isPresent()).toList();
    if (having.isEmpty()) {
      return Optional.empty();
    }
    Endpoint chosen =
        having.stream().filter(e -> holders.contains(e.id())).findFirst().orElse(having.get(0));
    having = new ArrayList<>(having);
    having.remove(chosen);
    having.add(0, chosen);
    if (having.size() > 1) {
      notes.add(
          name
              + " can point at one target only; chose "
              + chosen.id()
              + " over "
              + having.subList(1, having.size()).stream().map(Endpoint::id).toList());
    }
    return Optional.of(new Valued(pick.apply(chosen).get(), List.of(chosen.id())));
  }
}
