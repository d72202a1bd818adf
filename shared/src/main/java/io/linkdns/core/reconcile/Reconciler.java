package io.linkdns.core.reconcile;

import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.Binding;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.ForeignZoneException;
import io.linkdns.core.ownership.RecordOwnership;
import io.linkdns.core.ownership.RefusedException;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.ownership.ZoneMark;
import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.plan.Batcher;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.Conflict;
import io.linkdns.core.plan.DesiredRecord;
import io.linkdns.core.plan.Differ;
import io.linkdns.core.plan.Plan;
import io.linkdns.core.plan.Planner;
import io.linkdns.core.plan.Policy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Converges private DNS zones to the endpoints that feed them. Every trigger (an endpoint event, a
 * DNS change by someone else, the scheduled sweep, the command line) ends in the same
 * read-plan-diff-apply cycle, so lost, repeated or reordered events are harmless.
 */
public final class Reconciler {
  private final EndpointCatalog catalog;
  private final DnsZones zones;
  private final DomainResolver resolver;
  private final Options options;
  private final Planner planner;
  private final Differ differ;
  private final ZoneOwnership ownership;
  private final RecordOwnership registry;

  /**
   * Where the event says it comes from (an account), for messages about endpoints not found; "" if
   * it says nothing.
   */
  private final String asked;

  /**
   * One sweep part's count of new zones per network, read from DNS once per network (see {@link
   * #overBudget}).
   */
  private final Optional<Ledger> ledger;

  /** Who we are, what we may change, whether we may create zones, and whether to write at all. */
  public record Options(
      String ownerId,
      Policy policy,
      boolean createZones,
      boolean dryRun,
      Backoff backoff,
      List<String> adoptedZones,
      SealKey sealKey,
      ZoneLifecycle lifecycle) {
    public Options {
      adoptedZones = List.copyOf(adoptedZones);
    }

    public Options(
        String ownerId,
        Policy policy,
        boolean createZones,
        boolean dryRun,
        Backoff backoff,
        List<String> adoptedZones,
        SealKey sealKey) {
      this(
          ownerId,
          policy,
          createZones,
          dryRun,
          backoff,
          adoptedZones,
          sealKey,
          ZoneLifecycle.DEFAULT);
    }

    public Options(
        String ownerId,
        Policy policy,
        boolean createZones,
        boolean dryRun,
        Backoff backoff,
        List<String> adoptedZones) {
      this(ownerId, policy, createZones, dryRun, backoff, adoptedZones, SealKey.NONE);
    }

    public Options(
        String ownerId, Policy policy, boolean createZones, boolean dryRun, Backoff backoff) {
      this(ownerId, policy, createZones, dryRun, backoff, List.of());
    }

    public Options withDryRun(boolean dry) {
      return new Options(
          ownerId, policy, createZones, dry, backoff, adoptedZones, sealKey, lifecycle);
    }

    public Options withSealKey(SealKey key) {
      return new Options(
          ownerId, policy, createZones, dryRun, backoff, adoptedZones, key, lifecycle);
    }

    public Options withLifecycle(ZoneLifecycle zones) {
      return new Options(
          ownerId, policy, createZones, dryRun, backoff, adoptedZones, sealKey, zones);
    }

    public ZoneOwnership ownership() {
      return new ZoneOwnership(ownerId, adoptedZones);
    }
  }

  public Reconciler(
      EndpointCatalog catalog, DnsZones zones, DomainResolver resolver, Options options) {
    this(catalog, zones, resolver, options, "");
  }

  private Reconciler(
      EndpointCatalog catalog,
      DnsZones zones,
      DomainResolver resolver,
      Options options,
      String asked) {
    this(catalog, zones, resolver, options, asked, Optional.empty());
  }

  private Reconciler(
      EndpointCatalog catalog,
      DnsZones zones,
      DomainResolver resolver,
      Options options,
      String asked,
      Optional<Ledger> ledger) {
    this.ledger = ledger;
    this.asked = asked;
    this.catalog = catalog;
    this.zones = zones;
    this.resolver = resolver;
    this.options = options;
    this.planner = new Planner(options.ownerId(), options.sealKey());
    this.differ = new Differ(options.ownerId(), options.policy());
    this.ownership = options.ownership();
    this.registry = new RecordOwnership(options.ownerId(), resolver.layouts(), options.sealKey());
  }

  /** The options this reconciler runs with (the seal key included). */
  public Options options() {
    return options;
  }

  /**
   * Reconciles the zone an endpoint belongs to. The network hint (from the event) saves a lookup
   * when right.
   */
  public Outcome endpoint(String endpointId, Optional<String> networkHint) {
    Optional<Endpoint> found = Optional.empty();
    List<Endpoint> neighbours = List.of();
    // Ids compare without case: Azure resource ids are case-insensitive, AWS ids are lower case
    // anyway.
    if (networkHint.isPresent()) {
      neighbours = catalog.inNetwork(networkHint.get());
      found = neighbours.stream().filter(e -> e.id().equalsIgnoreCase(endpointId)).findFirst();
    }
    if (found.isEmpty()) {
      Optional<String> network = catalog.networkOf(endpointId);
      if (network.isPresent()) {
        neighbours = catalog.inNetwork(network.get());
        found = neighbours.stream().filter(e -> e.id().equalsIgnoreCase(endpointId)).findFirst();
      }
      if (found.isEmpty()) {
        return Outcome.skipped(
            "",
            List.of(),
            "endpoint "
                + endpointId
                + " is not known to the cloud"
                + where()
                + "; the sweep removes any records that still name it");
      }
    }
    Endpoint endpoint = found.get();
    Outcome outcome = endpoint(endpoint, neighbours);
    // Its state as read travels with the outcome: the caller asks again later while it is pending.
    return endpoint.state() == EndpointState.PENDING
        ? outcome.withPending(List.of(endpoint.id()))
        : outcome;
  }

  private Outcome endpoint(Endpoint endpoint, List<Endpoint> neighbours) {
    Optional<Binding> binding;
    try {
      binding = resolver.bind(endpoint);
    } catch (RefusedException e) {
      return Outcome.refused("", List.of(endpoint.network()), Optional.empty(), e.getMessage());
    } catch (InvalidInputException e) {
      return Outcome.failed("", List.of(endpoint.network()), Optional.empty(), e.getMessage());
    }
    if (binding.isEmpty()) {
      return Outcome.skipped(
          "",
          List.of(endpoint.network()),
          "endpoint "
              + endpoint.id()
              + " has no domain tag and matches no rule (service "
              + endpoint.service()
              + ")");
    }
    return guarded(
        binding.get().domain(), List.of(endpoint.network()), neighbours, Optional.empty());
  }

  /**
   * An endpoint whose tags changed: its zone as usual, then the other zones of ours its network
   * resolves through whose markers still name it (under the domain it had), so the records it
   * backed there go in the same invocation and not at the next sweep. Costs the network's zones,
   * not the account's.
   */
  public List<Outcome> retagged(String endpointId, Optional<String> networkHint) {
    Outcome current = endpoint(endpointId, networkHint);
    List<Outcome> out = new ArrayList<>(List.of(current));
    // An outcome names the endpoint's own network first, then the other networks of its zone.
    // Records the
    // endpoint backed are in zones linked to its own network; the others' zones (a hub linked to
    // every zone) are not read.
    for (String network : current.networks().stream().limit(1).toList()) {
      for (Zone z : zones.linkedTo(network, ownership)) {
        if (z.domain().equals(current.domain())) {
          continue;
        }
        Deadline.current().check("zones of " + network + " after a tag change of " + endpointId);
        boolean names =
            zones.records(z).stream()
                .anyMatch(
                    r ->
                        r.owner()
                            .map(o -> o.endpoints().stream().anyMatch(endpointId::equalsIgnoreCase))
                            .orElse(false));
        if (names) {
          out.add(zone(z));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The live endpoints among these that are bound to the domain, as the planner sees them (verify
   * uses them).
   */
  public List<Planner.Bound> live(String domain, List<Endpoint> endpoints) {
    List<Planner.Bound> out = new ArrayList<>();
    for (Endpoint e : endpoints) {
      Optional<Binding> b = resolver.bind(e);
      if (e.state() == EndpointState.LIVE && b.isPresent() && b.get().domain().equals(domain)) {
        out.add(new Planner.Bound(e, b.get()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * An endpoint was deleted. Where the cloud still lists it (deleting, deleted), its network is
   * reconciled as usual; one the cloud no longer knows cannot name its network, so the zones of
   * ours whose owner markers name it are reconciled instead.
   */
  public List<Outcome> deleted(String endpointId) {
    return deleted(List.of(endpointId));
  }

  /** Endpoints were deleted: see {@link #deleted(Collection, ZoneScan)}, with a scan of its own. */
  public List<Outcome> deleted(Collection<String> endpointIds) {
    return deleted(endpointIds, new ZoneScan());
  }

  /**
   * Endpoints were deleted. Those the cloud still lists are reconciled in their networks; for those
   * it no longer knows, the zones of ours whose markers name any of them are reconciled, each once.
   * The zones are read once per scan however many ids arrive (one scan per invocation), so a delete
   * event full of made-up ids costs one pass over our zones, not one per id. Stops at the current
   * deadline.
   */
  public List<Outcome> deleted(Collection<String> endpointIds, ZoneScan scan) {
    Deadline deadline = Deadline.current();
    // Ids compare without case (Azure's resource ids), but travel as given.
    Map<String, String> distinct = new LinkedHashMap<>();
    endpointIds.forEach(id -> distinct.putIfAbsent(id.toLowerCase(Locale.ROOT), id));
    List<String> ids = List.copyOf(distinct.values());
    Map<String, String> known = catalog.networksOf(ids);
    List<Outcome> out = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String id : ids) {
      String network =
          known.entrySet().stream()
              .filter(k -> k.getKey().equalsIgnoreCase(id))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
      if (network == null) {
        unknown.add(id);
      } else {
        deadline.check("reconciling deleted endpoint " + id);
        out.add(endpoint(id, Optional.of(network)));
      }
    }
    Set<String> named = new TreeSet<>();
    Set<String> refused = new TreeSet<>();
    for (String id : unknown) {
      for (Zone z : scan.naming(id, zones, ownership, deadline)) {
        named.add(id);
        if (!catalog.holdsEndpointsOfAsker(z.networks())) {
          if (refused.add(z.id())) {
            out.add(
                Outcome.refused(
                    z.domain(),
                    z.networks(),
                    Optional.of(z.id()),
                    "zone "
                        + z.id()
                        + " holds records naming endpoint "
                        + id
                        + ", but none of its networks holds endpoints of the event's sender"
                        + where()
                        + "; left to that endpoint's own account and the sweep"));
          }
          continue;
        }
        if (scan.firstVisit(z.id())) {
          deadline.check("reconciling zone " + z.id() + " after deleted endpoints");
          out.add(zone(z));
        }
      }
    }
    List<String> nowhere = unknown.stream().filter(id -> !named.contains(id)).toList();
    if (!nowhere.isEmpty()) {
      out.add(
          Outcome.skipped(
              "",
              List.of(),
              (nowhere.size() == 1
                      ? "endpoint " + nowhere.get(0)
                      : nowhere.size()
                          + " endpoints ("
                          + String.join(", ", nowhere.subList(0, Math.min(5, nowhere.size())))
                          + (nowhere.size() > 5 ? ", ..." : "")
                          + ")")
                  + (nowhere.size() == 1 ? " is" : " are")
                  + " not known to the cloud"
                  + where()
                  + " and no zone holds records naming "
                  + (nowhere.size() == 1 ? "it" : "them")));
    }
    return List.copyOf(out);
  }

  /**
   * This reconciler for an event that says where it comes from (e.g. "account 123456789012"):
   * messages about endpoints the cloud does not know name it next to the catalog's own region or
   * subscription.
   */
  public Reconciler asking(String where) {
    return new Reconciler(catalog, zones, resolver, options, where);
  }

  private String where() {
    String where =
        Stream.of(asked, catalog.where())
            .filter(w -> !w.isEmpty())
            .collect(Collectors.joining(", "));
    return where.isEmpty() ? "" : " (" + where + ")";
  }

  /** Reconciles a zone by provider id: used when someone else changed a record in it. */
  public Outcome zone(String zoneId) {
    Optional<Zone> zone = zones.get(zoneId);
    if (zone.isEmpty()) {
      return Outcome.skipped("", List.of(), "zone " + zoneId + " does not exist or is not private");
    }
    return zone(zone.get());
  }

  private Outcome zone(Zone read) {
    String zoneId = read.id();
    Optional<Zone> zone = Optional.of(read);
    if (!ownership.manages(zone.get())) {
      return Outcome.skipped(
          zone.get().domain(),
          List.of(),
          "zone "
              + zoneId
              + " is not linkdns's (not created by owner="
              + options.ownerId()
              + ", not in LINKDNS_ZONES); left alone");
    }
    if (zone.get().networks().isEmpty()) {
      // Linked only to networks another installation (another region) looks after: not ours to
      // judge.
      return Outcome.skipped(
          zone.get().domain(),
          List.of(),
          "zone " + zoneId + " is linked to no network this function manages");
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (String network : zone.get().networks()) {
      endpoints.addAll(catalog.inNetwork(network));
    }
    return guarded(zone.get().domain(), zone.get().networks(), endpoints, zone);
  }

  /**
   * Reconciles one domain in one network, as the command line asks; the domain must be allowed like
   * any other.
   */
  public Outcome domain(String domain, String network) {
    try {
      resolver.allowed().require("--domain", domain, "(command line)");
    } catch (RefusedException e) {
      return Outcome.refused(domain, List.of(network), Optional.empty(), e.getMessage());
    }
    return guarded(domain, List.of(network), catalog.inNetwork(network), Optional.empty());
  }

  /**
   * Reconciles every zone that has matching endpoints once, then every other private zone that may
   * still hold records of ours (endpoints whose delete event never came). Failures are reported per
   * zone; one bad zone does not stop the rest. A sweep the current deadline stops before its end
   * says so in one failed outcome; the next sweep starts again.
   */
  public List<Outcome> sweep() {
    SweepResult result = sweep(SweepCursor.START);
    if (result.unfinished().isEmpty()) {
      return result.outcomes();
    }
    List<Outcome> out = new ArrayList<>(result.outcomes());
    out.add(
        Outcome.failed(
            "",
            List.of(),
            Optional.empty(),
            "sweep unfinished at the deadline: "
                + result.left()
                + " zones not reached; the next sweep starts again"));
    return List.copyOf(out);
  }

  /**
   * One part of a sweep: the units after {@code from} in the sweep's own order, until the end or
   * the current deadline. The endpoints and zones are read again, so a cursor only skips; a unit
   * the deadline cut short is not counted done and is the first of the next part. Problems found
   * before any unit (endpoints whose binding is refused) are reported by the first part only, and
   * each part reads listings once (Route 53: one call per 100 zones and per swept VPC), so a zone
   * in sync costs about one read.
   */
  public SweepResult sweep(SweepCursor from) {
    Deadline deadline = Deadline.current();
    boolean first = from.equals(SweepCursor.START);
    List<Endpoint> all = catalog.all();
    List<Outcome> outcomes = new ArrayList<>();
    // "domain network": the space sorts before any character of a name, so keys sort as (domain,
    // network).
    Map<String, List<String>> groups = new TreeMap<>();
    for (Endpoint e : all) {
      try {
        resolver
            .bind(e)
            .ifPresent(
                b ->
                    groups.putIfAbsent(
                        b.domain() + " " + e.network(), List.of(b.domain(), e.network())));
      } catch (RefusedException ex) {
        if (first) {
          outcomes.add(
              Outcome.refused("", List.of(e.network()), Optional.empty(), ex.getMessage()));
        }
      } catch (InvalidInputException ex) {
        if (first) {
          outcomes.add(Outcome.failed("", List.of(e.network()), Optional.empty(), ex.getMessage()));
        }
      }
    }
    Set<String> networks = new TreeSet<>();
    all.forEach(e -> networks.add(e.network()));
    ZoneListing listing = zones.listing(ownership, networks);
    // A zone the first pass reconciles (its domain in one of its networks) is not tried a second
    // time.
    List<Zone> rest =
        listing.ours().stream()
            .filter(
                z -> z.networks().stream().noneMatch(n -> groups.containsKey(z.domain() + " " + n)))
            .sorted(Comparator.comparing(Zone::id))
            .toList();
    Reconciler part =
        new Reconciler(
            catalog, zones, resolver, options, asked, Optional.of(new Ledger(listing, ownership)));
    int total = groups.size() + rest.size();
    int done = 0;
    int passed = 0;
    SweepCursor at = from;
    // Zones this part reconciled for their endpoints: the zone pass does not take them again with
    // the networks the listing saw before (a zone whose links the endpoint pass just re-created
    // would
    // otherwise be reconciled as if no endpoint needed it).
    Set<String> touched = new HashSet<>();
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      if (from.done(SweepCursor.Phase.ENDPOINTS, g.getKey())) {
        passed++;
        continue;
      }
      String domain = g.getValue().get(0);
      String network = g.getValue().get(1);
      Optional<Zone> known = listing.ours(domain, network);
      boolean absent = known.isEmpty() && listing.absent(domain, network);
      List<Endpoint> inNetwork = all.stream().filter(e -> e.network().equals(network)).toList();
      Optional<Outcome> o =
          deadline.expired()
              ? Optional.empty()
              : part.unlessLate(
                  () -> part.isolated(domain, List.of(network), inNetwork, known, absent));
      if (o.isEmpty()) {
        return new SweepResult(outcomes, Optional.of(at), done, total - passed - done);
      }
      outcomes.add(o.get());
      o.get().zoneId().ifPresent(touched::add);
      at = new SweepCursor(SweepCursor.Phase.ENDPOINTS, g.getKey());
      done++;
    }
    // Once per sweep, in the part that ends the endpoint pass: zones the settings share through a
    // profile are re-added to it (one listing per profile); VPCs are re-added zone by zone.
    if (!options.dryRun() && from.phase() == SweepCursor.Phase.ENDPOINTS) {
      try {
        List<String> reshared = zones.share(listing.ours());
        if (!reshared.isEmpty()) {
          outcomes.add(
              new Outcome(
                  Outcome.Status.CHANGED,
                  "",
                  List.of(),
                  Optional.empty(),
                  false,
                  List.of(),
                  List.of(),
                  reshared,
                  0,
                  Optional.empty()));
        }
      } catch (DeadlineExceededException e) {
        return new SweepResult(outcomes, Optional.of(at), done, total - passed - done);
      } catch (RuntimeException e) {
        outcomes.add(
            Outcome.failed(
                "",
                List.of(),
                Optional.empty(),
                e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
    for (Zone z : rest) {
      if (from.done(SweepCursor.Phase.ZONES, z.id()) || touched.contains(z.id())) {
        passed++;
        continue;
      }
      List<Endpoint> inNetworks =
          all.stream().filter(e -> z.networks().contains(e.network())).toList();
      Optional<Outcome> o =
          deadline.expired()
              ? Optional.empty()
              : part.unlessLate(
                  () -> part.isolated(z.domain(), z.networks(), inNetworks, Optional.of(z), false));
      if (o.isEmpty()) {
        return new SweepResult(outcomes, Optional.of(at), done, total - passed - done);
      }
      // A zone deleted by this sweep (its delete retried after a failure, or its grace over) is
      // reported too.
      if (o.get().status() != Outcome.Status.IN_SYNC
          || !o.get().conflicts().isEmpty()
          || o.get().zoneDeleted()) {
        outcomes.add(o.get());
      }
      at = new SweepCursor(SweepCursor.Phase.ZONES, z.id());
      done++;
    }
    return new SweepResult(outcomes, Optional.empty(), done, 0);
  }

  /** The unit's outcome, or empty when the deadline cut it short (it is then not done). */
  private Optional<Outcome> unlessLate(java.util.function.Supplier<Outcome> unit) {
    try {
      return Optional.of(unit.get());
    } catch (RuntimeException e) {
      if (late(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The deadline's exception, possibly wrapped by a cloud SDK, or any failure once the deadline has
   * passed: a call cut at the deadline by the SDK's own timer (set from it) is not the unit's
   * fault.
   */
  static boolean late(Throwable e) {
    if (Deadline.current().expired()) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DeadlineExceededException) {
        return true;
      }
    }
    return false;
  }

  /**
   * For the sweep: any failure (a write refused, retries exhausted) becomes this zone's outcome,
   * not the sweep's end; only the deadline stops it.
   */
  private Outcome isolated(
      String domain,
      List<String> networks,
      List<Endpoint> endpoints,
      Optional<Zone> known,
      boolean absent) {
    try {
      return guarded(domain, networks, endpoints, known, absent);
    } catch (RuntimeException e) {
      if (late(e)) {
        throw e;
      }
      return Outcome.failed(
          domain,
          networks,
          known.map(Zone::id),
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Outcome guarded(
      String domain, List<String> networks, List<Endpoint> endpoints, Optional<Zone> known) {
    return guarded(domain, networks, endpoints, known, false);
  }

  /**
   * @param absent the sweep's listing shows no zone of the domain in the network: no lookup before
   *     creating it
   */
  private Outcome guarded(
      String domain,
      List<String> networks,
      List<Endpoint> endpoints,
      Optional<Zone> known,
      boolean absent) {
    try {
      Set<String> pending = new TreeSet<>();
      return converge(domain, networks, endpoints, known, pending, absent).withPending(pending);
    } catch (RefusedException e) {
      return Outcome.refused(domain, networks, known.map(Zone::id), e.getMessage());
    } catch (ChangeRefusedException e) {
      return Outcome.failed(domain, networks, known.map(Zone::id), e.getMessage());
    } catch (InvalidInputException e) {
      return Outcome.failed(domain, networks, known.map(Zone::id), e.getMessage());
    }
  }

  /** Converges, the outcome naming the pending endpoints whose records were held as they are. */
  private Outcome converge(
      String domain, List<String> asked, List<Endpoint> endpoints, Optional<Zone> known) {
    Set<String> pending = new TreeSet<>();
    return converge(domain, asked, endpoints, known, pending, false).withPending(pending);
  }

  /**
   * @param pending filled with the ids of the pending endpoints read and held
   */
  private Outcome converge(
      String domain,
      List<String> asked,
      List<Endpoint> endpoints,
      Optional<Zone> known,
      Set<String> pending,
      boolean absent) {
    Optional<Zone> zone;
    try {
      zone = known.isPresent() || absent ? known : zones.find(domain, asked.get(0));
    } catch (ForeignZoneException e) {
      return Outcome.refused(domain, asked, Optional.empty(), e.getMessage());
    }
    if (zone.isPresent() && !ownership.manages(zone.get())) {
      return Outcome.refused(
          domain, asked, Optional.of(zone.get().id()), ownership.refusal(zone.get(), asked.get(0)));
    }
    // A zone several networks resolve through is planned over the endpoints of all of them.
    List<String> networks = new ArrayList<>(asked);
    List<Endpoint> pool = new ArrayList<>(endpoints);
    for (String n : zone.map(Zone::networks).orElse(List.of())) {
      if (!networks.contains(n)) {
        networks.add(n);
        pool.addAll(catalog.inNetwork(n));
      }
    }
    List<Planner.Bound> live = new ArrayList<>();
    Map<String, Endpoint> held = new TreeMap<>();
    List<String> notes = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (Endpoint e : pool) {
      if (!networks.contains(e.network())) {
        continue;
      }
      Optional<Binding> b;
      try {
        b = resolver.bind(e);
      } catch (InvalidInputException bad) {
        // One endpoint's bad tag must not block its neighbours; whatever records it backs stay
        // until it is fixed.
        held.put(e.id(), e);
        notes.add("endpoint " + e.id() + " ignored: " + bad.getMessage());
        continue;
      }
      if (b.isEmpty() || !b.get().domain().equals(domain)) {
        continue;
      }
      refusals.addAll(b.get().refused());
      if (e.state() == EndpointState.LIVE) {
        live.add(new Planner.Bound(e, b.get()));
      } else if (e.state() == EndpointState.PENDING) {
        held.put(e.id(), e);
        pending.add(e.id());
      }
    }

    boolean created = false;
    for (int attempt = 1; ; attempt++) {
      List<CurrentRecord> current =
          zone.isEmpty() || (zone.get().fresh() && attempt == 1)
              ? List.of()
              : zones.records(zone.get());
      RecordOwnership.Checked checked = registry.check(domain, current, pool);
      Planner.Desired desired = planner.plan(domain, live, incumbents(checked, live, held));
      List<String> allNotes = new ArrayList<>(notes);
      allNotes.addAll(desired.notes());
      allNotes.addAll(checked.notes());
      checkRecordSetSizes(desired.records());
      checkNameLengths(domain, desired.records());

      if (zone.isEmpty()) {
        if (desired.records().isEmpty()) {
          return Outcome.skipped(
                  domain,
                  networks,
                  "no zone for " + domain + " in " + networks.get(0) + " and nothing to write")
              .withRefusals(refusals);
        }
        if (!options.createZones()) {
          throw new InvalidInputException(
              "LINKDNS_CREATE_ZONES",
              "false",
              "no private zone for "
                  + domain
                  + " is linked to "
                  + networks.get(0)
                  + " and zone creation is off");
        }
        if (options.dryRun()) {
          Plan plan = differ.diff(domain, desired.records(), List.of(), held.keySet(), allNotes);
          List<String> planned = new ArrayList<>(plan.notes());
          planned.add(0, "zone " + domain + " would be created and linked to " + networks.get(0));
          return new Outcome(
              Outcome.Status.PLANNED,
              domain,
              networks,
              Optional.empty(),
              false,
              plan.changes(),
              conflicts(desired, plan),
              planned,
              0,
              Optional.empty(),
              refusals);
        }
        Optional<String> overBudget = overBudget(networks.get(0));
        if (overBudget.isPresent()) {
          return Outcome.refused(domain, networks, Optional.empty(), overBudget.get())
              .withRefusals(refusals);
        }
        try {
          zone =
              Optional.of(zones.create(domain, networks.get(0), accountOf(networks.get(0), pool)));
        } catch (ForeignZoneException e) {
          return Outcome.refused(domain, networks, Optional.empty(), e.getMessage())
              .withRefusals(refusals);
        }
        created = zone.get().fresh();
        if (created) {
          Instant at = options.lifecycle().now();
          ledger.ifPresent(l -> l.created(networks.get(0), at));
        }
        if (!created) {
          // An existing zone turned up (another writer, or ours now linked to this network too). It
          // may
          // serve other networks already: plan again over all of them, so their incumbents keep
          // their names.
          if (!ownership.manages(zone.get())) {
            return Outcome.refused(
                domain,
                networks,
                Optional.of(zone.get().id()),
                ownership.refusal(zone.get(), networks.get(0)));
          }
          return converge(domain, asked, endpoints, zone);
        }
      }
      Zone z = zone.get();
      if (attempt == 1 && !options.dryRun()) {
        // Links the operator's settings ask for that someone removed; none read missing, no call. A
        // refused link (a place that already sees another zone of the name) is reported, and the
        // records of the endpoints' own networks are still kept right.
        try {
          allNotes.addAll(zones.share(z));
        } catch (RefusedException e) {
          refusals.add(e.getMessage());
        }
      }
      Plan plan =
          differ.diff(domain, desired.records(), checked.records(), held.keySet(), allNotes);
      List<Conflict> conflicts = conflicts(desired, plan);
      if (options.dryRun()) {
        return new Outcome(
            Outcome.Status.PLANNED,
            domain,
            networks,
            Optional.of(z.id()),
            false,
            plan.changes(),
            conflicts,
            plan.notes(),
            0,
            Optional.empty(),
            refusals);
      }
      if (plan.isEmpty()) {
        List<String> settled = new ArrayList<>(plan.notes());
        settled.addAll(settle(z, domain, desired, checked, held));
        return new Outcome(
            Outcome.Status.IN_SYNC,
            domain,
            networks,
            Optional.of(z.id()),
            created,
            List.of(),
            conflicts,
            settled,
            0,
            Optional.empty(),
            refusals);
      }
      List<List<Change>> batches = Batcher.split(plan.changes(), zones.limits(), zones.cost());
      try {
        for (List<Change> batch : batches) {
          zones.apply(z, batch);
        }
        List<String> settled = new ArrayList<>(plan.notes());
        settled.addAll(settle(z, domain, desired, checked, held));
        return new Outcome(
            Outcome.Status.CHANGED,
            domain,
            networks,
            Optional.of(z.id()),
            created,
            plan.changes(),
            conflicts,
            settled,
            batches.size(),
            Optional.empty(),
            refusals);
      } catch (ConcurrentChangeException e) {
        if (attempt >= options.backoff().maxAttempts()) {
          throw e;
        }
        options.backoff().sleep(attempt);
        zone = Optional.of(z.stale());
      }
    }
  }

  /** The account that owns the network, as its endpoints' cloud reports it. */
  private static Optional<String> accountOf(String network, List<Endpoint> endpoints) {
    return endpoints.stream()
        .filter(e -> e.network().equals(network))
        .map(Endpoint::account)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /**
   * A new zone for the network counts against {@code LINKDNS_ZONE_BUDGET}: the zones of ours linked
   * to it that were created in the last hour, read from DNS, so a flood of endpoints or tag flips
   * cannot make unbounded zones. Past the budget the reconcile is refused; the sweep picks the
   * domain up later.
   */
  private Optional<String> overBudget(String network) {
    ZoneLifecycle lifecycle = options.lifecycle();
    Instant now = lifecycle.now();
    Instant since = now.minus(ZoneLifecycle.WINDOW);
    List<Instant> recent =
        ledger.isPresent()
            ? ledger
                .get()
                .recent(network, since, () -> zones.createdSince(network, ownership, since))
            : zones.createdSince(network, ownership, since);
    if (recent.size() < lifecycle.budget()) {
      return Optional.empty();
    }
    Instant frees =
        recent.stream().min(Comparator.naturalOrder()).orElse(now).plus(ZoneLifecycle.WINDOW);
    return Optional.of(
        Outcome.ZONE_BUDGET
            + network
            + " got "
            + recent.size()
            + " new zones in the last hour"
            + " (LINKDNS_ZONE_BUDGET="
            + lifecycle.budget()
            + "); the next one can be created from "
            + frees
            + ", when the sweep picks it up");
  }

  /**
   * After a reconcile, a zone this installation created (never an adopted one) that holds nothing
   * of ours and nothing of anyone else's, and that no live or pending endpoint needs, is marked
   * empty; once it has stayed so for {@code LINKDNS_ZONE_GRACE_MINUTES} it is unlinked and deleted.
   * A zone that gets records again loses the mark. The adapter reads the zone again before deleting
   * it and keeps it if anything was written meanwhile.
   */
  private List<String> settle(
      Zone z,
      String domain,
      Planner.Desired desired,
      RecordOwnership.Checked checked,
      Map<String, Endpoint> held) {
    Optional<ZoneMark> mark = ZoneOwnership.markOf(z);
    if (options.dryRun()
        || mark.isEmpty()
        || !ownership.created(z)
        || ownership.adopts(z.id(), z.domain())
        || options.policy() != Policy.SYNC) {
      return List.of();
    }
    boolean empty =
        desired.records().isEmpty()
            && held.isEmpty()
            && checked.records().stream()
                .allMatch(
                    c ->
                        c.ownedBy(options.ownerId())
                            || (c.record().type() == RecordType.OTHER
                                && c.record().name().equals(domain)));
    Instant now = options.lifecycle().now();
    Optional<Instant> since = mark.get().emptySince();
    if (!empty) {
      if (since.isPresent()) {
        zones.remark(z, mark.get().notEmpty());
      }
      return List.of();
    }
    Duration grace = options.lifecycle().grace();
    if (!grace.isZero() && since.isEmpty()) {
      zones.remark(z, mark.get().emptySince(now));
      return List.of(
          "zone "
              + z.id()
              + " holds nothing of ours from "
              + now.truncatedTo(ChronoUnit.SECONDS)
              + "; it is deleted after LINKDNS_ZONE_GRACE_MINUTES="
              + grace.toMinutes()
              + " unless an endpoint needs it again");
    }
    if (!grace.isZero() && since.get().plus(grace).isAfter(now)) {
      return List.of(
          "zone "
              + z.id()
              + " empty since "
              + since.get()
              + "; deleted from "
              + since.get().plus(grace));
    }
    try {
      zones.delete(z);
    } catch (ForeignZoneException e) {
      return List.of("zone " + z.id() + " not deleted: " + e.getMessage());
    }
    return List.of(
        Outcome.ZONE_DELETED
            + z.id()
            + " ("
            + domain
            + ") unlinked from "
            + z.networks()
            + " and deleted"
            + since.map(t -> ", empty since " + t).orElse(""));
  }

  private static List<Conflict> conflicts(Planner.Desired desired, Plan plan) {
    List<Conflict> all = new ArrayList<>(desired.conflicts());
    all.addAll(plan.conflicts());
    return all;
  }

  /**
   * The network that holds the zone's names: that of the live or pending endpoints our records'
   * markers name (lowest id first), and per record the endpoints behind it.
   */
  private Planner.Incumbents incumbents(
      RecordOwnership.Checked checked, List<Planner.Bound> live, Map<String, Endpoint> held) {
    Map<String, Set<String>> byRecord = checked.incumbents(options.ownerId());
    Map<String, String> networkOf = new TreeMap<>();
    live.forEach(b -> networkOf.put(b.endpoint().id(), b.endpoint().network()));
    held.values().forEach(e -> networkOf.putIfAbsent(e.id(), e.network()));
    TreeSet<String> holders = new TreeSet<>();
    byRecord
        .values()
        .forEach(ids -> ids.stream().filter(networkOf::containsKey).forEach(holders::add));
    Optional<String> network =
        holders.isEmpty() ? Optional.empty() : Optional.of(networkOf.get(holders.first()));
    return new Planner.Incumbents(network, byRecord);
  }

  /**
   * Names (markers included) must fit DNS's 253 characters, or the provider refuses them for ever.
   */
  private void checkNameLengths(String domain, List<DesiredRecord> desired) {
    for (DesiredRecord d : desired) {
      for (String name : zones.storedNames(d.record())) {
        if (name.length() > 253) {
          throw new RefusedException(
              "domain",
              domain,
              "derives the name "
                  + name
                  + " of "
                  + name.length()
                  + " characters; DNS names are at most 253");
        }
      }
    }
  }

  private void checkRecordSetSizes(List<DesiredRecord> desired) {
    int max = zones.limits().maxValuesPerRecordSet();
    for (DesiredRecord d : desired) {
      if (d.record().data() instanceof RecordData.Values v && v.values().size() > max) {
        throw new InvalidInputException(
            "record",
            d.record().key(),
            v.values().size()
                + " values, more than the provider allows in one record set ("
                + max
                + ")");
      }
    }
  }

  /**
   * The zones of ours created per network, as one sweep part counts them: from the part's listing,
   * or read from DNS the first time a network the listing did not cover needs a new zone, then kept
   * up by the part's own creations, so the budget costs no call per new zone. Another instance's
   * creations meanwhile are seen by the next part.
   */
  private static final class Ledger {
    private final Map<String, List<Instant>> created = new java.util.HashMap<>();

    /**
     * Seeded from the sweep's listing for every network it listed whole: our zones linked there
     * carry their creation time in their mark, so those networks cost no call at all.
     */
    Ledger(ZoneListing listing, ZoneOwnership ownership) {
      listing.namesByNetwork().keySet().forEach(n -> created.put(n, new ArrayList<>()));
      for (Zone z : listing.ours()) {
        Optional<Instant> at =
            ZoneOwnership.markOf(z).filter(m -> ownership.created(z)).flatMap(ZoneMark::created);
        z.networks().stream()
            .filter(created::containsKey)
            .forEach(n -> at.ifPresent(created.get(n)::add));
      }
    }

    synchronized List<Instant> recent(
        String network, Instant since, java.util.function.Supplier<List<Instant>> read) {
      return created.computeIfAbsent(network, n -> new ArrayList<>(read.get())).stream()
          .filter(t -> !t.isBefore(since))
          .toList();
    }

    synchronized void created(String network, Instant at) {
      created.computeIfAbsent(network, n -> new ArrayList<>()).add(at);
    }
  }
}
