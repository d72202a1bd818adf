package io.linkdns.aws;

import io.linkdns.core.model.AliasTarget;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.ChangeCost;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.Revision;
import io.linkdns.core.plan.ProviderLimits;
import io.linkdns.core.reconcile.ChangeRefusedException;
import io.linkdns.core.reconcile.ConcurrentChangeException;
import io.linkdns.core.reconcile.DnsZones;
import io.linkdns.core.reconcile.ZoneListing;
import io.linkdns.core.ownership.ForeignZoneException;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.ZoneMark;
import io.linkdns.core.ownership.ZoneOwnership;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

  public Route53Zones(Route53Client route53, String region, ZoneOwnership ownership) {
    this.route53 = route53;
    this.region = region;
    this.ownerId = ownership.ownerId();
    this.ownership = ownership;
  }

  @Override
  public Optional<Zone> find(String domain, String network) {
    String token = null;
    do {
      String next = token;
      ListHostedZonesByVpcResponse page = route53.listHostedZonesByVPC(r -> r.vpcId(network).vpcRegion(region).nextToken(next));
      for (HostedZoneSummary z : page.hostedZoneSummaries()) {
        if (DnsName.normalize(z.name()).equals(domain)) {
          // The summary has neither the comment that marks the zone nor the other VPCs: one read for both.
          return get(bareId(z.hostedZoneId()));
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return Optional.empty();
  }

  @Override
  public Zone create(String domain, String network) {
    // The comment is the zone's only mark: Route 53 IAM has no tag conditions, so a tag would guard nothing.
    String mark = ownership.mark(Instant.now()).text();
    try {
      HostedZone z = route53.createHostedZone(r -> r
          .name(domain)
          .callerReference("linkdns-" + UUID.randomUUID())
          .vpc(vpc(network))
          .hostedZoneConfig(c -> c.privateZone(true).comment(mark)))
          .hostedZone();
      return new Zone(bareId(z.id()), domain, List.of(network), true, Optional.of(mark));
    } catch (ConflictingDomainExistsException e) {
      // Another writer created it between our lookup and our create, or the lookup was stale.
      return find(domain, network).orElseGet(() -> adoptByName(domain, network, e));
    }
  }

  /**
   * Reuses a private zone of the same name and associates the VPC with it, but only a zone linkdns
   * manages: associating a VPC with someone else's zone would hand it that zone's answers.
   */
  private Zone adoptByName(String domain, String network, ConflictingDomainExistsException cause) {
    for (HostedZone z : route53.listHostedZonesByName(r -> r.dnsName(domain)).hostedZones()) {
      if (DnsName.normalize(z.name()).equals(domain) && z.config() != null && Boolean.TRUE.equals(z.config().privateZone())) {
        String id = bareId(z.id());
        Zone found = get(id).orElseThrow(() -> cause);
        if (!ownership.manages(found)) {
          throw new ForeignZoneException(ownership.refusal(found, network));
        }
        if (!found.networks().contains(network)) {
          route53.associateVPCWithHostedZone(r -> r.hostedZoneId(id).vpc(vpc(network))
              .comment("associated by linkdns owner=" + ownerId));
          List<String> linked = new ArrayList<>(found.networks());
          linked.add(network);
          found = found.withNetworks(linked);
        }
        return found;
      }
    }
    throw cause;
  }

  /** One read-only call, so the Route 53 client's classes are loaded before a SnapStart snapshot. */
  public void prime() {
    route53.listHostedZones(r -> r.maxItems("1"));
  }

  /**
   * A private zone of this installation linked to a network, from the first page of at most {@code max}
   * zones: SnapStart priming reads it, cheaply in any account.
   */
  Optional<Zone> anyPrivate(int max) {
    for (HostedZone z : route53.listHostedZones(r -> r.maxItems(String.valueOf(max))).hostedZones()) {
      if (z.config() != null && Boolean.TRUE.equals(z.config().privateZone())
          && ZoneMark.parse(z.config().comment()).map(ZoneMark::owner).filter(ownerId::equals).isPresent()) {
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
      if (r.hostedZone().config() == null || !Boolean.TRUE.equals(r.hostedZone().config().privateZone())) {
        return Optional.empty();
      }
      return Optional.of(new Zone(bareId(r.hostedZone().id()), DnsName.normalize(r.hostedZone().name()), vpcsOf(r), false,
          Optional.ofNullable(r.hostedZone().config().comment())));
    } catch (NoSuchHostedZoneException e) {
      return Optional.empty();
    }
  }

  /** The listing carries each zone's comment, so zones that are not ours cost no further call. */
  @Override
  public List<Zone> list(ZoneOwnership ours) {
    List<Zone> zones = new ArrayList<>();
    route53.listHostedZonesPaginator().hostedZones().forEach(z -> {
      if (z.config() != null && Boolean.TRUE.equals(z.config().privateZone())) {
        String id = bareId(z.id());
        boolean marked = ZoneMark.parse(z.config().comment()).map(ZoneMark::owner).filter(ours.ownerId()::equals).isPresent();
        if (marked || ours.adopts(id, DnsName.normalize(z.name()))) {
          get(id).filter(found -> !found.networks().isEmpty()).ifPresent(zones::add);
        }
      }
    });
    return List.copyOf(zones);
  }

  @Override
  public List<String> storedNames(RecordSet record) {
    return List.of(record.name(), OwnerMarkers.nameFor(record.name(), record.type()));
  }

  @Override
  public List<CurrentRecord> records(Zone zone) {
    List<ResourceRecordSet> all = new ArrayList<>();
    route53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone.id())).resourceRecordSets().forEach(all::add);
    Map<String, OwnerMarker> owners = new HashMap<>();
    Map<String, Revision> markersRead = new HashMap<>();
    Map<String, String> unreadable = new HashMap<>();
    List<ResourceRecordSet> plain = new ArrayList<>();
    for (ResourceRecordSet rrs : all) {
      String name = DnsName.normalize(rrs.name());
      Optional<OwnerMarkers.Marked> marked = rrs.typeAsString().equals("TXT") ? OwnerMarkers.parseName(name) : Optional.empty();
      Optional<OwnerMarker> owner = marked.flatMap(m -> OwnerMarker.parse(rrs.resourceRecords().stream()
          .flatMap(v -> OwnerMarkers.txtStrings(v.value()).stream()).toList()));
      if (marked.isPresent() && owner.isPresent()) {
        owners.put(marked.get().key(), owner.get());
        markersRead.put(marked.get().key(), asRead(rrs));
      } else if (rrs.setIdentifier() == null) {
        marked.ifPresent(m -> unreadable.put(m.key(), "TXT at " + name + " is not a linkdns marker: "
            + rrs.resourceRecords().stream().map(ResourceRecord::value).toList()));
        plain.add(rrs);
      }
      // Records with a set identifier (weighted, latency, ...) are routing policies linkdns never writes; skip.
    }
    List<CurrentRecord> out = new ArrayList<>();
    for (ResourceRecordSet rrs : plain) {
      RecordSet record = toModel(rrs);
      out.add(new CurrentRecord(record, Optional.ofNullable(owners.get(record.key())),
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
      route53.changeResourceRecordSets(r -> r.hostedZoneId(zone.id())
          .changeBatch(b -> b.comment("linkdns owner=" + ownerId).changes(changes)));
    } catch (Route53Exception e) {
      // Route 53 answers a refused batch in one of two bodies: the standard <ErrorResponse><Error>, or
      // <InvalidChangeBatch><Messages><Message>..., which the SDK turns into an exception with no code
      // and no message. Both are read here so the reasons survive and the stale-read check sees them.
      List<String> reasons = reasons(e);
      if (!isInvalidChangeBatch(e)) {
        throw e;
      }
      String message = reasons.size() == 1 ? reasons.get(0) : reasons.toString();
      if (isCompareAndSwapMiss(reasons)) {
        throw new ConcurrentChangeException("Route 53 refused the batch for zone " + zone.id() + " (" + zone.domain()
            + "): " + message, e);
      }
      throw new ChangeRefusedException("Route 53 refused the batch for zone " + zone.id() + " (" + zone.domain()
          + ") for a reason a retry cannot fix: " + message, e);
    }
  }

  /** Route 53's words for a record that changed since it was read: one reason, matched whole. */
  private static final String RRSET = "\\[name='[^']*', type='[A-Z]+'(?:, [a-z -]+='[^']*')*\\]";
  private static final String CAS_MISS = "(?:Tried to create resource record set " + RRSET + " but it already exists"
      + "|Tried to delete resource record set " + RRSET + " but it was not found"
      + "|Tried to delete resource record set " + RRSET + " but the values provided do not match the current values"
      + "|RRSet of type [A-Z]+ with DNS name \\S+ is not permitted as it conflicts with other records with the same DNS name"
      + " in zone \\S+)";
  /** One reason, or several as Route 53 lists them: "[reason, reason]". */
  private static final Pattern CAS_MISSES = Pattern.compile(CAS_MISS + "|\\[" + CAS_MISS + "(?:, " + CAS_MISS + ")*\\]");

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
   * "Tried to create ... but it already exists" and "Tried to delete ... but it was not found" say our
   * read was stale, whatever the exact quoting of the record set: re-read and re-plan once more.
   */
  private static final Pattern STALE = Pattern.compile("Tried to (?:create|delete) resource record set .* but it "
      + "(?:already exists|was not found)", Pattern.DOTALL);

  static boolean isCompareAndSwapMiss(List<String> reasons) {
    return !reasons.isEmpty() && reasons.stream().map(String::trim)
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

  /** Every reason Route 53 gave, from whichever body shape it used; raw body first, the SDK's fields as a fallback. */
  static List<String> reasons(Route53Exception e) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    body(e).ifPresent(doc -> {
      org.w3c.dom.NodeList messages = doc.getElementsByTagNameNS("*", "Message");
      for (int i = 0; i < messages.getLength(); i++) {
        String text = messages.item(i).getTextContent();
        if (text != null && !text.isBlank()) {
          out.add(text.trim());
        }
      }
    });
    if (e instanceof InvalidChangeBatchException icb && icb.messages() != null) {
      icb.messages().stream().filter(m -> m != null && !m.isBlank()).map(String::trim).forEach(out::add);
    }
    if (out.isEmpty() && e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
      out.add(e.awsErrorDetails().errorMessage().trim());
    }
    return List.copyOf(out);
  }

  private static Optional<String> rootElement(Route53Exception e) {
    return body(e).map(doc -> doc.getDocumentElement().getLocalName());
  }

  /** The error body as read, parsed without DTDs or external entities (it is an answer, not trusted input). */
  private static Optional<org.w3c.dom.Document> body(Route53Exception e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().rawResponse() == null) {
      return Optional.empty();
    }
    try {
      var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      return Optional.of(factory.newDocumentBuilder()
          .parse(new java.io.ByteArrayInputStream(e.awsErrorDetails().rawResponse().asByteArray())));
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException | java.io.IOException bad) {
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

  /** The marker to delete with its record: as read when the change carries it, else as linkdns writes it. */
  static ResourceRecordSet markerAsRead(Change.Delete d) {
    List<String> read = d.revision().tokens();
    if (read.size() < 3) {
      return marker(d.record(), d.owner());
    }
    return ResourceRecordSet.builder()
        .name(read.get(0))
        .type("TXT")
        .ttl(Long.parseLong(read.get(1)))
        .resourceRecords(read.subList(2, read.size()).stream().map(v -> ResourceRecord.builder().value(v).build()).toList())
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

  private static software.amazon.awssdk.services.route53.model.Change change(ChangeAction action, ResourceRecordSet rrs) {
    return software.amazon.awssdk.services.route53.model.Change.builder().action(action).resourceRecordSet(rrs).build();
  }

  static ResourceRecordSet toRoute53(RecordSet record) {
    ResourceRecordSet.Builder b = ResourceRecordSet.builder().name(record.name()).type(record.type().name());
    if (record.data() instanceof RecordData.Alias a) {
      return b.aliasTarget(t -> t.hostedZoneId(a.target().hostedZoneId()).dnsName(a.target().dnsName()).evaluateTargetHealth(false))
          .build();
    }
    RecordData.Values v = (RecordData.Values) record.data();
    return b.ttl(v.ttl())
        .resourceRecords(v.values().stream().map(val -> ResourceRecord.builder().value(val).build()).toList())
        .build();
  }

  static RecordSet toModel(ResourceRecordSet rrs) {
    RecordType type = RecordType.read(rrs.typeAsString());
    if (rrs.aliasTarget() != null) {
      return RecordSet.alias(rrs.name(), type, new AliasTarget(rrs.aliasTarget().hostedZoneId(), rrs.aliasTarget().dnsName()));
    }
    return RecordSet.values(rrs.name(), type, rrs.ttl() == null ? 0 : rrs.ttl(),
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
   * Route 53 deletes only a zone holding nothing but its SOA and NS, and a private zone keeps one VPC:
   * the others are disassociated first. The records are read again here, so anything written since
   * the reconcile read them (by anyone) keeps the zone.
   */
  @Override
  public void delete(Zone zone) {
    List<String> left = new ArrayList<>();
    route53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone.id())).resourceRecordSets().forEach(rrs -> {
      boolean apex = DnsName.normalize(rrs.name()).equals(zone.domain());
      if (!(apex && (rrs.typeAsString().equals("SOA") || rrs.typeAsString().equals("NS")))) {
        left.add(DnsName.normalize(rrs.name()) + " " + rrs.typeAsString());
      }
    });
    if (!left.isEmpty()) {
      throw new ForeignZoneException("zone " + zone.id() + " (" + zone.domain() + ") still holds " + left
          + "; not deleted");
    }
    List<String> vpcs = get(zone.id()).map(Zone::networks).orElse(zone.networks());
    for (String vpc : vpcs.subList(Math.min(1, vpcs.size()), vpcs.size())) {
      route53.disassociateVPCFromHostedZone(r -> r.hostedZoneId(zone.id()).vpc(vpc(vpc)));
    }
    route53.deleteHostedZone(r -> r.id(zone.id()));
  }

  /** Two listings: the zones linked to the VPC, and every zone's comment (its mark with the creation time). */
  @Override
  public List<Instant> createdSince(String network, ZoneOwnership ours, Instant since) {
    java.util.Set<String> linked = new java.util.HashSet<>();
    String token = null;
    do {
      String next = token;
      ListHostedZonesByVpcResponse page = route53.listHostedZonesByVPC(r -> r.vpcId(network).vpcRegion(region).nextToken(next));
      page.hostedZoneSummaries().forEach(z -> linked.add(bareId(z.hostedZoneId())));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    List<Instant> out = new ArrayList<>();
    if (linked.isEmpty()) {
      return out;
    }
    route53.listHostedZonesPaginator().hostedZones().forEach(z -> {
      if (linked.contains(bareId(z.id())) && z.config() != null) {
        ZoneMark.parse(z.config().comment()).filter(m -> m.owner().equals(ours.ownerId()))
            .flatMap(ZoneMark::created).filter(t -> !t.isBefore(since)).ifPresent(out::add);
      }
    });
    return List.copyOf(out);
  }

  /** The VPC's zones (one listing), each read once for its mark and other VPCs; only ours are kept. */
  @Override
  public List<Zone> linkedTo(String network, ZoneOwnership ours) {
    List<Zone> out = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListHostedZonesByVpcResponse page = route53.listHostedZonesByVPC(r -> r.vpcId(network).vpcRegion(region).nextToken(next));
      for (HostedZoneSummary z : page.hostedZoneSummaries()) {
        get(bareId(z.hostedZoneId())).filter(ours::manages).ifPresent(out::add);
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return List.copyOf(out);
  }

  /**
   * The sweep's view in listings only: every zone's comment (one call per 100 zones) picks ours, and
   * one ListHostedZonesByVPC per swept VPC gives each zone's links and every name the VPC resolves
   * through. Only a zone of ours linked to none of those VPCs is read on its own (its other links).
   */
  @Override
  public ZoneListing listing(ZoneOwnership ours, java.util.Collection<String> networks) {
    Map<String, HostedZone> marked = new java.util.TreeMap<>();
    route53.listHostedZonesPaginator().hostedZones().forEach(z -> {
      if (z.config() != null && Boolean.TRUE.equals(z.config().privateZone())) {
        String id = bareId(z.id());
        boolean mine = ZoneMark.parse(z.config().comment()).map(ZoneMark::owner).filter(ours.ownerId()::equals).isPresent();
        if (mine || ours.adopts(id, DnsName.normalize(z.name()))) {
          marked.put(id, z);
        }
      }
    });
    Map<String, List<String>> links = new HashMap<>();
    Map<String, java.util.Set<String>> names = new HashMap<>();
    for (String network : networks) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      String token = null;
      do {
        String next = token;
        ListHostedZonesByVpcResponse page = route53.listHostedZonesByVPC(r -> r.vpcId(network).vpcRegion(region).nextToken(next));
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
    marked.forEach((id, z) -> {
      List<String> linked = links.get(id);
      if (linked == null) {
        get(id).filter(found -> !found.networks().isEmpty()).ifPresent(zones::add);
      } else {
        zones.add(new Zone(id, DnsName.normalize(z.name()), linked, false, Optional.ofNullable(z.config().comment())));
      }
    });
    return new ZoneListing(zones, names);
  }
}
