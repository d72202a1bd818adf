package io.linkdns.core.reconcile;

import static io.linkdns.core.testing.AzureEndpointBuilder.azureEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.plan.Policy;
import io.linkdns.core.testing.AzureEndpointBuilder;
import io.linkdns.core.testing.InMemoryCatalog;
import io.linkdns.core.testing.InMemoryZones;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * A zone wired for one network's endpoints (the incumbent, vnet-1) is then linked to other networks
 * whose endpoints claim the same domain. Whatever the claimants do, however their events are
 * delayed, duplicated or lost, whenever sweeps run and writes crash: while an endpoint of vnet-1
 * lives, the zone holds exactly what vnet-1's live endpoints call for and no claimant's address or
 * id appears; records never mix networks nor move from a network while an endpoint they name is
 * alive; once vnet-1 has no endpoint left, one sweep hands the zone to one claimant network, and a
 * further sweep writes nothing. Records linkdns does not own are never touched.
 *
 * <p>The expected records are computed here from the Azure dedicated layout's definition (one
 * {@code *} A record with every address, one {@code *.az<N>} A record per zone label), not by the
 * planner.
 */
class ClaimantProperties {
  private static final String OWNER_ID = "linkdns";
  private static final String D = "p8xo76.centralus.azure.confluent.cloud";
  private static final String INCUMBENT = vnet(1);
  private static final List<String> CLAIMANT_NETWORKS = List.of(vnet(2), vnet(3));
  private static final Reconciler.Options OPTIONS =
      new Reconciler.Options(
              OWNER_ID, Policy.SYNC, true, false, new Backoff(Duration.ZERO, Duration.ZERO, 4))
          .withSealKey(io.linkdns.core.ownership.SealKey.of("test", "property-test-seal-key"));

  /** Something a person, the cloud or the scheduler does after the incumbent is wired. */
  sealed interface Op
      permits CreateClaimant, Settle, DeleteClaimant, DeleteIncumbent, Vanish, LinkThird, Sweep {}

  /** A claimant endpoint in a linked claimant network: event. Auto-approved (live) or pending. */
  record CreateClaimant(int network, int zoneLabel, boolean approved) implements Op {}

  /** Approval on the provider's side: no event. */
  record Settle(int target) implements Op {}

  record DeleteClaimant(int target) implements Op {}

  /** One of vnet-1's endpoints is deleted: event. */
  record DeleteIncumbent(int target) implements Op {}

  /** The cloud stops listing a deleted endpoint: no event. */
  record Vanish(int target) implements Op {}

  /** An operator links the zone to vnet-3 too: no event. */
  record LinkThird() implements Op {}

  record Sweep() implements Op {}

  /**
   * One delivered copy of an op's event: after how many further ops it arrives, and a tie-break.
   */
  record Copy(int delay, int order) {}

  record Step(Op op, List<Copy> copies) {}

  record Scenario(
      List<Integer> incumbentLabels,
      boolean thirdLinkedAtStart,
      List<Step> steps,
      Set<Integer> crashOnApply) {}

  private record Due(int at, int order, int seq, String endpointId) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Integer> label = Arbitraries.integers().between(1, 3);
    Arbitrary<Integer> target = Arbitraries.integers().between(0, 7);
    Arbitrary<Op> create =
        Combinators.combine(
                Arbitraries.integers().between(0, 1), label, Arbitraries.of(true, false))
            .as(CreateClaimant::new);
    @SuppressWarnings("unchecked")
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            Tuple.of(5, create),
            Tuple.of(2, target.map(Settle::new)),
            Tuple.of(1, target.map(DeleteClaimant::new)),
            Tuple.of(2, target.map(DeleteIncumbent::new)),
            Tuple.of(1, target.map(Vanish::new)),
            Tuple.of(1, Arbitraries.just(new LinkThird())),
            Tuple.of(2, Arbitraries.just(new Sweep())));
    Arbitrary<List<Copy>> copies =
        Combinators.combine(
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 99))
            .as(Copy::new)
            .list()
            .ofMaxSize(3);
    Arbitrary<List<Step>> steps =
        Combinators.combine(op, copies).as(Step::new).list().ofMinSize(1).ofMaxSize(16);
    return Combinators.combine(
            label.list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.of(true, false),
            steps,
            Arbitraries.integers().between(1, 20).set().ofMaxSize(3))
        .as(Scenario::new);
  }

  @Property(tries = 300)
  void theIncumbentKeepsTheZoneAndTheClaimantGetsItOnlyWhenTheIncumbentIsGone(
      @ForAll("scenarios") Scenario scenario) {
    World world = new World(scenario);
    world.checkInvariants("after wiring");
    assertThat(world.ours())
        .as("wired for vnet-1")
        .containsExactlyInAnyOrderElementsOf(world.expected(INCUMBENT));

    List<Due> inFlight = new ArrayList<>();
    int seq = 0;
    int base = world.zones.applyCalls();
    scenario.crashOnApply().forEach(n -> world.zones.crashOnApply(base + n));
    for (int t = 0; t < scenario.steps().size(); t++) {
      Step step = scenario.steps().get(t);
      Optional<String> event = world.perform(step.op());
      if (event.isPresent()) {
        for (Copy c : step.copies()) {
          inFlight.add(new Due(t + c.delay(), c.order(), seq++, event.get()));
        }
      }
      world.deliverDue(inFlight, t);
      world.checkInvariants("step " + t + " " + step.op());
    }
    world.deliverDue(inFlight, Integer.MAX_VALUE);
    world.zones.clearCrashes();
    world.checkInvariants("all events delivered");

    world.reconciler.sweep();
    world.checkInvariants("final sweep");

    Statistics.label("end")
        .collect(
            world.alive(INCUMBENT)
                ? "vnet-1 holds"
                : world.networksNamed().isEmpty() ? "nobody left" : "claimant took over");
    Statistics.label("claimants live at the end")
        .collect(
            world.catalog.all().stream()
                .filter(e -> !e.network().equals(INCUMBENT) && e.state() == EndpointState.LIVE)
                .count());
    if (world.alive(INCUMBENT)) {
      assertThat(world.ours())
          .as("vnet-1 still has live endpoints: its records only")
          .containsExactlyInAnyOrderElementsOf(world.expected(INCUMBENT));
    } else {
      Set<String> holders = world.networksNamed();
      List<String> liveClaimantNetworks =
          world.linkedClaimants().stream().filter(world::alive).toList();
      if (liveClaimantNetworks.isEmpty()) {
        assertThat(world.ours()).as("no live endpoint in any linked network").isEmpty();
      } else {
        assertThat(holders).as("one claimant network took the zone").hasSize(1);
        String winner = holders.iterator().next();
        assertThat(liveClaimantNetworks).contains(winner);
        assertThat(world.ours())
            .as("the zone serves %s", winner)
            .containsExactlyInAnyOrderElementsOf(world.expected(winner));
      }
    }

    List<CurrentRecord> settled = world.zones.contents(world.zone.id());
    int writes = world.zones.writes();
    world.reconciler.sweep();
    assertThat(world.zones.writes()).as("a further sweep writes nothing").isEqualTo(writes);
    assertThat(world.zones.contents(world.zone.id())).isEqualTo(settled);
  }

  /**
   * The endpoints, the zone, and a reconciler between them; knows every endpoint it ever created.
   */
  private static final class World {
    final InMemoryCatalog catalog = new InMemoryCatalog();
    final InMemoryZones zones = new InMemoryZones();
    final DomainResolver resolver =
        new DomainResolver(
            TagKeys.AZURE, List.of(), Layouts.builtIn(), Layouts.CONFLUENT_AZURE_DEDICATED);
    final Reconciler reconciler = new Reconciler(catalog, zones, resolver, OPTIONS);
    final Zone zone;

    /** Network of every endpoint ever created, by id (the catalog forgets vanished ones). */
    final Map<String, String> networkOf = new TreeMap<>();

    /** Records planted by others, by key, as they must stay. */
    final Map<String, CurrentRecord> planted = new TreeMap<>();

    private int created;
    private Map.Entry<String, Set<String>> lastHolders;

    World(Scenario s) {
      zone = zones.addZone(D, INCUMBENT);
      plant(
          RecordSet.values("legacy." + D, RecordType.A, 300, List.of("10.9.9.9")),
          Optional.empty());
      plant(RecordSet.values(D, RecordType.TXT, 300, List.of("v=spf1 -all")), Optional.empty());
      plant(
          RecordSet.values("eu." + D, RecordType.A, 60, List.of("10.8.8.8")),
          Optional.of(
              OwnerMarker.of(
                  "linkdns-eu",
                  Layouts.CONFLUENT_AZURE_DEDICATED,
                  List.of(AzureEndpointBuilder.id("pe-eu")))));
      // A record dressed as ours at a name no layout writes, naming a claimant-to-be: never ours.
      plant(
          RecordSet.values("kafka." + D, RecordType.A, 60, List.of("10.2.0.11")),
          Optional.of(
              OwnerMarker.of(
                  OWNER_ID,
                  Layouts.CONFLUENT_AZURE_DEDICATED,
                  List.of(AzureEndpointBuilder.id("pe-0001")))));
      for (int label : s.incumbentLabels()) {
        String id = add(INCUMBENT, label, EndpointState.LIVE);
        reconciler.endpoint(id, Optional.of(INCUMBENT));
      }
      zones.link(zone.id(), vnet(2));
      if (s.thirdLinkedAtStart()) {
        zones.link(zone.id(), vnet(3));
      }
    }

    private void plant(RecordSet r, Optional<OwnerMarker> owner) {
      if (owner.isPresent()) {
        zones.putOwned(zone.id(), r, owner.get());
      } else {
        zones.putForeign(zone.id(), r);
      }
      planted.put(r.key(), zones.lookup(zone.id(), r.name(), r.type()).orElseThrow());
    }

    private String add(String network, int label, EndpointState state) {
      created++;
      // vnet-1's ids sort after every claimant's: "lowest id wins" alone would hand the zone to a
      // claimant.
      String name = String.format(network.equals(INCUMBENT) ? "pe-i%04d" : "pe-%04d", created);
      int net = Integer.parseInt(network.substring(network.length() - 1));
      Endpoint e =
          azureEndpoint(name)
              .network(network)
              .domain(D)
              .zone(Integer.toString(label))
              .ip("10." + net + ".0." + (10 + created))
              .state(state)
              .build();
      catalog.put(e);
      networkOf.put(e.id(), network);
      return e.id();
    }

    Optional<String> perform(Op op) {
      if (op instanceof CreateClaimant c) {
        List<String> linked = linkedClaimants();
        String network = linked.get(c.network() % linked.size());
        return Optional.of(
            add(network, c.zoneLabel(), c.approved() ? EndpointState.LIVE : EndpointState.PENDING));
      }
      if (op instanceof Settle s) {
        pick(s.target(), e -> e.state() == EndpointState.PENDING)
            .ifPresent(e -> catalog.state(e.id(), EndpointState.LIVE));
        return Optional.empty();
      }
      if (op instanceof DeleteClaimant d) {
        Optional<Endpoint> e =
            pick(
                d.target(), x -> x.state() != EndpointState.GONE && !x.network().equals(INCUMBENT));
        e.ifPresent(x -> catalog.state(x.id(), EndpointState.GONE));
        return e.map(Endpoint::id);
      }
      if (op instanceof DeleteIncumbent d) {
        Optional<Endpoint> e =
            pick(d.target(), x -> x.state() != EndpointState.GONE && x.network().equals(INCUMBENT));
        e.ifPresent(x -> catalog.state(x.id(), EndpointState.GONE));
        return e.map(Endpoint::id);
      }
      if (op instanceof Vanish v) {
        pick(v.target(), x -> x.state() == EndpointState.GONE)
            .ifPresent(x -> catalog.remove(x.id()));
        return Optional.empty();
      }
      if (op instanceof LinkThird) {
        if (!linkedClaimants().contains(vnet(3))) {
          zones.link(zone.id(), vnet(3));
        }
        return Optional.empty();
      }
      reconciler.sweep();
      return Optional.empty();
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
          // Azure's events name the endpoint only; the reconciler finds its network.
          reconciler.endpoint(d.endpointId(), Optional.empty());
        } catch (RuntimeException crashed) {
          // the invocation died mid-way: as good as a lost event
        }
      }
    }

    /**
     * What must hold after every step: planted records as they were; our records naming endpoints
     * of one network only; none of a claimant's while vnet-1 has a live endpoint; and no move away
     * from a network while an endpoint our records named is still live or pending.
     */
    void checkInvariants(String when) {
      for (CurrentRecord p : planted.values()) {
        assertThat(zones.lookup(zone.id(), p.record().name(), p.record().type()))
            .as("%s: planted %s", when, p.record().key())
            .contains(p);
      }
      Set<String> named = namedEndpoints();
      Set<String> networks = networksNamed();
      assertThat(networks)
          .as("%s: our records name endpoints of one network only: %s", when, named)
          .hasSizeLessThanOrEqualTo(1);
      if (alive(INCUMBENT)) {
        assertThat(networks)
            .as("%s: vnet-1 lives, so only its endpoints are named", when)
            .isSubsetOf(INCUMBENT);
        Set<String> claimantAddresses =
            catalog.all().stream()
                .filter(e -> !e.network().equals(INCUMBENT))
                .flatMap(e -> e.addresses().stream())
                .collect(Collectors.toSet());
        assertThat(ours())
            .as("%s: no claimant address while vnet-1 lives", when)
            .allSatisfy(r -> assertThat(values(r.record())).noneMatch(claimantAddresses::contains));
      }
      if (lastHolders != null && !networks.isEmpty() && !networks.contains(lastHolders.getKey())) {
        List<String> stillAlive =
            lastHolders.getValue().stream()
                .filter(
                    id -> catalog.find(id).filter(e -> e.state() != EndpointState.GONE).isPresent())
                .toList();
        assertThat(stillAlive)
            .as(
                "%s: the zone moved from %s to %s while %s still lived",
                when, lastHolders.getKey(), networks, stillAlive)
            .isEmpty();
      }
      if (!networks.isEmpty()) {
        lastHolders = Map.entry(networks.iterator().next(), named);
      }
    }

    /** Our records: everything in the zone but what others planted. */
    List<CurrentRecord> ours() {
      return zones.contents(zone.id()).stream()
          .filter(r -> !planted.containsKey(r.record().key()))
          .toList();
    }

    Set<String> namedEndpoints() {
      return ours().stream()
          .flatMap(r -> r.owner().map(OwnerMarker::endpoints).orElse(new TreeSet<>()).stream())
          .collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> networksNamed() {
      return namedEndpoints().stream()
          .map(id -> networkOf.getOrDefault(id, "unknown " + id))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    List<String> linkedClaimants() {
      return zones.get(zone.id()).orElseThrow().networks().stream()
          .filter(CLAIMANT_NETWORKS::contains)
          .toList();
    }

    boolean alive(String network) {
      return catalog.inNetwork(network).stream().anyMatch(e -> e.state() == EndpointState.LIVE);
    }

    /**
     * What the Azure dedicated layout asks for from a network's live endpoints: {@code *} with all
     * their addresses, {@code *.az<N>} with the addresses of zone N's endpoints; markers naming the
     * endpoints behind each record.
     */
    List<CurrentRecord> expected(String network) {
      TreeMap<String, TreeSet<String>> addressesByName = new TreeMap<>();
      TreeMap<String, TreeSet<String>> endpointsByName = new TreeMap<>();
      for (Endpoint e : catalog.inNetwork(network)) {
        if (e.state() != EndpointState.LIVE) {
          continue;
        }
        String label = e.tags().get(TagKeys.AZURE.az());
        for (String name : List.of("*." + D, "*.az" + label + "." + D)) {
          addressesByName.computeIfAbsent(name, n -> new TreeSet<>()).addAll(e.addresses());
          endpointsByName.computeIfAbsent(name, n -> new TreeSet<>()).add(e.id());
        }
      }
      List<CurrentRecord> out = new ArrayList<>();
      addressesByName.forEach(
          (name, addresses) -> {
            RecordSet r = RecordSet.values(name, RecordType.A, 60, List.copyOf(addresses));
            out.add(
                CurrentRecord.owned(
                    r,
                    OwnerMarker.of(
                            OWNER_ID, Layouts.CONFLUENT_AZURE_DEDICATED, endpointsByName.get(name))
                        .sealedWith(OPTIONS.sealKey(), r)));
          });
      return out;
    }

    private static List<String> values(RecordSet r) {
      return r.data() instanceof RecordData.Values v ? v.values() : List.of();
    }

    private Optional<Endpoint> pick(int index, java.util.function.Predicate<Endpoint> which) {
      List<Endpoint> candidates = catalog.all().stream().filter(which).toList();
      return candidates.isEmpty()
          ? Optional.empty()
          : Optional.of(candidates.get(index % candidates.size()));
    }
  }

  private static String vnet(int n) {
    return AzureEndpointBuilder.SUBSCRIPTION
        + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-"
        + n;
  }
}
