package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.reconcile.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scenarios end to end: real-shaped Event Grid deliveries into the function, the real
 * Azure SDK clients, the ARM fake behind them; assertions on the zone a resolver would serve.
 */
class ConfluentDedicatedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL_THREE =
      List.of(
          "* A 60 10.20.1.4,10.20.2.4,10.20.3.4",
          "*.az1 A 60 10.20.1.4",
          "*.az2 A 60 10.20.2.4",
          "*.az3 A 60 10.20.3.4");

  private Harness h;

  @BeforeEach
  void start() {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
    h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void threeEndpointsInZonesOneToThreeGiveTheWildcardAndThreeZonalRecords() {
    List<Outcome> outcomes = h.deliver("pe-az1-write");

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
              assertThat(o.zoneCreated()).isTrue();
            });
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    assertThat(h.fake.linksOf(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN))
        .singleElement()
        .satisfies(
            link -> {
              assertThat(link.path("properties").path("registrationEnabled").asBoolean(true))
                  .isFalse();
              assertThat(link.path("properties").path("virtualNetwork").path("id").asText())
                  .isEqualToIgnoringCase(ArmShapes.VNET);
            });
    OwnerMarker owner = AzurePrivateDnsZones.owner(metadata(h.record("A", "*"))).orElseThrow();
    assertThat(owner.ownerId()).isEqualTo("linkdns");
    assertThat(owner.layout()).isEqualTo("confluent-azure-dedicated");
    assertThat(owner.endpoints())
        .hasSize(3)
        .allMatch(e -> e.startsWith("/subscriptions/" + ArmShapes.SUBSCRIPTION));
    // zone PUT + link PUT + one PUT per record set, each with If-None-Match: *
    List<ArmFake.Request> writes =
        h.fake.requests().stream().filter(ArmFake.Request::isWrite).toList();
    assertThat(writes).hasSize(6);
    assertThat(writes).allSatisfy(r -> assertThat(r.headers()).containsEntry("if-none-match", "*"));
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("status").asText()).isEqualTo("CHANGED");
              assertThat(l.path("creates").asInt()).isEqualTo(4);
              assertThat(l.path("correlation_id").asText())
                  .isEqualTo("a1d0c6e8-1111-4f2b-9c3d-000000000001");
            });
  }

  @Test
  void aSecondDeliveryAndTheOtherEndpointsEventsWriteNothing() {
    h.deliver("pe-az1-write");
    h.fake.clearRequests();

    h.deliver("pe-az1-write");
    h.deliver("pe-az2-write-cloudevent");
    h.deliver("pe-az3-write-array");

    assertThat(h.fake.writes()).isZero();
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    assertThat(h.logJson()).filteredOn(l -> l.path("status").asText().equals("IN_SYNC")).hasSize(3);
  }

  @Test
  void aDeletedEndpointsAddressLeavesTheWildcardAndItsZonalRecordGoes() {
    h.deliver("pe-az1-write");
    h.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
    h.fake.clearRequests();

    List<Outcome> outcomes = h.deliver("pe-az3-delete");

    assertThat(outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED));
    assertThat(h.zoneView())
        .containsExactly(
            "* A 60 10.20.1.4,10.20.2.4", "*.az1 A 60 10.20.1.4", "*.az2 A 60 10.20.2.4");
    // the update and the delete were conditional on the ETags just read
    assertThat(h.fake.requests().stream().filter(ArmFake.Request::isWrite))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.headers()).containsKey("if-match"));

    h.fake.clearRequests();
    h.deliver("pe-az3-delete-cloudevent");
    assertThat(h.fake.writes()).isZero();
  }

  @Test
  void anEndpointStillDeletingIsGoneToo() {
    h.deliver("pe-az1-write");
    ObjectNode deleting =
        ArmShapes.endpoint(
            "pe-kafka-az3",
            "Approved",
            "Deleting",
            Map.of("linkdns-domain", ArmShapes.DOMAIN, "linkdns-zone", "3"),
            ArmShapes.alias(3));
    h.fake.putEndpoint(deleting);

    h.deliver("pe-az3-delete");

    assertThat(h.zoneView())
        .containsExactly(
            "* A 60 10.20.1.4,10.20.2.4", "*.az1 A 60 10.20.1.4", "*.az2 A 60 10.20.2.4");
  }

  @Test
  void aForeignRecordAtAManagedNameIsLeftAloneAndReported() {
    // A zone this installation created earlier (its tag says so), where someone added a record by
    // hand.
    h.fake.createZone(
        ArmShapes.ZONE_GROUP,
        ArmShapes.DOMAIN,
        Optional.of(ArmShapes.VNET),
        Map.of("linkdns-owner", "linkdns"));
    ObjectNode foreign = JSON.createObjectNode().put("ttl", 300);
    foreign.putArray("aRecords").addObject().put("ipv4Address", "192.0.2.10");
    foreign.putObject("metadata").put("owner", "network-team");
    h.fake.writeRecordDirectly(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN, "A", "*.az2", foreign);

    List<Outcome> outcomes = h.deliver("pe-az1-write");

    assertThat(h.zoneView())
        .containsExactly(
            "* A 60 10.20.1.4,10.20.2.4,10.20.3.4",
            "*.az1 A 60 10.20.1.4",
            "*.az2 A 300 192.0.2.10",
            "*.az3 A 60 10.20.3.4");
    assertThat(outcomes.get(0).conflicts())
        .singleElement()
        .satisfies(c -> assertThat(c.wanted().name()).isEqualTo("*.az2." + ArmShapes.DOMAIN));
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("WARN");
              assertThat(l.path("conflicts").toString())
                  .contains("*.az2")
                  .contains("without a linkdns owner marker");
            });
    assertThat(metadata(h.record("A", "*.az2"))).containsEntry("owner", "network-team");
  }

  @Test
  void aConcurrentWriterBetweenReadAndWriteIsNotOverwritten() {
    h.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
    h.deliver("pe-az1-write");
    h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
    // Someone takes over the wildcard after linkdns read it and before linkdns writes it.
    h.fake.beforeNextRecordWrite(
        fake -> {
          ObjectNode theirs = JSON.createObjectNode().put("ttl", 30);
          theirs.putArray("aRecords").addObject().put("ipv4Address", "198.51.100.7");
          fake.writeRecordDirectly(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN, "A", "*", theirs);
        });
    h.fake.clearRequests();

    List<Outcome> outcomes = h.deliver("pe-az3-write-array");

    assertThat(h.fake.requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(412));
    assertThat(h.zoneView())
        .containsExactly(
            "* A 30 198.51.100.7",
            "*.az1 A 60 10.20.1.4",
            "*.az2 A 60 10.20.2.4",
            "*.az3 A 60 10.20.3.4");
    assertThat(outcomes.get(0).conflicts())
        .singleElement()
        .satisfies(c -> assertThat(c.wanted().name()).isEqualTo("*." + ArmShapes.DOMAIN));
  }

  @Test
  void throttlingAndServerErrorsAreRetriedAndTheZoneEndsRight() {
    h.fake.inject(
        "GET", "/providers/Microsoft.Network/privateEndpoints$", 503, Optional.empty(), 1);
    h.fake.inject("PUT", "/privateDnsZones/[^/]+$", 500, Optional.empty(), 1);
    h.fake.inject("PUT", "/privateDnsZones/[^/]+/A/", 429, Optional.of("1"), 2);
    long start = System.nanoTime();

    h.deliver("pe-az1-write");

    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    assertThat(h.fake.requests()).filteredOn(r -> r.status() == 429).hasSize(2);
    assertThat(h.fake.requests()).filteredOn(r -> r.status() >= 500).hasSize(2);
    assertThat(millis).as("two Retry-After: 1 waits").isGreaterThanOrEqualTo(2000);
  }

  @Test
  void someoneElsesChangeToAManagedRecordIsUndone() {
    h.deliver("pe-az1-write");
    h.fake.deleteRecordDirectly(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN, "A", "*.az2");
    // Someone trims the wildcard to one endpoint's address (still an address of the endpoints its
    // marker names).
    ObjectNode tampered = h.record("A", "*").get("properties").deepCopy();
    tampered.putArray("aRecords").addObject().put("ipv4Address", "10.20.1.4");
    h.fake.writeRecordDirectly(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN, "A", "*", tampered);

    h.deliver("record-az2-deleted-by-user");
    h.deliver("record-wildcard-written-by-user");

    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
  }

  @Test
  void aManagedRecordRepointedOutsideTheEndpointsIsReportedNotOverwritten() {
    h.deliver("pe-az1-write");
    // Someone points the wildcard at an address of no endpoint and leaves linkdns's metadata in
    // place.
    ObjectNode tampered = h.record("A", "*").get("properties").deepCopy();
    tampered.putArray("aRecords").addObject().put("ipv4Address", "10.20.9.9");
    h.fake.writeRecordDirectly(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN, "A", "*", tampered);

    List<Outcome> outcomes = h.deliver("record-wildcard-written-by-user");

    assertThat(h.zoneView()).contains("* A 60 10.20.9.9");
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.conflicts())
                  .singleElement()
                  .satisfies(c -> assertThat(c.wanted().name()).isEqualTo("*." + ArmShapes.DOMAIN));
              assertThat(o.notes())
                  .anySatisfy(
                      n ->
                          assertThat(n)
                              .contains("marker for *." + ArmShapes.DOMAIN + " A ignored"));
            });
  }

  @Test
  void thePendingEndpointIsPickedUpByTheSweepOnceApproved() {
    h.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
    h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Pending");
    h.deliver("pe-az1-write");
    assertThat(h.zoneView())
        .containsExactly(
            "* A 60 10.20.1.4,10.20.2.4", "*.az1 A 60 10.20.1.4", "*.az2 A 60 10.20.2.4");

    h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
    List<Outcome> outcomes = h.function.sweepAll(Handler.log(h.logger), "timer-1");

    assertThat(outcomes).extracting(Outcome::status).contains(Outcome.Status.CHANGED);
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
  }

  private static Map<String, String> metadata(JsonNode record) {
    return JSON.convertValue(
        record.path("properties").path("metadata"),
        JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
  }
}
