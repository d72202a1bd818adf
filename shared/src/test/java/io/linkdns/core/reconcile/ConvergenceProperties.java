package io.linkdns.core.reconcile;

import static io.linkdns.core.testing.AwsEndpointBuilder.awsEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.plan.Planner;
import io.linkdns.core.plan.Policy;
import io.linkdns.core.testing.AwsEndpointBuilder;
import io.linkdns.core.testing.InMemoryCatalog;
import io.linkdns.core.testing.InMemoryZones;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever endpoints are created, modified (a subnet added or removed) and deleted, and however the
 * resulting events are delayed, reordered, duplicated or lost (or a write crashes halfway), once
 * the delivered events are processed and one sweep has run, every zone holds exactly what the
 * planner wants for the final endpoints, and the records linkdns does not own are as they were.
 */
class ConvergenceProperties {
  private static final String OWNER_ID = "linkdns";
  private static final List<String> DOMAINS =
      List.of("pr1abc.us-east-2.aws.confluent.cloud", "pr2def.us-east-2.aws.confluent.cloud");
  private static final List<String> NETWORKS = List.of("vpc-1", "vpc-2");
  private static final List<String> LAYOUTS =
      List.of("", Layouts.CONFLUENT_AWS_DEDICATED, Layouts.CONFLUENT_AWS_DEDICATED_A);
  private static final Reconciler.Options OPTIONS =
      new Reconciler.Options(
              OWNER_ID, Policy.SYNC, true, false, new Backoff(Duration.ZERO, Duration.ZERO, 4))
          .withSealKey(io.linkdns.core.ownership.SealKey.of("test", "property-test-seal-key"));

  /** Something a person or the cloud does to endpoints. */
  sealed interface Op permits Create, ToggleSubnet, Settle, Delete, Vanish {}

  /** CreateVpcEndpoint: event. Auto-accepted (available) or pendingAcceptance. */
  record Create(int domain, int network, int layout, Set<Integer> azs, boolean accepted)
      implements Op {}

  /**
   * ModifyVpcEndpoint adding or removing one subnet: event; the endpoint is pending until it
   * settles.
   */
  record ToggleSubnet(int target, int az) implements Op {}

  /** Acceptance or the end of a modification: no event reaches us. */
  record Settle(int target) implements Op {}

  /** DeleteVpcEndpoints: event; the endpoint is listed as deleted for a while. */
  record Delete(int target) implements Op {}

  /** The cloud stops listing a deleted endpoint: no event. */
  record Vanish(int target) implements Op {}

  /**
   * One delivered copy of an op's event: after how many further ops it arrives, and a tie-break
   * among arrivals.
   */
  record Copy(int delay, int order) {}

  record Step(Op op, List<Copy> copies) {}

  record Scenario(List<Step> steps, Set<Integer> crashOnApply, boolean networkHints) {}

  private record Event(String endpointId, Optional<String> network) {}

  private record Due(int at, int order, int seq, Event event) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Op> create =
        Combinators.combine(
                Arbitraries.integers().between(0, DOMAINS.size() - 1),
                Arbitraries.integers().between(0, NETWORKS.size() - 1),
                Arbitraries.integers().between(0, LAYOUTS.size() - 1),
                Arbitraries.subsetOf(1, 2, 3).ofMinSize(1),
                Arbitraries.of(true, false))
            .as(Create::new);
    Arbitrary<Integer> target = Arbitraries.integers().between(0, 7);
    Arbitrary<Op> toggle =
        Combinators.combine(target, Arbitraries.integers().between(1, 3)).as(ToggleSubnet::new);
    @SuppressWarnings("unchecked")
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            Tuple.of(4, create),
            Tuple.of(3, toggle),
            Tuple.of(2, target.map(Settle::new)),
            Tuple.of(2, target.map(Delete::new)),
            Tuple.of(1, target.map(Vanish::new)));
    Arbitrary<List<Copy>> copies =
        Combinators.combine(
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 99))
            .as(Copy::new)
            .list()
            .ofMaxSize(3);
    Arbitrary<List<Step>> steps =
        Combinators.combine(op, copies).as(Step::new).list().ofMinSize(1).ofMaxSize(14);
    return Combinators.combine(
            steps,
            Arbitraries.integers().between(1, 25).set().ofMaxSize(2),
            Arbitraries.of(true, false))
        .as(Scenario::new);
  }

  @Property(tries = 200)
  void deliveredEventsThenOneSweepConverge(@ForAll("scenarios") Scenario scenario) {
    World world = new World(scenario.networkHints());
    Map<String, List<CurrentRecord>> foreignBefore = world.foreign();
    scenario.crashOnApply().forEach(world.zones::crashOnApply);

    List<Due> inFlight = new ArrayList<>();
    int seq = 0;
    for (int t = 0; t < scenario.steps().size(); t++) {
      Step step = scenario.steps().get(t);
      Optional<Event> event = world.perform(step.op());
      if (event.isPresent()) {
        for (Copy c : step.copies()) {
          inFlight.add(new Due(t + c.delay(), c.order(), seq++, event.get()));
        }
      }
      world.deliverDue(inFlight, t);
    }
    world.settleAll();
    world.deliverDue(inFlight, Integer.MAX_VALUE);
    world.zones.clearCrashes();

    world.reconciler.sweep();

    for (Zone z : world.zones.list(ZoneOwnership.of("linkdns"))) {
      List<CurrentRecord> expected = new ArrayList<>(foreignBefore.getOrDefault(z.id(), List.of()));
      expected.addAll(world.desired(z.domain(), z.networks(), world.incumbents(z)));
      assertThat(world.zones.contents(z.id()))
          .as("zone %s %s", z.domain(), z.networks())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(world.foreign()).as("records linkdns does not own").isEqualTo(foreignBefore);
    for (String domain : DOMAINS) {
      for (String network : NETWORKS) {
        if (!world.desired(domain, List.of(network), Planner.Incumbents.NONE).isEmpty()) {
          assertThat(world.zones.find(domain, network))
              .as("zone for %s in %s", domain, network)
              .isPresent();
        }
      }
    }
  }

  /** The cloud's endpoints, the DNS zones, and a reconciler between them. */
  private static final class World {
    final InMemoryCatalog catalog = new InMemoryCatalog();
    final InMemoryZones zones = new InMemoryZones();
    final DomainResolver resolver =
        new DomainResolver(
            TagKeys.AWS, List.of(), Layouts.builtIn(), Layouts.CONFLUENT_AWS_DEDICATED);
    final Reconciler reconciler = new Reconciler(catalog, zones, resolver, OPTIONS);
    final boolean networkHints;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private int created;

    /** What the builder needs to rebuild an endpoint after a change. */
    private record Spec(
        String domain, String network, String layout, TreeSet<Integer> azs, int host) {}

    World(boolean networkHints) {
      this.networkHints = networkHints;
      String d1 = DOMAINS.get(0);
      Zone z1 = zones.addZone(d1, "vpc-1");
      zones
          .putForeign(
              z1.id(), RecordSet.values("legacy." + d1, RecordType.A, 300, List.of("10.9.9.9")))
          .putForeign(z1.id(), RecordSet.values(d1, RecordType.TXT, 300, List.of("v=spf1 -all")))
          .putForeign(
              z1.id(),
              RecordSet.values(
                  "*.use2-az9." + d1, RecordType.CNAME, 60, List.of("elsewhere.example.com")))
          .putOwned(
              z1.id(),
              RecordSet.values("eu." + d1, RecordType.A, 60, List.of("10.8.8.8")),
              OwnerMarker.of("linkdns-eu", Layouts.CONFLUENT_AWS_DEDICATED_A, List.of("vpce-0eu")));
      String d2 = DOMAINS.get(1);
      Zone z2 = zones.addZone(d2, "vpc-2");
      zones.putForeign(
          z2.id(), RecordSet.values("legacy." + d2, RecordType.A, 300, List.of("10.9.9.8")));
    }

    Optional<Event> perform(Op op) {
      if (op instanceof Create c) {
        String id = String.format("vpce-%04d", ++created);
        Spec spec =
            new Spec(
                DOMAINS.get(c.domain()),
                NETWORKS.get(c.network()),
                LAYOUTS.get(c.layout()),
                new TreeSet<>(c.azs()),
                10 + created);
        specs.put(id, spec);
        catalog.put(build(id, spec, c.accepted() ? EndpointState.LIVE : EndpointState.PENDING));
        return Optional.of(new Event(id, hint(spec.network())));
      }
      if (op instanceof ToggleSubnet t) {
        Optional<Endpoint> e = pick(t.target(), s -> s != EndpointState.GONE);
        if (e.isEmpty()) {
          return Optional.empty();
        }
        Spec spec = specs.get(e.get().id());
        TreeSet<Integer> azs = new TreeSet<>(spec.azs());
        if (!azs.remove(t.az())) {
          azs.add(t.az());
        }
        if (azs.isEmpty()) {
          return Optional.empty(); // an endpoint keeps at least one subnet
        }
        Spec changed = new Spec(spec.domain(), spec.network(), spec.layout(), azs, spec.host());
        specs.put(e.get().id(), changed);
        catalog.put(build(e.get().id(), changed, EndpointState.PENDING));
        return Optional.of(new Event(e.get().id(), hint(spec.network())));
      }
      if (op instanceof Settle s) {
        pick(s.target(), st -> st == EndpointState.PENDING)
            .ifPresent(e -> catalog.state(e.id(), EndpointState.LIVE));
        return Optional.empty();
      }
      if (op instanceof Delete d) {
        Optional<Endpoint> e = pick(d.target(), s -> s != EndpointState.GONE);
        e.ifPresent(x -> catalog.state(x.id(), EndpointState.GONE));
        return e.map(x -> new Event(x.id(), Optional.empty())); // DeleteVpcEndpoints names no VPC
      }
      Vanish v = (Vanish) op;
      pick(v.target(), s -> s == EndpointState.GONE).ifPresent(e -> catalog.remove(e.id()));
      return Optional.empty();
    }

    void settleAll() {
      catalog.all().stream()
          .filter(e -> e.state() == EndpointState.PENDING)
          .forEach(e -> catalog.state(e.id(), EndpointState.LIVE));
    }

    void deliverDue(List<Due> inFlight, int now) {
      List<Due> due =
          inFlight.stream()
              .filter(d -> d.at() <= now)
              .sorted(
                  Comparator.comparingInt(Due::at)
                      .thenComparingInt(Due::order)
                      .thenComparingInt(Due::seq))
              .toList();
      inFlight.removeAll(due);
      for (Due d : due) {
        try {
          reconciler.endpoint(d.event().endpointId(), d.event().network());
        } catch (RuntimeException crashed) {
          // the invocation died mid-way: as good as a lost event
        }
      }
    }

    /**
     * Who holds the zone's names at the end: the endpoints our markers name that are still live,
     * the network of the lowest of them, as the incumbent-wins rule says.
     */
    Planner.Incumbents incumbents(Zone z) {
      Map<String, java.util.Set<String>> byRecord = new LinkedHashMap<>();
      TreeSet<String> holders = new TreeSet<>();
      for (CurrentRecord c : zones.contents(z.id())) {
        if (c.ownedBy(OWNER_ID)) {
          byRecord.put(c.record().key(), c.owner().get().endpoints());
          c.owner().get().endpoints().stream()
              .filter(
                  id -> catalog.find(id).filter(e -> e.state() == EndpointState.LIVE).isPresent())
              .forEach(holders::add);
        }
      }
      Optional<String> network =
          holders.isEmpty()
              ? Optional.empty()
              : catalog.find(holders.first()).map(Endpoint::network);
      return new Planner.Incumbents(network, byRecord);
    }

    /**
     * Records a zone must hold: what the planner wants from the live endpoints of its domain and
     * networks.
     */
    List<CurrentRecord> desired(
        String domain, List<String> networks, Planner.Incumbents incumbents) {
      List<Planner.Bound> live = new ArrayList<>();
      for (Endpoint e : catalog.all()) {
        if (e.state() == EndpointState.LIVE && networks.contains(e.network())) {
          resolver
              .bind(e)
              .filter(b -> b.domain().equals(domain))
              .ifPresent(b -> live.add(new Planner.Bound(e, b)));
        }
      }
      return new Planner(OWNER_ID, OPTIONS.sealKey())
          .plan(domain, live, incumbents).records().stream()
              .map(d -> CurrentRecord.owned(d.record(), d.owner()))
              .toList();
    }

    /** Every record not owned by this installation, by zone. */
    Map<String, List<CurrentRecord>> foreign() {
      Map<String, List<CurrentRecord>> out = new LinkedHashMap<>();
      zones
          .snapshot()
          .forEach(
              (id, records) -> {
                List<CurrentRecord> theirs =
                    records.stream().filter(r -> !r.ownedBy(OWNER_ID)).toList();
                if (!theirs.isEmpty()) {
                  out.put(id, theirs);
                }
              });
      return out;
    }

    private Optional<String> hint(String network) {
      return networkHints ? Optional.of(network) : Optional.empty();
    }

    private Optional<Endpoint> pick(int index, java.util.function.Predicate<EndpointState> state) {
      List<Endpoint> candidates =
          catalog.all().stream().filter(e -> state.test(e.state())).toList();
      return candidates.isEmpty()
          ? Optional.empty()
          : Optional.of(candidates.get(index % candidates.size()));
    }

    private static Endpoint build(String id, Spec spec, EndpointState state) {
      AwsEndpointBuilder b =
          awsEndpoint(id)
              .domain(spec.domain())
              .network(spec.network())
              .host(spec.host())
              .state(state)
              .azs(spec.azs().stream().map(n -> "use2-az" + n).toArray(String[]::new));
      if (!spec.layout().isEmpty()) {
        b.layout(spec.layout());
      }
      return b.build();
    }
  }
}
