package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.ZoneMark;
import io.linkdns.core.reconcile.Outcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Someone who can create or tag private endpoints, write record sets, create zones or link VNets
 * tries to make linkdns write where it must not. Each case runs the real function against the ARM
 * fake and checks what a resolver would see: foreign zones, links and record sets exactly as
 * before, no write request on them, the legitimate zone intact, and a log line naming the refusal.
 */
class HostileTenantTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String G = ArmShapes.ZONE_GROUP;
  private static final String DOMAIN = ArmShapes.DOMAIN;
  private static final List<String> ALL_THREE =
      List.of(
          "* A 60 10.20.1.4,10.20.2.4,10.20.3.4",
          "*.az1 A 60 10.20.1.4",
          "*.az2 A 60 10.20.2.4",
          "*.az3 A 60 10.20.3.4");
  private static final List<String> CLAIMANTS =
      List.of(
          "* A 60 10.30.1.4,10.30.2.4,10.30.3.4",
          "*.az1 A 60 10.30.1.4",
          "*.az2 A 60 10.30.2.4",
          "*.az3 A 60 10.30.3.4");
  private static final String ATTACKER_SERVICE =
      "/subscriptions/"
          + ArmShapes.SUBSCRIPTION
          + "/resourceGroups/tenant-b/providers/Microsoft.Network/privateLinkServices/pls-sniffer";

  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** The three Confluent endpoints of the issue, wired by their first event. */
  private void legitimateZone(Map<String, String> env) {
    h = new Harness(env);
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
    h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
    h.deliver("pe-az1-write");
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
  }

  // ---- tags naming domains linkdns may not serve
  // -------------------------------------------------

  @ParameterizedTest(name = "linkdns-domain={0}")
  @ValueSource(
      strings = {
        "blob.core.windows.net",
        "privatelink.blob.core.windows.net",
        "management.azure.com",
        "vault.azure.net",
        "intranet.example.com",
        "notconfluent.cloud",
        "confluent.cloud.example.com",
        // Above a Confluent network: a zone there would answer NXDOMAIN for every Confluent name
        // below it.
        "centralus.azure.confluent.cloud",
        "azure.confluent.cloud",
        "azure.private.confluent.cloud",
        "confluent.cloud"
      })
  void aTagOutsideTheAllowedDomainsCreatesNoZoneAndLinksNoVnet(String domain) {
    legitimateZone(Map.of());
    Before legit = before(DOMAIN);
    hostileEndpoint(
        "pe-hostile",
        ArmShapes.VNET,
        ArmShapes.alias(1),
        "10.20.9.9",
        Map.of("linkdns-domain", domain));

    List<Outcome> outcomes = write("pe-hostile");
    List<Outcome> swept = sweep();

    assertThat(outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED));
    assertThat(swept)
        .noneMatch(
            o -> o.status() == Outcome.Status.FAILED || o.status() == Outcome.Status.CHANGED);
    assertThat(h.fake.zone(G, domain)).isEmpty();
    assertThat(h.fake.requests()).noneMatch(ArmFake.Request::isWrite);
    legit.assertUnchanged();
    assertRefusalLogged("pe-hostile", "linkdns-domain", domain);
  }

  @Test
  void anAllowListAsWideAsComStillRefusesTheCloudsOwnNames() {
    legitimateZone(Map.of("LINKDNS_ALLOWED_DOMAINS", "com,net,cloud"));
    Before legit = before(DOMAIN);
    hostileEndpoint(
        "pe-hostile",
        ArmShapes.VNET,
        ArmShapes.alias(1),
        "10.20.9.9",
        Map.of("linkdns-domain", "login.microsoftonline.com"));

    assertThat(write("pe-hostile"))
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED));
    sweep();

    assertThat(h.fake.zone(G, "login.microsoftonline.com")).isEmpty();
    assertThat(h.fake.requests()).noneMatch(ArmFake.Request::isWrite);
    legit.assertUnchanged();
    assertRefusalLogged(
        "pe-hostile", "linkdns-domain", "cloud provider's own suffix microsoftonline.com");
  }

  @ParameterizedTest(name = "LINKDNS_ALLOWED_DOMAINS={0}")
  @ValueSource(
      strings = {
        "azure.com",
        "windows.net",
        "confluent.cloud,core.windows.net",
        "privatelink.azure.com",
        "*.azure.net"
      })
  void aCloudsOwnSuffixInTheAllowListStopsTheFunctionAtStartUp(String allowed) {
    Map<String, String> env =
        Map.of(
            "AZURE_SUBSCRIPTION_ID", ArmShapes.SUBSCRIPTION,
            "LINKDNS_ZONE_RESOURCE_GROUP", G,
            "LINKDNS_ALLOWED_DOMAINS", allowed);

    // Refused while the settings are read, before any credential or client exists.
    assertThatThrownBy(() -> AzureWiring.fromEnvironment(env))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("LINKDNS_ALLOWED_DOMAINS")
        .hasMessageContaining("cloud provider's own service suffix");
  }

  @Test
  void aPinnedDomainOnAnotherServicesEndpointIsRefused() {
    legitimateZone(
        Map.of(
            "LINKDNS_RULES",
            "[{\"service\":\"s-p8xo76-privatelink-*\",\"domain\":\"" + DOMAIN + "\"}]"));
    Before legit = before(DOMAIN);
    // Someone's own Private Link service, in the Kafka VNet, tagged with the Confluent cluster's
    // domain.
    hostileEndpoint(
        "pe-sniffer",
        ArmShapes.VNET,
        ATTACKER_SERVICE,
        "10.20.1.99",
        Map.of("linkdns-domain", DOMAIN, "linkdns-zone", "1"));

    assertThat(write("pe-sniffer"))
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED));
    h.deliver("pe-az1-write");
    sweep();

    assertThat(h.fake.requests()).noneMatch(ArmFake.Request::isWrite);
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    legit.assertUnchanged();
    assertRefusalLogged("pe-sniffer", "linkdns-domain", "pin it to service s-p8xo76-privatelink-*");
  }

  // ---- zones linkdns did not create
  // --------------------------------------------------------------

  @Test
  void aForgedMarkerInAZoneLinkdnsNeverCreatedIsNotObeyed() {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
    // The network team's own zone for the domain, linked to the Kafka VNet, with their record;
    // someone
    // added linkdns-looking metadata naming an endpoint that no longer exists (and a matching
    // checksum).
    h.fake.createZone(G, DOMAIN, Optional.of(ArmShapes.VNET), Map.of("owner", "network-team"));
    String gone = ArmShapes.endpointId("pe-gone").toLowerCase(Locale.ROOT);
    h.fake.writeRecordDirectly(G, DOMAIN, "A", "*.az1", forgedA("192.0.2.50", gone, true));
    h.fake.writeRecordDirectly(G, DOMAIN, "A", "*", forgedA("192.0.2.51", gone, false));
    Before theirs = before(DOMAIN);

    List<Outcome> outcomes = new ArrayList<>(h.deliver("pe-az1-write"));
    outcomes.addAll(deleted("pe-gone"));
    outcomes.addAll(h.deliver("record-wildcard-written-by-user"));
    for (int i = 0; i < 3; i++) {
      outcomes.addAll(sweep());
    }

    theirs.assertUnchanged();
    assertThat(h.fake.requests()).noneMatch(ArmFake.Request::isWrite);
    assertThat(outcomes)
        .noneMatch(
            o -> o.status() == Outcome.Status.CHANGED || o.status() == Outcome.Status.FAILED);
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("WARN");
              assertThat(l.path("status").asText()).isEqualTo("REFUSED");
              assertThat(l.path("refused").toString())
                  .containsIgnoringCase("privatednszones/" + DOMAIN)
                  .contains("was not created by linkdns");
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"linked,true", "not yet linked to the endpoint's VNet,false"})
  void aZoneMarkedOnlyWithTheOlderOwnerTagIsStillOurs(String label, boolean linked) {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
    h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
    h.fake.createZone(
        G,
        DOMAIN,
        linked ? Optional.of(ArmShapes.VNET) : Optional.empty(),
        Map.of("linkdns-owner", "linkdns"));

    List<Outcome> outcomes = h.deliver("pe-az1-write");

    assertThat(outcomes).noneMatch(o -> o.status() == Outcome.Status.REFUSED);
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    assertThat(h.fake.linksOf(G, DOMAIN))
        .anyMatch(l -> l.toString().toLowerCase(Locale.ROOT).contains("vnet-kafka"));
    assertThat(h.fake.zone(G, DOMAIN).orElseThrow().path("tags").path("linkdns-owner").asText())
        .isEqualTo("linkdns");
  }

  @Test
  void aZoneLinkdnsCreatesCarriesTheSameMarkTextAsARoute53Comment() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    legitimateZone(Map.of());

    JsonNode tags = h.fake.zone(G, DOMAIN).orElseThrow().path("tags");
    assertThat(tags.path("linkdns-owner").asText()).isEqualTo("linkdns");
    assertThat(ZoneMark.parse(tags.path("linkdns-mark").asText()))
        .hasValueSatisfying(
            mark -> {
              assertThat(mark.owner()).isEqualTo("linkdns");
              assertThat(mark.created())
                  .hasValueSatisfying(t -> assertThat(t).isBetween(before, Instant.now()));
              assertThat(mark.emptySince()).isEmpty();
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "untagged and not linked,,",
    "untagged and linked to another VNet,,"
        + "/subscriptions/"
        + ArmShapes.SUBSCRIPTION
        + "/resourceGroups/other-rg/providers/Microsoft.Network/virtualNetworks/vnet-other",
    "marked by another linkdns installation,linkdns-eu,"
  })
  void aForeignZoneOfTheWantedNameIsNeitherLinkedNorWritten(
      String label, String ownerTag, String linkedVnet) {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
    h.fake.createZone(
        G,
        DOMAIN,
        Optional.ofNullable(linkedVnet),
        ownerTag == null ? Map.of() : Map.of("linkdns-owner", ownerTag));
    ObjectNode theirRecord = JSON.createObjectNode().put("ttl", 300);
    theirRecord.putArray("aRecords").addObject().put("ipv4Address", "192.0.2.10");
    h.fake.writeRecordDirectly(G, DOMAIN, "A", "*", theirRecord);
    Before theirs = before(DOMAIN);

    List<Outcome> outcomes = new ArrayList<>(h.deliver("pe-az1-write"));
    outcomes.addAll(write("pe-kafka-az2"));
    outcomes.addAll(sweep());

    theirs.assertUnchanged();
    assertThat(h.fake.linksOf(G, DOMAIN))
        .noneMatch(l -> l.toString().toLowerCase(Locale.ROOT).contains("vnet-kafka"));
    assertThat(h.fake.requests())
        .as("no PUT or DELETE on their zone, its links or records")
        .noneMatch(ArmFake.Request::isWrite);
    assertThat(outcomes)
        .filteredOn(o -> o.domain().equals(DOMAIN))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED));
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("WARN");
              assertThat(l.path("refused").toString())
                  .contains("was not created by linkdns owner=linkdns")
                  .contains("the network was not linked");
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "marker naming a live endpoint whose address it is not,pe-kafka-az1,false",
    "marker naming a live endpoint with a checksum of other values,pe-kafka-az1,wrong",
    "checksum-less marker naming an endpoint that never existed,pe-never,false",
    "checksum-less marker naming a deleted endpoint,pe-kafka-az3,false",
    // Anyone who may write metadata can compute the unkeyed checksum of earlier versions.
    "unkeyed checksum of its very values naming an endpoint that never existed,pe-never,unkeyed",
    "seal of another key naming an endpoint that never existed,pe-never,otherkey"
  })
  void aForgedMarkerBesideAForeignValueInALinkdnsZoneIsNotObeyed(
      String label, String named, String sum) {
    h = new Harness(Map.of("LINKDNS_SEAL_KEY", "azure-hostile-tenant-seal-key"));
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
    h.deliver("pe-az1-write");
    // Someone's record at a name the layout writes (zone 3, which has no endpoint), dressed as
    // linkdns's.
    String id = ArmShapes.endpointId(named).toLowerCase(Locale.ROOT);
    ObjectNode forged = forgedA("192.0.2.77", id, false);
    if (sum.equals("wrong")) {
      OwnerMarker other =
          OwnerMarker.of("linkdns", "confluent-azure-dedicated", List.of(id))
              .sealing(RecordSet.values("*.az3." + DOMAIN, RecordType.A, 60, List.of("10.20.1.4")));
      forged.set("metadata", JSON.valueToTree(AzurePrivateDnsZones.metadata(other)));
    }
    if (sum.equals("unkeyed") || sum.equals("otherkey")) {
      RecordSet theirs =
          RecordSet.values("*.az3." + DOMAIN, RecordType.A, 60, List.of("192.0.2.77"));
      OwnerMarker claim = OwnerMarker.of("linkdns", "confluent-azure-dedicated", List.of(id));
      OwnerMarker other =
          sum.equals("unkeyed")
              ? claim.sealing(theirs)
              : claim.sealedWith(
                  io.linkdns.core.ownership.SealKey.of("test", "the-attackers-own-seal-key"),
                  theirs);
      forged.set("metadata", JSON.valueToTree(AzurePrivateDnsZones.metadata(other)));
    }
    h.fake.writeRecordDirectly(G, DOMAIN, "A", "*.az3", forged);
    ObjectNode victim = h.record("A", "*.az3");
    TreeSet<String> view = h.zoneView();
    h.fake.clearRequests();

    List<Outcome> outcomes = new ArrayList<>(h.deliver("pe-az1-write"));
    outcomes.addAll(deleted("pe-kafka-az3"));
    for (int i = 0; i < 2; i++) {
      outcomes.addAll(sweep());
    }

    assertThat(h.record("A", "*.az3")).as("their record, metadata and ETag").isEqualTo(victim);
    assertThat(h.zoneView())
        .isEqualTo(view)
        .contains("*.az3 A 60 192.0.2.77", "* A 60 10.20.1.4,10.20.2.4");
    assertThat(h.fake.requests()).noneMatch(ArmFake.Request::isWrite);
    assertThat(outcomes).noneMatch(o -> o.status() == Outcome.Status.FAILED);
    assertThat(h.logJson())
        .anySatisfy(
            l ->
                assertThat(l.path("notes").toString())
                    .contains("marker for *.az3." + DOMAIN + " A ignored"));
  }

  // ---- a second network claiming a shared zone
  // ---------------------------------------------------

  @ParameterizedTest(name = "claimant''s events {0}")
  @ValueSource(strings = {"after the incumbent's", "before the incumbent's"})
  void aSecondVnetLinkedToTheZoneDoesNotTakeItOverWhileTheIncumbentLives(String order) {
    legitimateZone(Map.of());
    // Tenant B links its VNet to linkdns's zone and creates endpoints there with the same tags.
    h.fake.linkZone(G, DOMAIN, "tenant-b-link", ArmShapes.VNET_2);
    for (int zone = 1; zone <= 3; zone++) {
      hostileEndpoint(
          "pe-b-az" + zone,
          ArmShapes.VNET_2,
          ArmShapes.alias(zone),
          "10.30." + zone + ".4",
          Map.of("linkdns-domain", DOMAIN, "linkdns-zone", Integer.toString(zone)));
    }
    h.fake.clearRequests();

    List<Outcome> outcomes = new ArrayList<>();
    List<String> incumbent = List.of("pe-kafka-az1", "pe-kafka-az2", "pe-kafka-az3");
    List<String> claimant = List.of("pe-b-az3", "pe-b-az1", "pe-b-az2");
    for (List<String> batch :
        order.startsWith("after") ? List.of(incumbent, claimant) : List.of(claimant, incumbent)) {
      batch.forEach(name -> outcomes.addAll(write(name)));
    }
    for (int i = 0; i < 3; i++) {
      outcomes.addAll(sweep());
      assertThat(h.zoneView()).as("after sweep %d", i + 1).containsExactlyElementsOf(ALL_THREE);
    }
    outcomes.addAll(write("pe-b-az1"));

    assertThat(h.fake.requests())
        .as("no record flips between the networks")
        .noneMatch(ArmFake.Request::isWrite);
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    assertThat(outcomes).noneMatch(o -> o.status() == Outcome.Status.FAILED);
    assertThat(outcomes)
        .filteredOn(o -> o.domain().equals(DOMAIN))
        .isNotEmpty()
        .allSatisfy(
            o -> assertThat(o.conflicts()).as("claims of tenant B are reported").hasSize(4));
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("WARN");
              assertThat(l.path("conflicts").toString())
                  .containsIgnoringCase("claimed by")
                  .containsIgnoringCase("pe-b-az1")
                  .containsIgnoringCase("vnet-tenant-b");
            });

    // The incumbent network's endpoints go: the claimant takes over, once, and then stays.
    incumbent.forEach(name -> h.fake.removeEndpoint(ArmShapes.endpointId(name)));
    incumbent.forEach(name -> deleted(name));
    assertThat(h.zoneView()).containsExactlyElementsOf(CLAIMANTS);
    OwnerMarker owner = AzurePrivateDnsZones.owner(metadata(h.record("A", "*"))).orElseThrow();
    assertThat(owner.endpoints()).allMatch(e -> e.contains("/pe-b-az"));
    h.fake.clearRequests();
    sweep();
    sweep();
    assertThat(h.fake.requests()).noneMatch(ArmFake.Request::isWrite);
    assertThat(h.zoneView()).containsExactlyElementsOf(CLAIMANTS);
  }

  @Test
  void anEndpointInAnUnlinkedVnetGetsTheLinkButNotTheNames() {
    legitimateZone(Map.of());
    hostileEndpoint(
        "pe-b-az1",
        ArmShapes.VNET_2,
        ArmShapes.alias(1),
        "10.30.1.4",
        Map.of("linkdns-domain", DOMAIN, "linkdns-zone", "1"));
    h.fake.clearRequests();

    List<Outcome> outcomes = new ArrayList<>(write("pe-b-az1"));
    outcomes.addAll(sweep());
    outcomes.addAll(sweep());

    // Linking the zone to the endpoint's VNet is what the zone is for; its names stay the
    // incumbent's.
    assertThat(h.fake.requests())
        .filteredOn(ArmFake.Request::isWrite)
        .satisfiesExactly(
            zone ->
                assertThat(zone.status())
                    .as("conditional create of the existing zone, refused")
                    .isEqualTo(412),
            link ->
                assertThat(link.path())
                    .containsIgnoringCase("/virtualNetworkLinks/linkdns-vnet-tenant-b-"));
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    assertThat(outcomes)
        .filteredOn(o -> o.domain().equals(DOMAIN))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.conflicts()).isNotEmpty());
  }

  // ---- names DNS cannot hold -----------------------------------------------------------------

  @ParameterizedTest(name = "domain of {0} characters")
  @ValueSource(ints = {249, 253, 256})
  void aDomainTooLongForItsNamesIsRefusedOnceNotRetried(int length) {
    // Widened: Confluent's own shapes alone would refuse these deep names before their length is
    // asked.
    legitimateZone(Map.of("LINKDNS_ALLOWED_DOMAINS", "confluent.cloud"));
    Before legit = before(DOMAIN);
    String domain = longDomain(length);
    hostileEndpoint(
        "pe-long",
        ArmShapes.VNET,
        ArmShapes.alias(1),
        "10.20.9.9",
        Map.of("linkdns-domain", domain, "linkdns-zone", "1"));

    // The function does not throw: Event Grid gets no failure to redeliver, the timer no failure to
    // report.
    List<Outcome> outcomes = new ArrayList<>(write("pe-long"));
    for (int i = 0; i < 3; i++) {
      outcomes.addAll(sweep());
    }

    assertThat(outcomes)
        .filteredOn(o -> o.refusals().toString().contains("pe-long") || o.domain().equals(domain))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED));
    assertThat(outcomes).noneMatch(o -> o.status() == Outcome.Status.FAILED);
    assertThat(h.fake.zone(G, domain)).isEmpty();
    assertThat(h.fake.requests()).noneMatch(ArmFake.Request::isWrite);
    legit.assertUnchanged();
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("status").asText()).isEqualTo("REFUSED");
              assertThat(l.path("refused").toString()).contains("253");
            });
  }

  // ---- helpers
  // ------------------------------------------------------------------------------------

  /**
   * Everything the fake holds for one zone (the zone, its links, its record sets), to compare
   * later.
   */
  private final class Before {
    final String zone;
    final Optional<ObjectNode> resource;
    final List<ObjectNode> links;
    final Map<String, ObjectNode> records;

    Before(String zone) {
      this.zone = zone;
      this.resource = h.fake.zone(G, zone).map(ObjectNode::deepCopy);
      this.links = h.fake.linksOf(G, zone).stream().map(ObjectNode::deepCopy).toList();
      this.records = h.fake.recordsOf(G, zone);
    }

    void assertUnchanged() {
      assertThat(h.fake.zone(G, zone)).as("zone %s", zone).isEqualTo(resource);
      assertThat(h.fake.linksOf(G, zone)).as("links of %s", zone).containsExactlyElementsOf(links);
      assertThat(h.fake.recordsOf(G, zone)).as("record sets of %s", zone).isEqualTo(records);
      assertThat(h.fake.requests())
          .as("write requests on %s", zone)
          .noneMatch(
              r ->
                  r.isWrite()
                      && (r.path().toLowerCase(Locale.ROOT).endsWith("/privatednszones/" + zone)
                          || r.path()
                              .toLowerCase(Locale.ROOT)
                              .contains("/privatednszones/" + zone + "/")));
    }
  }

  private Before before(String zone) {
    Before b = new Before(zone);
    h.fake.clearRequests();
    return b;
  }

  private void hostileEndpoint(
      String name, String vnet, String service, String ip, Map<String, String> tags) {
    h.fake.putEndpoint(ArmShapes.endpoint(name, "Approved", "Succeeded", tags, service, vnet));
    h.fake.putInterface(ArmShapes.networkInterface(name, ip, vnet));
  }

  private List<Outcome> write(String endpointName) {
    String body = Harness.fixture("pe-az1-write").replace("pe-kafka-az1", endpointName);
    return h.function.handle(body, Handler.log(h.logger), "invocation-write-" + endpointName);
  }

  private List<Outcome> deleted(String endpointName) {
    String body = Harness.fixture("pe-az3-delete").replace("pe-kafka-az3", endpointName);
    return h.function.handle(body, Handler.log(h.logger), "invocation-delete-" + endpointName);
  }

  private List<Outcome> sweep() {
    return h.function.sweepAll(Handler.log(h.logger), "timer");
  }

  /**
   * An A record set at some value, with metadata that looks like linkdns's marker for the given
   * endpoint.
   */
  private static ObjectNode forgedA(String ip, String endpointId, boolean sealed) {
    ObjectNode p = JSON.createObjectNode().put("ttl", 60);
    p.putArray("aRecords").addObject().put("ipv4Address", ip);
    OwnerMarker marker =
        OwnerMarker.of("linkdns", "confluent-azure-dedicated", List.of(endpointId));
    if (sealed) {
      marker = marker.sealing(RecordSet.values("x." + DOMAIN, RecordType.A, 60, List.of(ip)));
    }
    p.set("metadata", JSON.valueToTree(AzurePrivateDnsZones.metadata(marker)));
    return p;
  }

  private void assertRefusalLogged(String endpointName, String... mentions) {
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("WARN");
              assertThat(l.path("status").asText()).isEqualTo("REFUSED");
              String refused = l.path("refused").toString();
              assertThat(refused).containsIgnoringCase(ArmShapes.endpointId(endpointName));
              for (String m : mentions) {
                assertThat(refused).contains(m);
              }
            });
  }

  /** A syntactically valid domain of exactly {@code length} characters under confluent.cloud. */
  private static String longDomain(int length) {
    String suffix = ".centralus.azure.confluent.cloud";
    StringBuilder b = new StringBuilder();
    while (b.length() + suffix.length() < length) {
      int room = length - suffix.length() - b.length() - (b.length() == 0 ? 0 : 1);
      int label = Math.min(63, room);
      if (label <= 0) {
        break;
      }
      if (b.length() > 0) {
        b.append('.');
      }
      b.append("p".repeat(label));
    }
    String d = b + suffix;
    assertThat(d).hasSize(length);
    return d;
  }

  private static Map<String, String> metadata(JsonNode record) {
    return JSON.convertValue(
        record.path("properties").path("metadata"),
        JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
  }

  // ---- delete amplification and deadlines
  // ---------------------------------------------------------

  /** One delivery of delete events for endpoints that never existed, each with its own id. */
  private static String deletesOfMadeUpEndpoints(int n) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(
          Harness.fixture("pe-az3-delete")
              .replace("pe-kafka-az3", "pe-made-up-" + i)
              .replace(
                  "a1d0c6e8-1111-4f2b-9c3d-000000000004",
                  "a1d0c6e8-1111-4f2b-9c3d-0000000010" + String.format("%02d", i)));
    }
    return "[" + String.join(",", events) + "]";
  }

  private Map<String, Long> requestsFor(String body) {
    h.fake.clearRequests();
    h.function.handle(body, Handler.log(h.logger), "invocation");
    Map<String, Long> counts = new java.util.TreeMap<>();
    h.fake
        .requests()
        .forEach(
            r ->
                counts.merge(
                    r.method()
                        + " "
                        + r.path()
                            .replaceAll(".*/providers/", "")
                            .replaceAll("pe-made-up-[0-9]+", "pe-made-up-N"),
                    1L,
                    Long::sum));
    return counts;
  }

  @Test
  void deletesOfUnknownEndpointsInOneDeliveryCostOnePassOverTheZones() {
    legitimateZone(Map.of());
    Map<String, Long> one = requestsFor(deletesOfMadeUpEndpoints(1));
    Map<String, Long> ten = requestsFor(deletesOfMadeUpEndpoints(10));

    Map<String, Long> zoneReads = new java.util.TreeMap<>(ten);
    zoneReads.keySet().removeIf(k -> k.contains("privateEndpoints"));
    Map<String, Long> zoneReadsForOne = new java.util.TreeMap<>(one);
    zoneReadsForOne.keySet().removeIf(k -> k.contains("privateEndpoints"));
    assertThat(zoneReadsForOne).isNotEmpty();
    assertThat(zoneReads)
        .as("zone and record-set reads for ten unknown endpoints")
        .isEqualTo(zoneReadsForOne);
    assertThat(ten.keySet()).noneMatch(k -> k.startsWith("PUT") || k.startsWith("DELETE"));
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
  }

  @Test
  void aDeliveryWhoseTimeIsGoneWritesNothingAndFails() {
    h = new Harness(Map.of());
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.fake.clearRequests();

    assertThatThrownBy(
            () ->
                h.function.handle(
                    Harness.fixture("pe-az1-write"),
                    Handler.log(h.logger),
                    "late",
                    io.linkdns.core.Deadline.in(java.time.Duration.ZERO)))
        .isInstanceOf(io.linkdns.core.DeadlineExceededException.class);

    assertThat(h.fake.requests()).isEmpty();
    assertThat(h.logJson())
        .anySatisfy(
            line -> {
              assertThat(line.path("level").asText()).isEqualTo("ERROR");
              assertThat(line.path("exception").asText())
                  .isEqualTo("io.linkdns.core.DeadlineExceededException");
            });
  }

  @Test
  void aStalledResourceManagerIsCutAtTheDeadlineNotAfterItsRetries() {
    h = new Harness(Map.of());
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.fake.clearRequests();
    h.fake.stall("privateEndpoints", java.time.Duration.ofSeconds(20));

    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                h.function.handle(
                    Harness.fixture("pe-az1-write"),
                    Handler.log(h.logger),
                    "stalled",
                    io.linkdns.core.Deadline.in(java.time.Duration.ofSeconds(2))))
        .isInstanceOf(io.linkdns.core.DeadlineExceededException.class);
    java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
    h.fake.stall("privateEndpoints", java.time.Duration.ZERO);

    assertThat(took)
        .as("answered at the 2 s deadline, not after 20 s or the retries")
        .isLessThan(java.time.Duration.ofSeconds(8));
    assertThat(h.fake.writes()).isZero();
    assertThat(h.logJson())
        .anySatisfy(line -> assertThat(line.path("error").asText()).contains("ARM GET"));
  }
}
