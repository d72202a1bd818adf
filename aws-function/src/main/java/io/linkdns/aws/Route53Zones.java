package io.linkdns.aws;

import io.linkdns.core.model.AliasTarget;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.ForeignZoneException;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.RefusedException;
import io.linkdns.core.ownership.Revision;
import io.linkdns.core.ownership.ZoneMark;
import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.ChangeCost;
import io.linkdns.core.plan.ProviderLimits;
import io.linkdns.core.reconcile.ChangeRefusedException;
import io.linkdns.core.reconcile.ConcurrentChangeException;
import io.linkdns.core.reconcile.DnsZones;
import io.linkdns.core.reconcile.ZoneListing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ConflictingDomainExistsException;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.HostedZoneSummary;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByVpcResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;
import software.amazon.awssdk.services.route53.model.VPC;
import software.amazon.awssdk.services.route53.model.VPCRegion;

/**
 * Route 53 private hosted zones as {@link DnsZones}. Each managed record travels with a TXT owner
 * marker in the same ChangeResourceRecordSets call. Updates and deletes name the values as read, so
 * Route 53 refuses the whole batch if someone changed the record meanwhile: a compare-and-swap.
 */
public final class Route53Zones implements DnsZones {
  private final Route53Client route53;
  private final String region;
  private final String ownerId;
  private final ZoneOwnership ownership;
  private final Sharing sharing;
  private final Function<String, Route53Client> members;
  private final Optional<Route53Profiles> profiles;
  private final Supplier<String> hubAccount;

  /** A single-account installation: zones are linked to their endpoints' VPCs only. */
  public Route53Zones(Route53Client route53, String region, ZoneOwnership ownership) {
    this(
        route53,
        region,
        ownership,
        Sharing.NONE,
        account -> {
          throw new RefusedException(
              "account",
              account,
              "is not the account linkdns runs in, and no member accounts are configured");
        },
        Optional.empty(),
        () -> "");
  }

  /**
   * @param sharing where the operator's settings make zones resolvable besides their endpoints'
   *     VPCs
   * @param members Route 53 in a member account (through the role the hub assumes there), by
   *     account id: only a VPC's own account may associate it with another account's zone
   * @param profiles Route 53 Profiles, present when the settings name a profile
   * @param hubAccount the account linkdns runs in (the home VPC's), read when first needed
   */
  public Route53Zones(
      Route53Client route53,
      String region,
      ZoneOwnership ownership,
      Sharing sharing,
      Function<String, Route53Client> members,
      Optional<Route53Profiles> profiles,
      Supplier<String> hubAccount) {
    this.route53 = route53;
    this.region = region;
    this.ownerId = ownership.ownerId();
    this.ownership = ownership;
    this.sharing = sharing;
    this.members = members;
    this.profiles = profiles;
    this.hubAccount = hubAccount;
    if (!sharing.profiles().isEmpty() && profiles.isEmpty()) {
      throw new IllegalArgumentException(
          "LINKDNS_SHARE_WITH names profiles "
              + sharing.profiles()
              + " but no Route 53 Profiles client was given");
    }
  }

  @Override
  public Optional<Zone> find(String domain, String network) {
    String token = null;
    do {
      String next = token;
      ListHostedZonesByVpcResponse page =
          route53.listHostedZonesByVPC(r -> r.vpcId(network).vpcRegion(region).nextToken(next));
      for (HostedZoneSummary z : page.hostedZoneSummaries()) {
        if (DnsName.normalize(z.name()).equals(domain)) {
          // The summary has neither the comment that marks the zone nor the other VPCs: one read
          // for both.
          return get(bareId(z.hostedZoneId()));
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return Optional.empty();
  }

  @Override
  public Zone create(String domain, String network) {
    return create(domain, network, Optional.empty());
  }

  /**
   * Creates the zone with the endpoint's VPC, or, when that VPC belongs to another account than the
   * hub and a home VPC is set, with the home VPC, then links the endpoint's VPC through its
   * account; then makes it resolvable wherever the settings say. Every place it will be linked to
   * is read first, so a place that already resolves the domain through another zone refuses the
   * whole creation before anything is written; a write that still fails (a race, a profile's
   * conflict) undoes the zone.
   */
  @Override
  public Zone create(String domain, String network, Optional<String> account) {
    Optional<String> member =
        account.filter(a -> sharing.homeVpc().isPresent() && !a.equals(hubAccount.get()));
    String createWith = member.isPresent() ? sharing.homeVpc().get() : network;
    if (member.isPresent()) {
      // The home VPC sees every hub zone: ours, having lost only the endpoint's VPC (a member
      // disassociated
      // it), is linked again; the shared places that still see it would otherwise refuse a second
      // one.
      Optional<Zone> ours = find(domain, createWith).filter(ownership::manages);
      if (ours.isPresent()) {
        return adopt(ours.get(), network, member);
      }
    }
    refuseSecondZones(
        domain,
        Optional.empty(),
        missingVpcs(List.of(createWith, network)),
        missingMembers(List.of(network)));
    // The comment is the zone's only mark: Route 53 IAM has no tag conditions, so a tag would guard
    // nothing.
    String mark = ownership.mark(Instant.now()).text();
    HostedZone z;
    try {
      z =
          route53
              .createHostedZone(
                  r ->
                      r.name(domain)
                          .callerReference("linkdns-" + UUID.randomUUID())
                          .vpc(vpc(createWith))
                          .hostedZoneConfig(c -> c.privateZone(true).comment(mark)))
              .hostedZone();
    } catch (ConflictingDomainExistsException e) {
      // Another writer created it between our lookup and our create, the lookup was stale, or (hub
      // zones)
      // the home VPC already sees our zone and only the endpoint's VPC lost its link.
      return find(domain, network)
          .orElseGet(() -> adoptByName(domain, network, member, createWith, e));
    }
    String id = bareId(z.id());
    Zone created = new Zone(id, domain, List.of(createWith), true, Optional.of(mark));
    try {
      if (member.isPresent()) {
        associateAcross(created, network, member.get());
        created = created.withNetworks(List.of(createWith, network));
      }
      // Read before creating (refuseSecondZones above): linked without reading again.
      link(created, missingVpcs(created.networks()), missingMembers(created.networks()));
      List<String> linked = new ArrayList<>(created.networks());
      sharing.hubVpcs().stream().filter(v -> !linked.contains(v)).forEach(linked::add);
      sharing.memberVpcs().stream()
          .map(Sharing.MemberVpc::vpc)
          .filter(v -> !linked.contains(v))
          .forEach(linked::add);
      for (String profile : sharing.profiles()) {
        associateProfile(profile, created);
      }
      return created.withNetworks(linked);
    } catch (RuntimeException e) {
      undo(id, e);
      throw e;
    }
  }

  /**
   * A creation that could not finish leaves nothing behind: the new zone leaves what it joined and
   * goes.
   */
  private void undo(String zoneId, RuntimeException cause) {
    try {
      for (String profile : sharing.profiles()) {
        profiles.get().disassociate(profile, zoneId);
      }
      Optional<Zone> now = get(zoneId);
      List<String> vpcs = now.map(Zone::networks).orElse(List.of());
      for (String v : vpcs.subList(Math.min(1, vpcs.size()), vpcs.size())) {
        route53.disassociateVPCFromHostedZone(r -> r.hostedZoneId(zoneId).vpc(vpc(v)));
      }
      route53.deleteHostedZone(r -> r.id(zoneId));
    } catch (RuntimeException undoFailed) {
      cause.addSuppressed(undoFailed);
    }
  }

  /**
   * Reuses a private zone of the same name and associates the VPC with it, but only a zone linkdns
   * manages: associating a VPC with someone else's zone would hand it that zone's answers. Among
   * zones of the name, the one the creating VPC already sees is taken.
   */
  private Zone adoptByName(
      String domain,
      String network,
      Optional<String> member,
      String createdWith,
      ConflictingDomainExistsException cause) {
    Zone fallback = null;
    for (HostedZone z : route53.listHostedZonesByName(r -> r.dnsName(domain)).hostedZones()) {
      if (DnsName.normalize(z.name()).equals(domain)
          && z.config() != null
          && Boolean.TRUE.equals(z.config().privateZone())) {
        Optional<Zone> read = get(bareId(z.id()));
        if (read.isPresent() && (fallback == null || read.get().networks().contains(createdWith))) {
          fallback = read.get();
        }
      }
    }
    if (fallback == null) {
      throw cause;
    }
    if (!ownership.manages(fallback)) {
      throw new ForeignZoneException(ownership.refusal(fallback, network));
    }
    return adopt(fallback, network, member);
  }

  /**
   * Links the VPC with a zone of ours (through its account when a member's), unless already linked.
   */
  private Zone adopt(Zone found, String network, Optional<String> member) {
    if (!found.networks().contains(network)) {
      String id = found.id();
      if (member.isPresent()) {
        associateAcross(found, network, member.get());
      } else {
        route53.associateVPCWithHostedZone(
            r ->
                r.hostedZoneId(id)
                    .vpc(vpc(network))
                    .comment("associated by linkdns owner=" + ownerId));
      }
      List<String> linked = new ArrayList<>(found.networks());
      linked.add(network);
      found = found.withNetworks(linked);
    }
    return found;
  }

  /**
   * Links a VPC of another account with a zone of the hub: the hub authorizes it, the VPC's account
   * associates it (the only account Route 53 lets do so), and the authorization goes again whatever
   * happened, so none stays to be used later by anyone in that account.
   */
  private void associateAcross(Zone zone, String vpcId, String account) {
    Route53Client there = members.apply(account);
    route53.createVPCAssociationAuthorization(r -> r.hostedZoneId(zone.id()).vpc(vpc(vpcId)));
    RuntimeException failed = null;
    try {
      there.associateVPCWithHostedZone(
          r ->
              r.hostedZoneId(zone.id())
                  .vpc(vpc(vpcId))
                  .comment("associated by linkdns owner=" + ownerId));
    } catch (ConflictingDomainExistsException e) {
      failed =
          new RefusedException(
              "VPC",
              vpcId,
              "of account "
                  + account
                  + " already resolves "
                  + zone.domain()
                  + " through another private zone; zone "
                  + zone.id()
                  + " would make it see two zones of one name");
      throw failed;
    } catch (RuntimeException e) {
      failed = e;
      throw e;
    } finally {
      try {
        route53.deleteVPCAssociationAuthorization(r -> r.hostedZoneId(zone.id()).vpc(vpc(vpcId)));
      } catch (RuntimeException e) {
        if (failed == null) {
          throw e;
        }
        failed.addSuppressed(e);
      }
    }
  }

  /** The hub VPCs among these and the settings' that the zone is not linked to yet. */
  private List<String> missingVpcs(List<String> linked) {
    return sharing.hubVpcs().stream().filter(v -> !linked.contains(v)).toList();
  }

  private List<Sharing.MemberVpc> missingMembers(List<String> linked) {
    return sharing.memberVpcs().stream().filter(m -> !linked.contains(m.vpc())).toList();
  }

  /**
   * Refuses, before anything is written, when a VPC the zone would be linked to already resolves
   * the domain through another private zone: Route 53 would refuse that association
   * (ConflictingDomainExists) after the others were made. A member's VPC is listed through its own
   * account.
   */
  private void refuseSecondZones(
      String domain,
      Optional<String> zoneId,
      List<String> hubVpcs,
      List<Sharing.MemberVpc> memberVpcs) {
    for (String v : hubVpcs) {
      refuseSecondZone(
          domain,
          zoneId,
          v,
          route53,
          v.equals(sharing.homeVpc().orElse("")) ? Sharing.HOME_VPC : Sharing.SHARE_WITH);
    }
    for (Sharing.MemberVpc m : memberVpcs) {
      refuseSecondZone(domain, zoneId, m.vpc(), members.apply(m.account()), Sharing.SHARE_WITH);
    }
  }

  private void refuseSecondZone(
      String domain, Optional<String> zoneId, String vpcId, Route53Client lister, String setting) {
    String token = null;
    do {
      String next = token;
      ListHostedZonesByVpcResponse page =
          lister.listHostedZonesByVPC(r -> r.vpcId(vpcId).vpcRegion(region).nextToken(next));
      for (HostedZoneSummary z : page.hostedZoneSummaries()) {
        String other = bareId(z.hostedZoneId());
        if (DnsName.normalize(z.name()).equals(domain) && !zoneId.equals(Optional.of(other))) {
          String owner =
              z.owner() == null
                  ? ""
                  : Optional.ofNullable(z.owner().owningAccount())
                      .or(() -> Optional.ofNullable(z.owner().owningService()))
                      .map(o -> " (owner " + o + ")")
                      .orElse("");
          throw new RefusedException(
              setting,
              vpcId,
              "already resolves "
                  + domain
                  + " through zone "
                  + other
                  + owner
                  + "; sharing "
                  + zoneId.map(id -> "zone " + id).orElse("a new zone for it")
                  + " with "
                  + vpcId
                  + " would make it see two zones of one name. Nothing was created or associated");
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
  }

  /** Adds the zone to a profile; a profile that already holds another zone of the name refuses. */
  private void associateProfile(String profile, Zone zone) {
    try {
      profiles.get().associate(profile, zone.id(), "linkdns-" + zone.id());
    } catch (Route53Profiles.ProfilesException e) {
      if (e.code().equals("ConflictException")) {
        throw new RefusedException(
            Sharing.SHARE_WITH,
            profile,
            "refused zone " + zone.id() + " (" + zone.domain() + "): " + e.getMessage());
      }
      throw e;
    }
  }

  /**
   * Re-adds the hub and member VPCs of the settings the zone as read is not linked to; a zone that
   * lacks none costs no call. Profiles are the sweep's ({@link #share(List)}), read once for all
   * zones.
   */
  @Override
  public List<String> share(Zone zone) {
    List<String> hub = missingVpcs(zone.networks());
    List<Sharing.MemberVpc> across = missingMembers(zone.networks());
    if (hub.isEmpty() && across.isEmpty()) {
      return List.of();
    }
    refuseSecondZones(zone.domain(), Optional.of(zone.id()), hub, across);
    return link(zone, hub, across);
  }

  private List<String> link(Zone zone, List<String> hub, List<Sharing.MemberVpc> across) {
    List<String> notes = new ArrayList<>();
    for (String v : hub) {
      try {
        route53.associateVPCWithHostedZone(
            r ->
                r.hostedZoneId(zone.id())
                    .vpc(vpc(v))
                    .comment("associated by linkdns owner=" + ownerId));
      } catch (ConflictingDomainExistsException e) {
        throw new RefusedException(
            v.equals(sharing.homeVpc().orElse("")) ? Sharing.HOME_VPC : Sharing.SHARE_WITH,
            v,
            "already resolves "
                + zone.domain()
                + " through another zone; zone "
                + zone.id()
                + " not associated");
      }
      notes.add("zone " + zone.id() + " (" + zone.domain() + ") associated with " + v);
    }
    for (Sharing.MemberVpc m : across) {
      associateAcross(zone, m.vpc(), m.account());
      notes.add("zone " + zone.id() + " (" + zone.domain() + ") associated with " + m);
    }
    return List.copyOf(notes);
  }

  /**
   * Each profile of the settings read once (its resource associations), and every zone it lacks
   * added.
   */
  @Override
  public List<String> share(List<Zone> zones) {
    List<String> notes = new ArrayList<>();
    for (String profile : sharing.profiles()) {
      Set<String> held = profiles.get().zones(profile);
      for (Zone z : zones) {
        if (!held.contains(z.id()) && ownership.manages(z)) {
          try {
            associateProfile(profile, z);
            notes.add("zone " + z.id() + " (" + z.domain() + ") added to profile " + profile);
          } catch (RefusedException e) {
            notes.add(e.getMessage()); // one zone's refusal does not keep the others out
          }
        }
      }
    }
    return List.copyOf(notes);
  }

  /**
   * One read-only call, so the Route 53 client's classes are loaded before a SnapStart snapshot.
   */
  public void prime() {
    route53.listHostedZones(r -> r.maxItems("1"));
  }

  /**
   * A private zone of this installation linked to a network, from the first page of at most {@code
   * max} zones: SnapStart priming reads it, cheaply in any account.
   */
  Optional<Zone> anyPrivate(int max) {
    for (HostedZone z :
        route53.listHostedZones(r -> r.maxItems(String.valueOf(max))).hostedZones()) {
      if (z.config() != null
          && Boolean.TRUE.equals(z.config().privateZone())
          && ZoneMark.parse(z.config().comment())
              .map(ZoneMark::owner)
              .filter(ownerId::equals)
              .isPresent()) {
        Optional<Zone> zone = get(bareId(z.id())).filter(found -> !found.networks().isEmpty());
        if (zone.isPresent()) {
          return zone;
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Zone> get(String zoneId) {
    try {
      GetHostedZoneResponse r = route53.getHostedZone(g -> g.id(zoneId));
      if (r.hostedZone().config() == null
          || !Boolean.TRUE.equals(r.hostedZone().config().privateZone())) {
        return Optional.empty();
      }
      return Optional.of(
          new Zone(
              bareId(r.hostedZone().id()),
              DnsName.normalize(r.hostedZone().name()),
              vpcsOf(r),
              false,
              Optional.ofNullable(r.hostedZone().config().comment())));
    } catch (NoSuchHostedZoneException e) {
      return Optional.empty();
    }
  }

  /** The listing carries each zone's comment, so zones that are not ours cost no further call. */
  @Override
  public List<Zone> list(ZoneOwnership ours) {
    List<Zone> zones = new ArrayList<>();
    ourPrivateZones(ours)
        .keySet()
        .forEach(id -> get(id).filter(found -> !found.networks().isEmpty()).ifPresent(zones::add));
    return List.copyOf(zones);
  }

  /**
   * Every private zone this installation marked or the operator named, by id in listing order, from
   * ListHostedZones alone (one call per 100 zones): the listing carries each zone's comment.
   */
  private Map<String, HostedZone> ourPrivateZones(ZoneOwnership ours) {
    Map<String, HostedZone> found = new java.util.LinkedHashMap<>();
    route53
        .listHostedZonesPaginator()
        .hostedZones()
        .forEach(
            z -> {
              if (z.config() != null && Boolean.TRUE.equals(z.config().privateZone())) {
                String id = bareId(z.id());
                boolean marked =
                    ZoneMark.parse(z.config().comment())
                        .map(ZoneMark::owner)
                        .filter(ours.ownerId()::equals)
                        .isPresent();
                if (marked || ours.adopts(id, DnsName.normalize(z.name()))) {
                  found.put(id, z);
                }
              }
            });
    return found;
  }

  @Override
  public List<String> storedNames(RecordSet record) {
    return List.of(record.name(), OwnerMarkers.nameFor(record.name(), record.type()));
  }

  @Override
  public List<CurrentRecord> records(Zone zone) {
    List<ResourceRecordSet> all = new ArrayList<>();
    route53
        .listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone.id()))
        .resourceRecordSets()
        .forEach(all::add);
    Map<String, OwnerMarker> owners = new HashMap<>();
    Map<String, Revision> markersRead = new HashMap<>();
    Map<String, String> unreadable = new HashMap<>();
    List<ResourceRecordSet> plain = new ArrayList<>();
    for (ResourceRecordSet rrs : all) {
      String name = DnsName.normalize(rrs.name());
      Optional<OwnerMarkers.Marked> marked =
          rrs.typeAsString().equals("TXT") ? OwnerMarkers.parseName(name) : Optional.empty();
      Optional<OwnerMarker> owner =
          marked.flatMap(
              m ->
                  OwnerMarker.parse(
                      rrs.resourceRecords().stream()
                          .flatMap(v -> OwnerMarkers.txtStrings(v.value()).stream())
                          .toList()));
      if (marked.isPresent() && owner.isPresent()) {
        owners.put(marked.get().key(), owner.get());
        markersRead.put(marked.get().key(), asRead(rrs));
      } else if (rrs.setIdentifier() == null) {
        marked.ifPresent(
            m ->
                unreadable.put(
                    m.key(),
                    "TXT at "
                        + name
                        + " is not a linkdns marker: "
                        + rrs.resourceRecords().stream().map(ResourceRecord::value).toList()));
        plain.add(rrs);
      }
      // Records with a set identifier (weighted, latency, ...) are routing policies linkdns never
      // writes; skip.
    }
    List<CurrentRecord> out = new ArrayList<>();
    for (ResourceRecordSet rrs : plain) {
      RecordSet record = toModel(rrs);
      out.add(
          new CurrentRecord(
              record,
              Optional.ofNullable(owners.get(record.key())),
              Optional.ofNullable(unreadable.get(record.key())).map(List::of).orElse(List.of()),
              markersRead.getOrDefault(record.key(), Revision.NONE)));
    }
    return List.copyOf(out);
  }

  @Override
  public void apply(Zone zone, List<Change> batch) {
    List<software.amazon.awssdk.services.route53.model.Change> changes = new ArrayList<>();
    for (Change c : batch) {
      if (c instanceof Change.Create create) {
        changes.add(change(ChangeAction.CREATE, toRoute53(create.record())));
        // UPSERT: a marker left behind without its record must not block the create.
        changes.add(change(ChangeAction.UPSERT, marker(create.record(), create.owner())));
      } else if (c instanceof Change.Update u) {
        changes.add(change(ChangeAction.DELETE, toRoute53(u.before())));
        changes.add(change(ChangeAction.CREATE, toRoute53(u.record())));
        changes.add(change(ChangeAction.UPSERT, marker(u.record(), u.owner())));
      } else if (c instanceof Change.Delete d) {
        changes.add(change(ChangeAction.DELETE, toRoute53(d.record())));
        changes.add(change(ChangeAction.DELETE, markerAsRead(d)));
      }
    }
    try {
      route53.changeResourceRecordSets(
          r ->
              r.hostedZoneId(zone.id())
                  .changeBatch(b -> b.comment("linkdns owner=" + ownerId).changes(changes)));
    } catch (Route53Exception e) {
      // Route 53 answers a refused batch in one of two bodies: the standard <ErrorResponse><Error>,
      // or
      // <InvalidChangeBatch><Messages><Message>..., which the SDK turns into an exception with no
      // code
      // and no message. Both are read here so the reasons survive and the stale-read check sees
      // them.
      List<String> reasons = reasons(e);
      if (!isInvalidChangeBatch(e)) {
        throw e;
      }
      String message = reasons.size() == 1 ? reasons.get(0) : reasons.toString();
      if (isCompareAndSwapMiss(reasons)) {
        throw new ConcurrentChangeException(
            "Route 53 refused the batch for zone "
                + zone.id()
                + " ("
                + zone.domain()
                + "): "
                + message,
            e);
      }
      throw new ChangeRefusedException(
          "Route 53 refused the batch for zone "
              + zone.id()
              + " ("
              + zone.domain()
              + ") for a reason a retry cannot fix: "
              + message,
          e);
    }
  }

  /** Route 53's words for a record that changed since it was read: one reason, matched whole. */
  private static final String RRSET = "\\[name='[^']*', type='[A-Z]+'(?:, [a-z -]+='[^']*')*\\]";

  private static final String CAS_MISS =
      "(?:Tried to create resource record set "
          + RRSET
          + " but it already exists"
          + "|Tried to delete resource record set "
          + RRSET
          + " but it was not found"
          + "|Tried to delete resource record set "
          + RRSET
          + " but the values provided do not match the current values"
          + "|RRSet of type [A-Z]+ with DNS name \\S+ is not permitted as it conflicts with other records with the same DNS name"
          + " in zone \\S+)";

  /** One reason, or several as Route 53 lists them: "[reason, reason]". */
  private static final Pattern CAS_MISSES =
      Pattern.compile(CAS_MISS + "|\\[" + CAS_MISS + "(?:, " + CAS_MISS + ")*\\]");

  /**
   * True when every reason Route 53 gives is a record that changed since it was read: created,
   * deleted or rewritten by someone else, or a name someone took meanwhile. Re-reading and
   * re-planning fixes those; anything else (a bad name, a name too long) it never will. Each reason
   * must match whole: a list in which any other reason appears is not a compare-and-swap miss.
   */
  static boolean isCompareAndSwapMiss(InvalidChangeBatchException e) {
    return isCompareAndSwapMiss(reasons(e));
  }

  /**
   * "Tried to create ... but it already exists" and "Tried to delete ... but it was not found" say
   * our read was stale, whatever the exact quoting of the record set: re-read and re-plan once
   * more.
   */
  private static final Pattern STALE =
      Pattern.compile(
          "Tried to (?:create|delete) resource record set .* but it "
              + "(?:already exists|was not found)",
          Pattern.DOTALL);

  static boolean isCompareAndSwapMiss(List<String> reasons) {
    return !reasons.isEmpty()
        && reasons.stream()
            .map(String::trim)
            .allMatch(r -> CAS_MISSES.matcher(r).matches() || STALE.matcher(r).matches());
  }

  private static boolean isInvalidChangeBatch(Route53Exception e) {
    if (e instanceof InvalidChangeBatchException) {
      return true;
    }
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if (code != null && !code.isEmpty()) {
      return code.equals("InvalidChangeBatch");
    }
    return rootElement(e).filter("InvalidChangeBatch"::equals).isPresent();
  }

  /**
   * Every reason Route 53 gave, from whichever body shape it used; raw body first, the SDK's fields
   * as a fallback.
   */
  static List<String> reasons(Route53Exception e) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    body(e)
        .ifPresent(
            doc -> {
              org.w3c.dom.NodeList messages = doc.getElementsByTagNameNS("*", "Message");
              for (int i = 0; i < messages.getLength(); i++) {
                String text = messages.item(i).getTextContent();
                if (text != null && !text.isBlank()) {
                  out.add(text.trim());
                }
              }
            });
    if (e instanceof InvalidChangeBatchException icb && icb.messages() != null) {
      icb.messages().stream()
          .filter(m -> m != null && !m.isBlank())
          .map(String::trim)
          .forEach(out::add);
    }
    if (out.isEmpty()
        && e.awsErrorDetails() != null
        && e.awsErrorDetails().errorMessage() != null) {
      out.add(e.awsErrorDetails().errorMessage().trim());
    }
    return List.copyOf(out);
  }

  private static Optional<String> rootElement(Route53Exception e) {
    return body(e).map(doc -> doc.getDocumentElement().getLocalName());
  }

  /**
   * The error body as read, parsed without DTDs or external entities (it is an answer, not trusted
   * input).
   */
  private static Optional<org.w3c.dom.Document> body(Route53Exception e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().rawResponse() == null) {
      return Optional.empty();
    }
    try {
      var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      return Optional.of(
          factory
              .newDocumentBuilder()
              .parse(
                  new java.io.ByteArrayInputStream(
                      e.awsErrorDetails().rawResponse().asByteArray())));
    } catch (javax.xml.parsers.ParserConfigurationException
        | org.xml.sax.SAXException
        | java.io.IOException bad) {
      return Optional.empty();
    }
  }

  @Override
  public ProviderLimits limits() {
    return ProviderLimits.ROUTE53;
  }

  /** Route 53 counts an UPSERT twice, records and characters alike; markers are upserted. */
  @Override
  public ChangeCost cost() {
    return ChangeCost.companionMarker(true);
  }

  /**
   * A marker's revision: its name, TTL and values exactly as read, so a DELETE names what Route 53
   * holds (Route 53 deletes only an exact match) and fails if the marker changed since.
   */
  static Revision asRead(ResourceRecordSet marker) {
    if (marker.ttl() == null) {
      return Revision.NONE;
    }
    List<String> tokens = new ArrayList<>();
    tokens.add(marker.name());
    tokens.add(String.valueOf(marker.ttl()));
    marker.resourceRecords().forEach(v -> tokens.add(v.value()));
    return new Revision(tokens);
  }

  /**
   * The marker to delete with its record: as read when the change carries it, else as linkdns
   * writes it.
   */
  static ResourceRecordSet markerAsRead(Change.Delete d) {
    List<String> read = d.revision().tokens();
    if (read.size() < 3) {
      return marker(d.record(), d.owner());
    }
    return ResourceRecordSet.builder()
        .name(read.get(0))
        .type("TXT")
        .ttl(Long.parseLong(read.get(1)))
        .resourceRecords(
            read.subList(2, read.size()).stream()
                .map(v -> ResourceRecord.builder().value(v).build())
                .toList())
        .build();
  }

  private static ResourceRecordSet marker(RecordSet record, OwnerMarker owner) {
    return ResourceRecordSet.builder()
        .name(OwnerMarkers.nameFor(record.name(), record.type()))
        .type("TXT")
        .ttl(record.data() instanceof RecordData.Values v ? v.ttl() : 300L)
        .resourceRecords(ResourceRecord.builder().value(OwnerMarkers.txtValue(owner)).build())
        .build();
  }

  private static software.amazon.awssdk.services.route53.model.Change change(
      ChangeAction action, ResourceRecordSet rrs) {
    return software.amazon.awssdk.services.route53.model.Change.builder()
        .action(action)
        .resourceRecordSet(rrs)
        .build();
  }

  static ResourceRecordSet toRoute53(RecordSet record) {
    ResourceRecordSet.Builder b =
        ResourceRecordSet.builder().name(record.name()).type(record.type().name());
    if (record.data() instanceof RecordData.Alias a) {
      return b.aliasTarget(
              t ->
                  t.hostedZoneId(a.target().hostedZoneId())
                      .dnsName(a.target().dnsName())
                      .evaluateTargetHealth(false))
          .build();
    }
    RecordData.Values v = (RecordData.Values) record.data();
    return b.ttl(v.ttl())
        .resourceRecords(
            v.values().stream().map(val -> ResourceRecord.builder().value(val).build()).toList())
        .build();
  }

  static RecordSet toModel(ResourceRecordSet rrs) {
    RecordType type = RecordType.read(rrs.typeAsString());
    if (rrs.aliasTarget() != null) {
      return RecordSet.alias(
          rrs.name(),
          type,
          new AliasTarget(rrs.aliasTarget().hostedZoneId(), rrs.aliasTarget().dnsName()));
    }
    return RecordSet.values(
        rrs.name(),
        type,
        rrs.ttl() == null ? 0 : rrs.ttl(),
        rrs.resourceRecords().stream().map(ResourceRecord::value).toList());
  }

  private VPC vpc(String network) {
    return VPC.builder().vpcId(network).vpcRegion(VPCRegion.fromValue(region)).build();
  }

  private List<String> vpcsOf(GetHostedZoneResponse r) {
    return r.vpCs().stream()
        .filter(v -> v.vpcRegionAsString() == null || v.vpcRegionAsString().equals(region))
        .map(VPC::vpcId)
        .toList();
  }

  static String bareId(String id) {
    return id.replace("/hostedzone/", "");
  }

  @Override
  public void remark(Zone zone, ZoneMark mark) {
    route53.updateHostedZoneComment(r -> r.id(zone.id()).comment(mark.text()));
  }

  /**
   * Route 53 deletes only a zone holding nothing but its SOA and NS, and a private zone keeps one
   * VPC: the others are disassociated first. The records are read again here, so anything written
   * since the reconcile read them (by anyone) keeps the zone.
   */
  @Override
  public void delete(Zone zone) {
    List<String> left = new ArrayList<>();
    route53
        .listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone.id()))
        .resourceRecordSets()
        .forEach(
            rrs -> {
              boolean apex = DnsName.normalize(rrs.name()).equals(zone.domain());
              if (!(apex
                  && (rrs.typeAsString().equals("SOA") || rrs.typeAsString().equals("NS")))) {
                left.add(DnsName.normalize(rrs.name()) + " " + rrs.typeAsString());
              }
            });
    if (!left.isEmpty()) {
      throw new ForeignZoneException(
          "zone " + zone.id() + " (" + zone.domain() + ") still holds " + left + "; not deleted");
    }
    // The profiles it was shared through first: a zone that goes leaves every place it was shared
    // with.
    for (String profile : sharing.profiles()) {
      profiles.get().disassociate(profile, zone.id());
    }
    List<String> vpcs = new ArrayList<>(get(zone.id()).map(Zone::networks).orElse(zone.networks()));
    // The zone's owner may disassociate any VPC, a member's included; the home VPC, the hub's own,
    // stays last.
    sharing.homeVpc().filter(vpcs::remove).ifPresent(home -> vpcs.add(0, home));
    for (String vpc : vpcs.subList(Math.min(1, vpcs.size()), vpcs.size())) {
      route53.disassociateVPCFromHostedZone(r -> r.hostedZoneId(zone.id()).vpc(vpc(vpc)));
    }
    route53.deleteHostedZone(r -> r.id(zone.id()));
  }

  /**
   * Two listings: the zones linked to the VPC, and every zone's comment (its mark with the creation
   * time).
   */
  @Override
  public List<Instant> createdSince(String network, ZoneOwnership ours, Instant since) {
    java.util.Set<String> linked = new java.util.HashSet<>();
    String token = null;
    do {
      String next = token;
      ListHostedZonesByVpcResponse page =
          route53.listHostedZonesByVPC(r -> r.vpcId(network).vpcRegion(region).nextToken(next));
      page.hostedZoneSummaries().forEach(z -> linked.add(bareId(z.hostedZoneId())));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    List<Instant> out = new ArrayList<>();
    if (linked.isEmpty()) {
      return out;
    }
    route53
        .listHostedZonesPaginator()
        .hostedZones()
        .forEach(
            z -> {
              if (linked.contains(bareId(z.id())) && z.config() != null) {
                ZoneMark.parse(z.config().comment())
                    .filter(m -> m.owner().equals(ours.ownerId()))
                    .flatMap(ZoneMark::created)
                    .filter(t -> !t.isBefore(since))
                    .ifPresent(out::add);
              }
            });
    return List.copyOf(out);
  }

  /**
   * The VPC's zones (one listing), each read once for its mark and other VPCs; only ours are kept.
   */
  @Override
  public List<Zone> linkedTo(String network, ZoneOwnership ours) {
    List<Zone> out = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListHostedZonesByVpcResponse page =
          route53.listHostedZonesByVPC(r -> r.vpcId(network).vpcRegion(region).nextToken(next));
      for (HostedZoneSummary z : page.hostedZoneSummaries()) {
        get(bareId(z.hostedZoneId())).filter(ours::manages).ifPresent(out::add);
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return List.copyOf(out);
  }

  /**
   * The sweep's view in listings only: every zone's comment (one call per 100 zones) picks ours,
   * and one ListHostedZonesByVPC per swept VPC gives each zone's links and every name the VPC
   * resolves through. Only a zone of ours linked to none of those VPCs is read on its own (its
   * other links).
   */
  @Override
  public ZoneListing listing(ZoneOwnership ours, java.util.Collection<String> networks) {
    Map<String, HostedZone> marked = new java.util.TreeMap<>(ourPrivateZones(ours));
    Map<String, List<String>> links = new HashMap<>();
    Map<String, java.util.Set<String>> names = new HashMap<>();
    // The VPCs the settings share every zone with are listed too, so a zone as listed names all the
    // VPCs
    // it resolves from and the sweep re-adds only what is really missing.
    java.util.Set<String> listed = new java.util.LinkedHashSet<>(networks);
    listed.addAll(sharing.hubVpcs());
    sharing.memberVpcs().forEach(m -> listed.add(m.vpc()));
    for (String network : listed) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      String token = null;
      do {
        String next = token;
        ListHostedZonesByVpcResponse page =
            route53.listHostedZonesByVPC(r -> r.vpcId(network).vpcRegion(region).nextToken(next));
        for (HostedZoneSummary z : page.hostedZoneSummaries()) {
          seen.add(DnsName.normalize(z.name()));
          String id = bareId(z.hostedZoneId());
          if (marked.containsKey(id)) {
            links.computeIfAbsent(id, k -> new ArrayList<>()).add(network);
          }
        }
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
      names.put(network, seen);
    }
    List<Zone> zones = new ArrayList<>();
    marked.forEach(
        (id, z) -> {
          List<String> linked = links.get(id);
          if (linked == null) {
            get(id).filter(found -> !found.networks().isEmpty()).ifPresent(zones::add);
          } else {
            zones.add(
                new Zone(
                    id,
                    DnsName.normalize(z.name()),
                    linked,
                    false,
                    Optional.ofNullable(z.config().comment())));
          }
        });
    return new ZoneListing(zones, names);
  }
}
