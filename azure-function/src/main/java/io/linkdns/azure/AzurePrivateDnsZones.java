package io.linkdns.azure;

import com.azure.core.management.SubResource;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.privatedns.fluent.PrivateDnsManagementClient;
import com.azure.resourcemanager.privatedns.fluent.models.PrivateZoneInner;
import com.azure.resourcemanager.privatedns.fluent.models.RecordSetInner;
import com.azure.resourcemanager.privatedns.fluent.models.VirtualNetworkLinkInner;
import com.azure.resourcemanager.privatedns.models.ARecord;
import com.azure.resourcemanager.privatedns.models.AaaaRecord;
import com.azure.resourcemanager.privatedns.models.CnameRecord;
import com.azure.resourcemanager.privatedns.models.TxtRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.InvalidInputException;
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
import io.linkdns.core.plan.ProviderLimits;
import io.linkdns.core.reconcile.ConcurrentChangeException;
import io.linkdns.core.reconcile.DnsZones;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Private DNS zones in one resource group as linkdns {@link DnsZones}. Owner markers live in
 * record-set metadata ({@code linkdns0}, {@code linkdns1}, ... holding {@link
 * OwnerMarker#strings}); every write is conditional on the ETag read with the record
 * (If-None-Match: * to create, If-Match to replace or delete), and a 412 becomes a {@link
 * ConcurrentChangeException} so the reconciler re-reads. Throttling (429 with Retry-After) and 5xx
 * are retried by the SDK pipeline's retry policy.
 */
public final class AzurePrivateDnsZones implements DnsZones {
  /** Metadata values are kept short, as Azure tag values are (at most 256 characters). */
  static final int METADATA_VALUE_MAX = 250;

  static final String MARKER_KEY = "linkdns";
  private static final Pattern MARKER = Pattern.compile("linkdns(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final String LOCATION = "global";

  /** ARM's code for a write whose linked resource (a VNet) the caller may not join. */
  static final String LINKED_AUTHORIZATION_FAILED = "LinkedAuthorizationFailed";

  /**
   * In Azure's 400 for a second same-named zone on one VNet ("...cannot be linked to multiple zones
   * with overlapping namespaces...").
   */
  static final String OVERLAPPING_NAMESPACES = "overlapping namespaces";

  private final PrivateDnsManagementClient client;
  private final String resourceGroup;
  private final String subscriptionId;
  private final ZoneOwnership ownership;
  private final LinkTargets linkTargets;

  /**
   * The operator's LINKDNS_LINK_VNETS (canonical ids): every zone linkdns manages is linked to
   * each, besides the endpoint's VNet.
   */
  public record LinkTargets(List<String> vnets) {
    public LinkTargets {
      vnets = vnets.stream().map(v -> v.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /**
     * The VNets a zone for this network must be linked to: the network, then the operator's link
     * VNets.
     */
    public List<String> forNetwork(String network) {
      List<String> out = new ArrayList<>(List.of(network.toLowerCase(Locale.ROOT)));
      vnets.stream().filter(v -> !out.contains(v)).forEach(out::add);
      return List.copyOf(out);
    }
  }

  public AzurePrivateDnsZones(
      PrivateDnsManagementClient client,
      String subscriptionId,
      String resourceGroup,
      ZoneOwnership ownership) {
    this(client, subscriptionId, resourceGroup, ownership, List.of());
  }

  public AzurePrivateDnsZones(
      PrivateDnsManagementClient client,
      String subscriptionId,
      String resourceGroup,
      ZoneOwnership ownership,
      List<String> linkVnets) {
    this.client = client;
    this.subscriptionId = subscriptionId;
    this.resourceGroup = resourceGroup;
    this.ownership = ownership;
    this.linkTargets = new LinkTargets(linkVnets);
  }

  @Override
  public Optional<Zone> find(String domain, String network) {
    Optional<PrivateZoneInner> zone = getZone(domain);
    if (zone.isEmpty()) {
      return Optional.empty();
    }
    List<String> networks = links(domain);
    Zone found = new Zone(zoneId(domain), domain, networks, false, mark(zone.get()));
    // Zone names are unique in the resource group: a zone of this name is the one the VNet would
    // resolve
    // through. It is returned as read, linked or not, and the core decides whether linkdns may use
    // it; a
    // zone linkdns may use that is not linked yet (to the network, or to a LINKDNS_LINK_VNETS VNet,
    // its link
    // deleted meanwhile) is left to create(), which links it.
    if (!networks.containsAll(linkTargets.forNetwork(network)) && ownership.manages(found)) {
      return Optional.empty();
    }
    return Optional.of(found);
  }

  /**
   * The zone's mark as its tags carry it (older installations wrote only the owner-id tag), as mark
   * text.
   */
  private static Optional<String> mark(PrivateZoneInner zone) {
    return ZoneMark.fromTags(zone.tags()).map(ZoneMark::text);
  }

  @Override
  public Zone create(String domain, String network) {
    boolean fresh;
    ZoneMark mark = ownership.mark(Instant.now());
    Optional<String> owner = Optional.of(mark.text());
    try {
      finalResult(
          client
              .getPrivateZones()
              .beginCreateOrUpdate(
                  resourceGroup,
                  domain,
                  new PrivateZoneInner().withLocation(LOCATION).withTags(createTags(mark, network)),
                  null,
                  "*",
                  Context.NONE),
          "zone create",
          zoneId(domain));
      fresh = true;
    } catch (ManagementException e) {
      if (status(e) != 412) {
        throw e;
      }
      // It exists already: reuse it only if it is linkdns's; linking a VNet to someone else's zone
      // would hand that network the zone's answers.
      fresh = false;
      owner = getZone(domain).flatMap(AzurePrivateDnsZones::mark);
      Zone existing = new Zone(zoneId(domain), domain, links(domain), false, owner);
      if (!ownership.manages(existing)) {
        throw new ForeignZoneException(ownership.refusal(existing, network));
      }
    }
    List<String> networks = new ArrayList<>(fresh ? List.of() : links(domain));
    try {
      for (String wanted : linkTargets.forNetwork(network)) {
        if (!networks.contains(wanted)) {
          link(domain, wanted);
          networks.add(wanted);
        }
      }
    } catch (RuntimeException e) {
      // Nothing half-done: a zone made just now goes again with the links made for it.
      if (fresh) {
        unmake(domain);
      }
      throw e;
    }
    return new Zone(zoneId(domain), domain, networks, fresh, owner);
  }

  /**
   * A new zone's tags: its mark and the network it is made for ({@link ZoneMark#NETWORK_TAG}), the
   * latter left out when the VNet id is longer than a tag value may be (the budget then reads the
   * zone's links, as for zones made before the tag).
   */
  private static Map<String, String> createTags(ZoneMark mark, String network) {
    Map<String, String> tags = new TreeMap<>(mark.tags());
    String vnet = network.toLowerCase(Locale.ROOT);
    if (vnet.length() <= METADATA_VALUE_MAX) {
      tags.put(ZoneMark.NETWORK_TAG, vnet);
    }
    return Map.copyOf(tags);
  }

  /**
   * Links the zone to a VNet, registration off. Azure's refusals that no retry fixes become a
   * {@link RefusedException} naming the VNet and the zone: {@code LinkedAuthorizationFailed} (403:
   * the identity lacks {@code Microsoft.Network/virtualNetworks/join/action} on the VNet) and the
   * 400 {@code BadRequest} for a VNet already linked to another zone of the same name.
   */
  private void link(String domain, String vnet) {
    VirtualNetworkLinkInner link =
        new VirtualNetworkLinkInner()
            .withVirtualNetwork(new SubResource().withId(vnet))
            .withRegistrationEnabled(false);
    link.withLocation(LOCATION);
    PollResponse<PollResult<VirtualNetworkLinkInner>> last;
    try {
      last =
          client
              .getVirtualNetworkLinks()
              .beginCreateOrUpdate(
                  resourceGroup, domain, linkName(vnet), link, null, "*", Context.NONE)
              .waitForCompletion();
    } catch (ManagementException e) {
      if (status(e) == 412) {
        return; // linked meanwhile, under the name linkdns gives this VNet's link
      }
      // ARM refuses a link it may not make at once (403); Private DNS a second same-named zone on a
      // VNet with a 400.
      String code =
          find(e.getValue(), er -> LINKED_AUTHORIZATION_FAILED.equalsIgnoreCase(er.getCode()))
              .or(() -> find(e.getValue(), er -> says(er.getMessage(), OVERLAPPING_NAMESPACES)))
              .map(er -> er.getCode() + ": " + er.getMessage())
              .orElse("");
      throw refusal(domain, vnet, code).orElseThrow(() -> e);
    }
    // Past the 202 a refusal is the failed operation's error, and the SDK's final result is then no
    // exception, just null.
    try {
      succeeded(last, "link create", "zone " + zoneId(domain) + " to VNet " + vnet);
    } catch (OperationFailedException e) {
      throw refusal(domain, vnet, e.getMessage()).orElse(e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Waits for a long-running operation and returns its final result, raising the operation's
   * failure (see {@link #succeeded}).
   */
  private static <T> T finalResult(
      SyncPoller<PollResult<T>, T> poller, String operation, String resource) {
    succeeded(poller.waitForCompletion(), operation, resource);
    return poller.getFinalResult();
  }

  /**
   * Raises an operation that ended other than Succeeded (Failed, Canceled) as an {@link
   * OperationFailedException} with ARM's {@code error.code} and {@code error.message} from the
   * operation status: the SDK's final result would be null, and a caller taking that for success
   * would report a zone made or deleted that was not.
   */
  private static void succeeded(
      PollResponse<? extends PollResult<?>> last, String operation, String resource) {
    if (last.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
      return;
    }
    PollResult.Error error = last.getValue() == null ? null : last.getValue().getError();
    Optional<String> code = Optional.empty();
    String message = error == null || error.getMessage() == null ? "" : error.getMessage();
    if (error != null && error.getResponseBody() != null && !error.getResponseBody().isBlank()) {
      try {
        JsonNode said = JSON.readTree(error.getResponseBody()).path("error");
        if (said.path("code").isTextual() && !said.path("code").asText().isBlank()) {
          code = Optional.of(said.path("code").asText());
        }
        if (said.path("message").isTextual() && !said.path("message").asText().isBlank()) {
          message = said.path("message").asText();
        }
      } catch (java.io.IOException | RuntimeException notJson) {
        message = message.isBlank() ? error.getResponseBody() : message;
      }
    }
    throw new OperationFailedException(operation, resource, last.getStatus(), code, message);
  }

  /**
   * The refusal an error's text is: the VNet may not be joined, or already sees another zone of the
   * name.
   */
  private Optional<RuntimeException> refusal(String domain, String vnet, String said) {
    if (says(said, LINKED_AUTHORIZATION_FAILED)) {
      return Optional.of(
          new RefusedException(
              "virtualNetwork",
              vnet,
              LINKED_AUTHORIZATION_FAILED
                  + ": zone "
                  + zoneId(domain)
                  + " cannot be linked to VNet "
                  + vnet
                  + " because the function's identity lacks"
                  + " Microsoft.Network/virtualNetworks/join/action on it (grant the vnet joiner role there); nothing written"));
    }
    if (says(said, OVERLAPPING_NAMESPACES)) {
      return Optional.of(
          new RefusedException(
              "virtualNetwork",
              vnet,
              "VNet "
                  + vnet
                  + " is already linked to another private"
                  + " zone named "
                  + domain
                  + ", and Azure links one zone of a name per VNet: zone "
                  + zoneId(domain)
                  + " is not linked to it and nothing is written ("
                  + said.strip()
                  + ")"));
    }
    return Optional.empty();
  }

  private static boolean says(String text, String what) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(what.toLowerCase(Locale.ROOT));
  }

  /** The error or the first of its details (depth first) that matches. */
  private static Optional<ManagementError> find(
      ManagementError error, java.util.function.Predicate<ManagementError> matches) {
    if (error == null) {
      return Optional.empty();
    }
    if (matches.test(error)) {
      return Optional.of(error);
    }
    for (ManagementError detail :
        error.getDetails() == null ? List.<ManagementError>of() : error.getDetails()) {
      Optional<ManagementError> found = find(detail, matches);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * Removes a zone made by this reconcile, its links first; a failure here leaves it to the
   * empty-zone grace.
   */
  private void unmake(String domain) {
    try {
      for (VirtualNetworkLinkInner l :
          client.getVirtualNetworkLinks().list(resourceGroup, domain)) {
        finalResult(
            client
                .getVirtualNetworkLinks()
                .beginDelete(resourceGroup, domain, l.name(), l.etag(), Context.NONE),
            "link delete",
            linkId(domain, l.name()));
      }
      Optional<PrivateZoneInner> zone = getZone(domain);
      if (zone.isPresent()) {
        finalResult(
            client
                .getPrivateZones()
                .beginDelete(resourceGroup, domain, zone.get().etag(), Context.NONE),
            "zone delete",
            zoneId(domain));
      }
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger("linkdns")
          .warning(
              "zone "
                  + zoneId(domain)
                  + " made for a refused link was not"
                  + " removed ("
                  + e
                  + "); it holds nothing and goes after LINKDNS_ZONE_GRACE_MINUTES");
    }
  }

  @Override
  public Optional<Zone> get(String zoneId) {
    ResourceId id = ResourceId.parse("zoneId", zoneId);
    if (!id.type().equals("microsoft.network/privatednszones")
        || !id.inResourceGroup(resourceGroup)
        || !id.subscription().equalsIgnoreCase(subscriptionId)) {
      return Optional.empty();
    }
    String domain = DnsName.normalize(id.name());
    Optional<PrivateZoneInner> zone = getZone(domain);
    if (zone.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Zone(zoneId(domain), domain, links(domain), false, mark(zone.get())));
  }

  /** The listing carries each zone's tags, so zones that are not ours cost no further call. */
  @Override
  public List<Zone> list(ZoneOwnership ours) {
    List<Zone> out = new ArrayList<>();
    for (PrivateZoneInner z : client.getPrivateZones().listByResourceGroup(resourceGroup)) {
      String domain = DnsName.normalize(z.name());
      Zone bare = new Zone(zoneId(domain), domain, List.of(), false, mark(z));
      if (ours.manages(bare)) {
        out.add(bare.withNetworks(links(domain)));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<CurrentRecord> records(Zone zone) {
    List<CurrentRecord> out = new ArrayList<>();
    for (RecordSetInner inner : client.getRecordSets().list(resourceGroup, zone.domain())) {
      Optional<RecordType> type = recordType(inner.type());
      if (type.isEmpty()) {
        continue; // SOA, MX, PTR, SRV: never ours, and never in a layout's way
      }
      String name = "@".equals(inner.name()) ? zone.domain() : inner.name() + "." + zone.domain();
      RecordSet record = new RecordSet(name, type.get(), data(type.get(), inner));
      Optional<OwnerMarker> owner = owner(inner.metadata());
      boolean claimed =
          inner.metadata() != null
              && inner.metadata().keySet().stream().anyMatch(k -> MARKER.matcher(k).matches());
      // The ETag travels with the record set: the precondition of any write the plan makes of it.
      out.add(
          new CurrentRecord(
              record,
              owner,
              owner.isEmpty() && claimed
                  ? List.of("metadata " + inner.metadata() + " is not a linkdns marker")
                  : List.of(),
              inner.etag() == null ? Revision.NONE : Revision.of(inner.etag())));
    }
    return List.copyOf(out);
  }

  @Override
  public void apply(Zone zone, List<Change> batch) {
    for (Change change : batch) {
      apply(zone, change);
    }
  }

  private void apply(Zone zone, Change change) {
    RecordSet record = change.record();
    String relative = relativeName(zone.domain(), record.name());
    com.azure.resourcemanager.privatedns.models.RecordType type =
        com.azure.resourcemanager.privatedns.models.RecordType.fromString(record.type().name());
    try {
      if (change instanceof Change.Create c) {
        client
            .getRecordSets()
            .createOrUpdateWithResponse(
                resourceGroup,
                zone.domain(),
                type,
                relative,
                body(record, c.owner()),
                null,
                "*",
                Context.NONE);
      } else if (change instanceof Change.Update u) {
        String etag = precondition(u.before(), u.revision());
        client
            .getRecordSets()
            .createOrUpdateWithResponse(
                resourceGroup,
                zone.domain(),
                type,
                relative,
                body(record, u.owner()),
                etag,
                null,
                Context.NONE);
      } else if (change instanceof Change.Delete d) {
        String etag = precondition(d.record(), d.revision());
        client
            .getRecordSets()
            .deleteWithResponse(resourceGroup, zone.domain(), type, relative, etag, Context.NONE);
      }
    } catch (ManagementException e) {
      if (status(e) == 412) {
        throw new ConcurrentChangeException(
            change.verb()
                + " "
                + record.key()
                + " in "
                + zone.domain()
                + " refused: the record set changed since it was read (ETag)",
            e);
      }
      throw e;
    }
  }

  /**
   * The ETag to send with a replace or delete: the one read with {@code before}, which the change
   * carries. A change without one was not planned from a read, so it is re-read and re-planned.
   */
  private static String precondition(RecordSet before, Revision read) {
    if (read.tokens().size() != 1 || read.tokens().get(0).isEmpty()) {
      throw new ConcurrentChangeException(
          "no ETag for " + before.key() + " matching the planned state; re-reading", null);
    }
    return read.tokens().get(0);
  }

  @Override
  public ProviderLimits limits() {
    return ProviderLimits.AZURE_PRIVATE_DNS;
  }

  private Optional<PrivateZoneInner> getZone(String domain) {
    try {
      return Optional.of(client.getPrivateZones().getByResourceGroup(resourceGroup, domain));
    } catch (ManagementException e) {
      if (status(e) == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The VNets (canonical ids) the zone is linked to. */
  private List<String> links(String domain) {
    List<String> out = new ArrayList<>();
    for (VirtualNetworkLinkInner link :
        client.getVirtualNetworkLinks().list(resourceGroup, domain)) {
      if (link.virtualNetwork() != null && link.virtualNetwork().id() != null) {
        out.add(link.virtualNetwork().id().toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(out);
  }

  private String zoneId(String domain) {
    return ("/subscriptions/"
            + subscriptionId
            + "/resourceGroups/"
            + resourceGroup
            + "/providers/Microsoft.Network/privateDnsZones/"
            + domain)
        .toLowerCase(Locale.ROOT);
  }

  private String linkId(String domain, String linkName) {
    return zoneId(domain) + "/virtualnetworklinks/" + linkName.toLowerCase(Locale.ROOT);
  }

  /** A link name that is stable per VNet and within Azure's 80 characters. */
  static String linkName(String network) {
    ResourceId vnet = ResourceId.parse("network", network);
    String name = vnet.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
    if (name.length() > 50) {
      name = name.substring(0, 50);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(vnet.canonical().getBytes(StandardCharsets.UTF_8));
      return "linkdns-" + name + "-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  static String relativeName(String domain, String name) {
    if (name.equals(domain)) {
      return "@";
    }
    if (!name.endsWith("." + domain)) {
      throw new InvalidInputException("record.name", name, "is not within zone " + domain);
    }
    return name.substring(0, name.length() - domain.length() - 1);
  }

  static RecordSetInner body(RecordSet record, OwnerMarker owner) {
    RecordSetInner inner = new RecordSetInner().withMetadata(metadata(owner));
    if (!(record.data() instanceof RecordData.Values v)) {
      throw new InvalidInputException(
          "record",
          record.key(),
          "Azure Private DNS has no alias records; use a layout with addresses or names");
    }
    inner.withTtl(v.ttl());
    switch (record.type()) {
      case A ->
          inner.withARecords(
              v.values().stream().map(a -> new ARecord().withIpv4Address(a)).toList());
      case AAAA ->
          inner.withAaaaRecords(
              v.values().stream().map(a -> new AaaaRecord().withIpv6Address(a)).toList());
      case CNAME -> inner.withCnameRecord(new CnameRecord().withCname(v.values().get(0)));
      case TXT ->
          inner.withTxtRecords(
              v.values().stream().map(t -> new TxtRecord().withValue(List.of(t))).toList());
      default ->
          throw new InvalidInputException(
              "record", record.key(), "linkdns writes only A, AAAA, CNAME and TXT record sets");
    }
    return inner;
  }

  static Map<String, String> metadata(OwnerMarker owner) {
    Map<String, String> m = new LinkedHashMap<>();
    List<String> strings = owner.strings(METADATA_VALUE_MAX);
    for (int i = 0; i < strings.size(); i++) {
      m.put(MARKER_KEY + i, strings.get(i));
    }
    return m;
  }

  /** The owner marker from metadata; other metadata (a user's notes) is ignored. */
  static Optional<OwnerMarker> owner(Map<String, String> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return Optional.empty();
    }
    TreeMap<Integer, String> parts = new TreeMap<>();
    metadata.forEach(
        (k, v) -> {
          Matcher m = MARKER.matcher(k);
          if (m.matches() && v != null && m.group(1).length() < 4) {
            parts.put(Integer.parseInt(m.group(1)), v);
          }
        });
    return parts.isEmpty() ? Optional.empty() : OwnerMarker.parse(List.copyOf(parts.values()));
  }

  private static Optional<RecordType> recordType(String armType) {
    if (armType == null) {
      return Optional.empty();
    }
    String t = armType.substring(armType.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
    return switch (t) {
      case "A" -> Optional.of(RecordType.A);
      case "AAAA" -> Optional.of(RecordType.AAAA);
      case "CNAME" -> Optional.of(RecordType.CNAME);
      case "TXT" -> Optional.of(RecordType.TXT);
      default -> Optional.empty();
    };
  }

  private static RecordData data(RecordType type, RecordSetInner inner) {
    long ttl = inner.ttl() == null ? 0 : inner.ttl();
    List<String> values =
        switch (type) {
          case A ->
              list(inner.aRecords()).stream()
                  .map(ARecord::ipv4Address)
                  .filter(Objects::nonNull)
                  .toList();
          case AAAA ->
              list(inner.aaaaRecords()).stream()
                  .map(AaaaRecord::ipv6Address)
                  .filter(Objects::nonNull)
                  .toList();
          case CNAME ->
              inner.cnameRecord() == null || inner.cnameRecord().cname() == null
                  ? List.of()
                  : List.of(inner.cnameRecord().cname());
          case TXT ->
              list(inner.txtRecords()).stream().map(t -> String.join("", list(t.value()))).toList();
          default -> List.<String>of();
        };
    return new RecordData.Values(ttl, values);
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static int status(ManagementException e) {
    return e.getResponse() == null ? -1 : e.getResponse().getStatusCode();
  }

  /**
   * Writes the mark tags over the zone's tags as read, keeping every other tag (a PATCH replaces
   * the whole tag map), conditional on the ETag of that read. Zone does not carry an ETag, so it is
   * read right here: a tag written between this read and the PATCH makes a 412.
   */
  @Override
  public void remark(Zone zone, ZoneMark mark) {
    PrivateZoneInner current =
        getZone(zone.domain())
            .orElseThrow(
                () ->
                    new ConcurrentChangeException(
                        "zone " + zone.domain() + " is gone; not remarked", null));
    Map<String, String> tags = new TreeMap<>(current.tags() == null ? Map.of() : current.tags());
    tags.putAll(mark.tags());
    try {
      finalResult(
          client
              .getPrivateZones()
              .beginUpdate(
                  resourceGroup,
                  zone.domain(),
                  new PrivateZoneInner().withLocation(LOCATION).withTags(tags),
                  current.etag(),
                  Context.NONE),
          "zone tag update",
          zoneId(zone.domain()));
    } catch (ManagementException e) {
      throw concurrent(e, "remark of zone " + zone.domain());
    }
  }

  /**
   * Deletes nothing while the zone holds any record set but the apex SOA (Azure private zones have
   * no NS), read again here; then every link (Azure refuses to delete a linked zone), then the
   * zone, conditional on the ETag read after the links went, and only while its tags still carry
   * the owner of the mark the caller read.
   */
  @Override
  public void delete(Zone zone) {
    List<String> left = new ArrayList<>();
    for (RecordSetInner inner : client.getRecordSets().list(resourceGroup, zone.domain())) {
      String type =
          inner.type() == null
              ? "?"
              : inner.type().substring(inner.type().lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
      if (!(type.equals("SOA") && "@".equals(inner.name()))) {
        left.add(inner.name() + " " + type);
      }
    }
    if (!left.isEmpty()) {
      throw new ForeignZoneException(
          "zone "
              + zone.id()
              + " ("
              + zone.domain()
              + ") still holds record sets "
              + left
              + "; nothing deleted");
    }
    Optional<String> owner = ZoneOwnership.markOf(zone).map(ZoneMark::owner);
    Optional<PrivateZoneInner> before = getZone(zone.domain());
    if (before.isEmpty()) {
      return;
    }
    if (owner.isEmpty()
        || !ZoneMark.fromTags(before.get().tags()).map(ZoneMark::owner).equals(owner)) {
      throw new ForeignZoneException(
          "zone "
              + zone.id()
              + " ("
              + zone.domain()
              + ") is tagged "
              + ZoneMark.fromTags(before.get().tags())
                  .map(ZoneMark::text)
                  .orElse("with no linkdns mark")
              + ", not as "
              + owner.orElse("<no owner>")
              + "'s; nothing deleted");
    }
    try {
      for (VirtualNetworkLinkInner link :
          client.getVirtualNetworkLinks().list(resourceGroup, zone.domain())) {
        // A link whose delete failed stops here: the zone stays, marked as it was, for the next
        // reconcile to retry.
        finalResult(
            client
                .getVirtualNetworkLinks()
                .beginDelete(resourceGroup, zone.domain(), link.name(), link.etag(), Context.NONE),
            "link delete",
            linkId(zone.domain(), link.name())
                + " (VNet "
                + (link.virtualNetwork() == null ? "?" : link.virtualNetwork().id())
                + ")");
      }
      // The links' removal may change the zone's ETag: the precondition is the zone as it is now.
      Optional<PrivateZoneInner> unlinked = getZone(zone.domain());
      if (unlinked.isPresent()) {
        finalResult(
            client
                .getPrivateZones()
                .beginDelete(resourceGroup, zone.domain(), unlinked.get().etag(), Context.NONE),
            "zone delete",
            zoneId(zone.domain()));
      }
    } catch (ManagementException e) {
      throw concurrent(e, "delete of zone " + zone.domain());
    }
  }

  /**
   * One zone listing answers the count: it carries every zone's tags, and a zone of ours created
   * since the instant counts for the VNet its network tag names, without a further call. Only the
   * zones' resource group's writers (the operator, this function) can set that tag; an application
   * subscription cannot, so trusting it gives no spoke a way around its budget. A zone of ours
   * without a well-formed tag (made before the tag) counts when its links, read from Azure, include
   * the VNet: one call per such zone, and only for the hour after an upgrade.
   */
  @Override
  public List<Instant> createdSince(String network, ZoneOwnership ours, Instant since) {
    String vnet = network.toLowerCase(Locale.ROOT);
    List<Instant> out = new ArrayList<>();
    for (PrivateZoneInner z : client.getPrivateZones().listByResourceGroup(resourceGroup)) {
      Optional<Instant> created =
          ZoneMark.fromTags(z.tags())
              .filter(m -> m.owner().equals(ours.ownerId()))
              .flatMap(ZoneMark::created)
              .filter(t -> !t.isBefore(since));
      if (created.isEmpty()) {
        continue;
      }
      Optional<String> tagged = networkTag(z);
      if (tagged.isPresent()
          ? tagged.get().equals(vnet)
          : links(DnsName.normalize(z.name())).contains(vnet)) {
        out.add(created.get());
      }
    }
    return List.copyOf(out);
  }

  /** The VNet a zone was made for, from its network tag; empty when missing or not a VNet id. */
  private static Optional<String> networkTag(PrivateZoneInner zone) {
    String tag = zone.tags() == null ? null : zone.tags().get(ZoneMark.NETWORK_TAG);
    if (tag == null) {
      return Optional.empty();
    }
    try {
      ResourceId id = ResourceId.parse(ZoneMark.NETWORK_TAG, tag.trim());
      return id.type().equals("microsoft.network/virtualnetworks")
          ? Optional.of(id.canonical())
          : Optional.empty();
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  private static RuntimeException concurrent(ManagementException e, String what) {
    if (status(e) == 412) {
      return new ConcurrentChangeException(
          what + " refused: it changed since it was read (ETag)", e);
    }
    return e;
  }

  /**
   * The zone listing's tags pick ours; only their links are read, and those linked to the VNet
   * kept.
   */
  @Override
  public List<Zone> linkedTo(String network, ZoneOwnership ours) {
    String vnet = network.toLowerCase(Locale.ROOT);
    return list(ours).stream().filter(z -> z.networks().contains(vnet)).toList();
  }
}
