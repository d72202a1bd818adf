package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.ForeignZoneException;
import io.linkdns.core.ownership.ZoneMark;
import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.reconcile.ConcurrentChangeException;
import io.linkdns.core.reconcile.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Azure zone directory's lifecycle calls (remark, delete, createdSince) through the real SDK
 * clients against the ARM fake: tags kept and conditional, nothing deleted from a zone that holds a
 * record set, and the budget's count limited to this installation's recent zones in the VNet.
 */
class AzureZoneLifecycleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = ArmShapes.ZONE_GROUP;
  private static final String DOMAIN = ArmShapes.DOMAIN;

  private Harness h;
  private AzurePrivateDnsZones zones;
  private ZoneOwnership ours;

  @BeforeEach
  void start() {
    h = new Harness();
    zones = h.wiring.zones();
    ours = h.wiring.settings().core().options().ownership();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private Map<String, String> tags(String zone) {
    Map<String, String> out = new HashMap<>();
    h.fake
        .zone(GROUP, zone)
        .orElseThrow()
        .path("tags")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  @Test
  void remarkWritesTheMarkTagsAndKeepsEveryOtherTag() {
    Zone zone = zones.create(DOMAIN, ArmShapes.VNET);
    Map<String, String> withTeam = new HashMap<>(tags(DOMAIN));
    withTeam.put("team", "platform");
    h.fake.tagZoneDirectly(GROUP, DOMAIN, withTeam);
    ZoneMark empty =
        ZoneOwnership.markOf(zone).orElseThrow().emptySince(Instant.parse("2026-12-04T10:00:00Z"));

    zones.remark(zone, empty);

    assertThat(tags(DOMAIN))
        .containsEntry("team", "platform")
        .containsEntry(ZoneMark.OWNER_TAG, ours.ownerId())
        .containsEntry(ZoneMark.MARK_TAG, empty.text());
    assertThat(zones.get(zone.id()).orElseThrow().mark()).contains(empty.text());
    assertThat(
            ZoneOwnership.markOf(zones.get(zone.id()).orElseThrow()).flatMap(ZoneMark::emptySince))
        .contains(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(h.fake.requests())
        .anySatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("PATCH");
              assertThat(r.headers()).containsKey("if-match");
            });
  }

  @Test
  void aTagChangedBetweenReadAndWriteIsAConcurrentChangeAndOurMarkIsNotWritten() {
    Zone zone = zones.create(DOMAIN, ArmShapes.VNET);
    Map<String, String> operators = new HashMap<>(tags(DOMAIN));
    operators.put("cost-centre", "4711");
    h.fake.beforeNextZoneWrite(f -> f.tagZoneDirectly(GROUP, DOMAIN, operators));
    ZoneMark empty = ZoneOwnership.markOf(zone).orElseThrow().emptySince(Instant.now());

    assertThatThrownBy(() -> zones.remark(zone, empty))
        .isInstanceOf(ConcurrentChangeException.class)
        .hasMessageContaining(DOMAIN);

    assertThat(tags(DOMAIN)).isEqualTo(operators);
    assertThat(h.fake.requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(412));
  }

  @Test
  void deletingAnEmptyZoneRemovesEveryLinkThenTheZone() {
    Zone zone = zones.create(DOMAIN, ArmShapes.VNET);
    h.fake.linkZone(GROUP, DOMAIN, "operator-link", ArmShapes.VNET_2);
    h.fake.clearRequests();

    zones.delete(zone);

    assertThat(h.fake.zone(GROUP, DOMAIN)).isEmpty();
    assertThat(h.fake.linksOf(GROUP, DOMAIN)).isEmpty();
    List<ArmFake.Request> deletes =
        h.fake.requests().stream().filter(r -> r.method().equals("DELETE")).toList();
    assertThat(deletes)
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(r.headers()).containsKey("if-match");
              assertThat(r.status()).isEqualTo(202);
            });
    assertThat(deletes.get(2).path()).endsWith("/privateDnsZones/" + DOMAIN);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "A, db, '{\"ttl\":300,\"aRecords\":[{\"ipv4Address\":\"10.9.9.9\"}]}'",
    "TXT, '@', '{\"ttl\":300,\"txtRecords\":[{\"value\":[\"verification\"]}]}'",
    "CNAME, '*', '{\"ttl\":60,\"cnameRecord\":{\"cname\":\"elsewhere.example\"}}'",
    "MX, '@', '{\"ttl\":300,\"mxRecords\":[{\"preference\":10,\"exchange\":\"mail.example\"}]}'"
  })
  void aZoneHoldingAnyRecordSetIsNotDeletedAndNothingIsUnlinked(
      String type, String name, String properties) throws Exception {
    Zone zone = zones.create(DOMAIN, ArmShapes.VNET);
    h.fake.writeRecordDirectly(GROUP, DOMAIN, type, name, JSON.readTree(properties));
    h.fake.clearRequests();

    assertThatThrownBy(() -> zones.delete(zone))
        .isInstanceOf(ForeignZoneException.class)
        .hasMessageContaining(DOMAIN)
        .hasMessageContaining(name + " " + type);

    assertThat(h.fake.zone(GROUP, DOMAIN)).isPresent();
    assertThat(h.fake.linksOf(GROUP, DOMAIN)).hasSize(1);
    assertThat(h.fake.writes()).isZero();
  }

  @Test
  void aZoneWhoseTagsNoLongerNameUsIsNotDeleted() {
    Zone zone = zones.create(DOMAIN, ArmShapes.VNET);
    h.fake.tagZoneDirectly(GROUP, DOMAIN, Map.of(ZoneMark.OWNER_TAG, "network-team"));
    h.fake.clearRequests();

    assertThatThrownBy(() -> zones.delete(zone))
        .isInstanceOf(ForeignZoneException.class)
        .hasMessageContaining("network-team");

    assertThat(h.fake.zone(GROUP, DOMAIN)).isPresent();
    assertThat(h.fake.linksOf(GROUP, DOMAIN)).hasSize(1);
    assertThat(h.fake.writes()).isZero();
  }

  @Test
  void createdSinceCountsOnlyOurRecentZonesLinkedToTheVnet() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant since = now.minus(Duration.ofHours(1));
    String vnetUpper = ArmShapes.VNET.toUpperCase(java.util.Locale.ROOT);
    // counted: ours, recent, linked to the VNet (once with the id in another case, as Azure may
    // return it)
    h.fake.createZone(
        GROUP,
        "a.example",
        Optional.of(ArmShapes.VNET),
        ZoneMark.created(ours.ownerId(), now.minusSeconds(60)).tags());
    h.fake.createZone(
        GROUP, "b.example", Optional.of(vnetUpper), ZoneMark.created(ours.ownerId(), since).tags());
    // not counted: another installation's zone, an older zone of ours, a recent zone of ours in
    // another VNet, an unmarked zone
    h.fake.createZone(
        GROUP,
        "foreign.example",
        Optional.of(ArmShapes.VNET),
        ZoneMark.created("other-installation", now).tags());
    h.fake.createZone(
        GROUP,
        "old.example",
        Optional.of(ArmShapes.VNET),
        ZoneMark.created(ours.ownerId(), since.minusSeconds(1)).tags());
    h.fake.createZone(
        GROUP,
        "elsewhere.example",
        Optional.of(ArmShapes.VNET_2),
        ZoneMark.created(ours.ownerId(), now).tags());
    h.fake.createZone(
        GROUP, "plain.example", Optional.of(ArmShapes.VNET), Map.of("team", "platform"));
    h.fake.clearRequests();

    List<Instant> created = zones.createdSince(ArmShapes.VNET, ours, since);

    assertThat(created).containsExactlyInAnyOrder(now.minusSeconds(60), since);
    // One listing of zones, then the links of the three recent zones of ours only.
    assertThat(h.fake.requests()).hasSize(4);
    assertThat(
            h.fake.requests().stream()
                .filter(r -> r.path().endsWith("/virtualNetworkLinks"))
                .map(ArmFake.Request::path))
        .hasSize(3)
        .noneMatch(
            p ->
                p.contains("foreign.example")
                    || p.contains("old.example")
                    || p.contains("plain.example"));
  }

  /**
   * A sweep's budget check before each new zone, as the reconciler makes it, across two VNets: the
   * check costs one zone listing however many zones came before (it read the links of every recent
   * zone, once per new zone, so the n-th zone cost n calls more than the first).
   */
  @Test
  void eachNewZoneOfASweepCostsTheSameCalls() {
    Instant since = Instant.now().minus(Duration.ofHours(1));
    List<Integer> callsPerZone = new java.util.ArrayList<>();
    int n = 12;
    for (int i = 0; i < n; i++) {
      String vnet = i % 2 == 0 ? ArmShapes.VNET : ArmShapes.VNET_2;
      h.fake.clearRequests();
      assertThat(zones.createdSince(vnet, ours, since)).hasSize(i / 2);
      zones.create("z" + i + ".example", vnet);
      callsPerZone.add(h.fake.requests().size());
    }

    assertThat(callsPerZone).containsOnly(callsPerZone.get(0));
    assertThat(callsPerZone.get(0)).isLessThanOrEqualTo(6);
    // A fresh instance (nothing remembered) counts them from the listing alone too.
    AzurePrivateDnsZones fresh = h.connect(h.env).zones();
    h.fake.clearRequests();
    assertThat(fresh.createdSince(ArmShapes.VNET, ours, since)).hasSize(n / 2);
    assertThat(fresh.createdSince(ArmShapes.VNET_2, ours, since)).hasSize(n / 2);
    assertThat(h.fake.requests()).hasSize(2);
  }

  /**
   * A zone counts for the VNet its network tag names, linked there or not; a zone of ours without a
   * well-formed tag (made before the tag, or garbled) counts where its links are, read from Azure.
   */
  @Test
  void aZoneCountsForTheNetworkItsTagNamesElseWhereItIsLinked() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> mark = ZoneMark.created(ours.ownerId(), now).tags();
    java.util.function.Function<String, Map<String, String>> taggedFor =
        v -> {
          Map<String, String> t = new HashMap<>(mark);
          t.put(ZoneMark.NETWORK_TAG, v);
          return t;
        };
    // counts for VNET: tagged for it (linked elsewhere), untagged and linked there, garbled tag and
    // linked there
    h.fake.createZone(
        GROUP, "unlinked.example", Optional.of(ArmShapes.VNET_2), taggedFor.apply(ArmShapes.VNET));
    h.fake.createZone(GROUP, "untagged.example", Optional.of(ArmShapes.VNET), mark);
    h.fake.createZone(
        GROUP, "garbled.example", Optional.of(ArmShapes.VNET), taggedFor.apply("not a vnet"));
    // counts for VNET_2 only: made for it, later linked to VNET too (a second endpoint of the name)
    h.fake.createZone(
        GROUP, "shared.example", Optional.of(ArmShapes.VNET), taggedFor.apply(ArmShapes.VNET_2));
    // made by this instance for VNET
    zones.create("made.example", ArmShapes.VNET);
    h.fake.clearRequests();

    assertThat(zones.createdSince(ArmShapes.VNET, ours, now.minusSeconds(60))).hasSize(4);
    // the listing, and the links of the two zones without a well-formed tag
    assertThat(h.fake.requests()).hasSize(3);
    assertThat(zones.createdSince(ArmShapes.VNET_2, ours, now.minusSeconds(60))).hasSize(1);
  }

  @Test
  void createdSinceOfAVnetWithNoZonesIsEmpty() {
    h.fake.createZone(
        GROUP,
        "elsewhere.example",
        Optional.of(ArmShapes.VNET_2),
        ZoneMark.created(ours.ownerId(), Instant.now()).tags());

    assertThat(zones.createdSince(ArmShapes.VNET, ours, Instant.EPOCH)).isEmpty();
  }

  // ---- end to end, through the function ---------------------------------------------------------

  private static List<Outcome> write(Harness harness, String endpointName) {
    String body = Harness.fixture("pe-az1-write").replace("pe-kafka-az1", endpointName);
    return harness.function.handle(
        body, Handler.log(harness.logger), "invocation-write-" + endpointName);
  }

  private static List<Outcome> deleted(Harness harness, String endpointName) {
    String body = Harness.fixture("pe-az3-delete").replace("pe-kafka-az3", endpointName);
    return harness.function.handle(
        body, Handler.log(harness.logger), "invocation-delete-" + endpointName);
  }

  @Test
  void aZoneWhoseEndpointWentIsUnlinkedAndDeletedWithNoGrace() {
    try (Harness fn = new Harness(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"))) {
      fn.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
      assertThat(write(fn, "pe-kafka-az3"))
          .singleElement()
          .satisfies(o -> assertThat(o.zoneCreated()).isTrue());
      assertThat(fn.fake.zone(GROUP, DOMAIN)).isPresent();
      assertThat(fn.fake.linksOf(GROUP, DOMAIN)).hasSize(1);

      fn.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
      List<Outcome> outcomes = deleted(fn, "pe-kafka-az3");

      assertThat(outcomes).noneMatch(o -> o.status() == Outcome.Status.FAILED);
      assertThat(fn.fake.zone(GROUP, DOMAIN)).isEmpty();
      assertThat(fn.fake.linksOf(GROUP, DOMAIN)).isEmpty();
    }
  }

  @Test
  void withTheDefaultGraceAnEmptyZoneIsMarkedEmptyAndKept() {
    try (Harness fn = new Harness()) {
      fn.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
      write(fn, "pe-kafka-az3");

      fn.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
      deleted(fn, "pe-kafka-az3");

      assertThat(fn.fake.zone(GROUP, DOMAIN)).isPresent();
      assertThat(fn.fake.linksOf(GROUP, DOMAIN)).hasSize(1);
      assertThat(
              fn.fake
                  .zone(GROUP, DOMAIN)
                  .orElseThrow()
                  .path("tags")
                  .path(ZoneMark.MARK_TAG)
                  .asText())
          .contains("empty-since=");
    }
  }

  @Test
  void aZoneHoldingAForeignRecordIsNeverDeleted() {
    try (Harness fn = new Harness(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"))) {
      fn.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
      write(fn, "pe-kafka-az3");
      ObjectNode foreign = JSON.createObjectNode().put("ttl", 300);
      foreign.putArray("aRecords").addObject().put("ipv4Address", "10.9.9.9");
      fn.fake.writeRecordDirectly(GROUP, DOMAIN, "A", "db", foreign);

      fn.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
      deleted(fn, "pe-kafka-az3");
      fn.function.handle(
          Harness.fixture("pe-az3-delete"), Handler.log(fn.logger), "invocation-again");

      assertThat(fn.fake.zone(GROUP, DOMAIN)).isPresent();
      assertThat(fn.fake.linksOf(GROUP, DOMAIN)).hasSize(1);
      assertThat(fn.fake.recordsOf(GROUP, DOMAIN))
          .containsKey("A db")
          .allSatisfy((k, r) -> assertThat(k).isIn("SOA @", "A db"));
      assertThat(fn.fake.requests())
          .noneMatch(
              r ->
                  r.method().equals("DELETE")
                      && (r.path().endsWith("/privateDnsZones/" + DOMAIN)
                          || r.path().contains("/virtualNetworkLinks/")));
    }
  }

  @Test
  void pastTheZoneBudgetTheThirdDomainInTheVnetIsRefusedNamingTheSetting() {
    try (Harness fn = new Harness(Map.of("LINKDNS_ZONE_BUDGET", "2"))) {
      List<String> domains =
          List.of(
              "c1.centralus.azure.confluent.cloud",
              "c2.centralus.azure.confluent.cloud",
              "c3.centralus.azure.confluent.cloud");
      for (int i = 0; i < 3; i++) {
        String name = "pe-budget-" + i;
        fn.fake.putEndpoint(
            ArmShapes.endpoint(
                name,
                "Approved",
                "Succeeded",
                Map.of("linkdns-domain", domains.get(i), "linkdns-zone", "1"),
                ArmShapes.alias(1)));
        fn.fake.putInterface(ArmShapes.networkInterface(name, "10.20.1." + (10 + i)));
      }

      List<Outcome> first = write(fn, "pe-budget-0");
      List<Outcome> second = write(fn, "pe-budget-1");
      List<Outcome> third = write(fn, "pe-budget-2");

      assertThat(first).singleElement().satisfies(o -> assertThat(o.zoneCreated()).isTrue());
      assertThat(second).singleElement().satisfies(o -> assertThat(o.zoneCreated()).isTrue());
      assertThat(third)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
                assertThat(o.toString()).contains("LINKDNS_ZONE_BUDGET=2");
              });
      assertThat(fn.fake.zone(GROUP, domains.get(2))).isEmpty();
      assertThat(fn.fake.zone(GROUP, domains.get(0))).isPresent();
      assertThat(fn.fake.zone(GROUP, domains.get(1))).isPresent();
    }
  }

  @Test
  void aRetaggedEndpointsRecordsLeaveItsOldZoneInTheSameInvocation() {
    try (Harness fn = new Harness(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"))) {
      fn.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
      write(fn, "pe-kafka-az3");
      assertThat(fn.zoneView()).isNotEmpty();
      String moved = "c9.centralus.azure.confluent.cloud";
      fn.fake.putEndpoint(
          ArmShapes.endpoint(
              "pe-kafka-az3",
              "Approved",
              "Succeeded",
              Map.of("linkdns-domain", moved, "linkdns-zone", "3"),
              ArmShapes.alias(3)));

      List<Outcome> outcomes = write(fn, "pe-kafka-az3");

      assertThat(outcomes).extracting(Outcome::domain).contains(moved, DOMAIN);
      assertThat(fn.fake.zone(GROUP, moved)).isPresent();
      assertThat(fn.fake.zone(GROUP, DOMAIN)).isEmpty();
    }
  }
}
