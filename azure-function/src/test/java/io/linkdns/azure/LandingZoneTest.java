package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.reconcile.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A landing zone: the zones live in the connectivity subscription, linked to its hub VNet (where
 * the DNS resolver answers), and private endpoints live in two application subscriptions. The real
 * function runs against the ARM fake serving all of them (and one subscription nobody listed); each
 * case checks what a resolver would see, which links exist, and which subscription was read or
 * written.
 */
class LandingZoneTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String G = ArmShapes.ZONE_GROUP;
  private static final String DOMAIN = ArmShapes.DOMAIN;
  private static final String OTHER_DOMAIN = "q9zz11.centralus.azure.confluent.cloud";
  private static final String APP_1 = ArmShapes.APP_1;
  private static final String APP_2 = ArmShapes.APP_2;
  private static final String SPOKE_1 = ArmShapes.vnetIn(APP_1, "vnet-spoke-1");
  private static final String SPOKE_2 = ArmShapes.vnetIn(APP_2, "vnet-spoke-2");
  private static final String HUB = ArmShapes.HUB_VNET;
  private static final List<String> SPOKE_1_RECORDS =
      List.of(
          "* A 60 10.41.1.4,10.41.2.4,10.41.3.4",
          "*.az1 A 60 10.41.1.4",
          "*.az2 A 60 10.41.2.4",
          "*.az3 A 60 10.41.3.4");

  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private void landingZone() {
    h =
        new Harness(
            Map.of("LINKDNS_SUBSCRIPTIONS", APP_1 + ", " + APP_2, "LINKDNS_LINK_VNETS", HUB));
    h.fake.serve(APP_1).serve(APP_2).serve(ArmShapes.UNLISTED);
  }

  /**
   * An endpoint of a Confluent zone in a VNet of the given subscription, tagged with domain and
   * zone.
   */
  private void endpoint(
      String subscription,
      String vnet,
      String name,
      String domain,
      int zone,
      String ip,
      Map<String, String> moreTags) {
    Map<String, String> tags = new HashMap<>(moreTags);
    tags.put("linkdns-domain", domain);
    tags.put("linkdns-zone", Integer.toString(zone));
    String vnetHere = vnet.replace(subscription, ArmShapes.SUBSCRIPTION);
    h.fake.putEndpoint(
        ArmShapes.inSubscription(
            ArmShapes.endpoint(
                name, "Approved", "Succeeded", tags, ArmShapes.alias(zone), vnetHere),
            subscription));
    h.fake.putInterface(
        ArmShapes.inSubscription(ArmShapes.networkInterface(name, ip, vnetHere), subscription));
  }

  /**
   * Three endpoints (zones 1..3) of DOMAIN in the first spoke, each delivered as its write event.
   */
  private void spokeOneWired() {
    for (int zone = 1; zone <= 3; zone++) {
      endpoint(APP_1, SPOKE_1, "pe-app1-az" + zone, DOMAIN, zone, "10.41." + zone + ".4", Map.of());
    }
    for (int zone = 1; zone <= 3; zone++) {
      assertThat(write(APP_1, "pe-app1-az" + zone))
          .noneMatch(o -> o.status() == Outcome.Status.FAILED);
    }
  }

  private List<Outcome> write(String subscription, String name) {
    return deliver(
        ArmShapes.endpointEvent(false, subscription, ArmShapes.endpointIdIn(subscription, name)));
  }

  private List<Outcome> deliver(String body) {
    return h.function.handle(body, Handler.log(h.logger), "invocation-landing-zone");
  }

  private List<Outcome> sweep() {
    return h.function.sweepAll(Handler.log(h.logger), "invocation-sweep");
  }

  private TreeSet<String> linkedVnets(String domain) {
    TreeSet<String> out = new TreeSet<>();
    h.fake
        .linksOf(G, domain)
        .forEach(
            l ->
                out.add(
                    l.path("properties")
                        .path("virtualNetwork")
                        .path("id")
                        .asText()
                        .toLowerCase(Locale.ROOT)));
    return out;
  }

  private static TreeSet<String> lower(String... ids) {
    TreeSet<String> out = new TreeSet<>();
    for (String id : ids) {
      out.add(id.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private long writesOutside(String subscription) {
    return h.fake.requests().stream()
        .filter(ArmFake.Request::isWrite)
        .filter(
            r ->
                !r.path().toLowerCase(Locale.ROOT).contains("/subscriptions/" + subscription + "/"))
        .count();
  }

  // ---- the landing zone wired ------------------------------------------------------------------

  @Test
  void aSpokeEndpointGetsItsZoneInTheConnectivitySubscriptionLinkedToItsVnetAndTheHub() {
    landingZone();
    spokeOneWired();

    assertThat(h.zoneView()).containsExactlyElementsOf(SPOKE_1_RECORDS);
    assertThat(h.fake.zone(G, DOMAIN))
        .as("the zone is in the connectivity subscription's zone group")
        .isPresent();
    assertThat(h.fake.zone(G, DOMAIN).orElseThrow().path("id").asText())
        .contains(ArmShapes.CONNECTIVITY);
    assertThat(linkedVnets(DOMAIN)).isEqualTo(lower(SPOKE_1, HUB));
    assertThat(h.fake.linksOf(G, DOMAIN))
        .allSatisfy(
            l ->
                assertThat(l.path("properties").path("registrationEnabled").asBoolean(true))
                    .isFalse());
    assertThat(h.fake.requestsIn(APP_1))
        .as("endpoints and NICs read in their own subscription")
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    assertThat(writesOutside(ArmShapes.CONNECTIVITY))
        .as("writes only in the connectivity subscription")
        .isZero();
    assertThat(h.fake.requestsIn(ArmShapes.UNLISTED)).isEmpty();

    // A repeated delivery writes nothing.
    h.fake.clearRequests();
    assertThat(write(APP_1, "pe-app1-az2"))
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(Outcome.Status.IN_SYNC));
    assertThat(h.fake.writes()).isZero();
  }

  @Test
  void aSingleSubscriptionInstallationLinksOnlyTheEndpointsVnet() {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.deliver("pe-az1-write");
    assertThat(linkedVnets(DOMAIN)).isEqualTo(lower(ArmShapes.VNET));
    assertThat(h.zoneView()).containsExactly("* A 60 10.20.1.4", "*.az1 A 60 10.20.1.4");
  }

  // ---- events that speak for a subscription they do not come from
  // -----------------------------------

  @Test
  void anUnlistedSubscriptionsEventReadsAndWritesNothing() {
    landingZone();
    // The unlisted subscription really holds such an endpoint, tagged for a domain linkdns serves.
    endpoint(
        ArmShapes.UNLISTED,
        ArmShapes.vnetIn(ArmShapes.UNLISTED, "vnet-intruder"),
        "pe-kafka-az1",
        DOMAIN,
        1,
        "10.66.1.4",
        Map.of());
    h.fake.clearRequests();

    List<Outcome> outcomes = h.deliver("bad-endpoint-in-other-subscription");

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
              assertThat(o.refusals())
                  .singleElement()
                  .asString()
                  .contains(ArmShapes.UNLISTED)
                  .contains("LINKDNS_SUBSCRIPTIONS");
            });
    assertThat(h.fake.requests()).as("nothing read, nothing written").isEmpty();
    assertThat(h.fake.zone(G, DOMAIN)).isEmpty();
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("status").asText()).isEqualTo("REFUSED");
              assertThat(l.toString()).contains(ArmShapes.UNLISTED);
            });
  }

  @ParameterizedTest(name = "topic {0}, resource in {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
      /subscriptions/00000000-0000-0000-0000-0000000a0001 | 00000000-0000-0000-0000-0000000a0002 | 00000000-0000-0000-0000-0000000a0002
      /subscriptions/00000000-0000-0000-0000-0000000a0001 | ffffffff-0000-0000-0000-000000000000 | ffffffff-0000-0000-0000-000000000000
      /subscriptions/00000000-0000-0000-0000-0000000a0001 | 00000000-0000-0000-0000-00000000aaaa | 00000000-0000-0000-0000-00000000aaaa
      /subscriptions/ffffffff-0000-0000-0000-000000000000 | 00000000-0000-0000-0000-0000000a0001 | ffffffff-0000-0000-0000-000000000000
      /subscriptions/00000000-0000-0000-0000-0000000a0001/resourceGroups/rg/providers/Microsoft.EventGrid/topics/forged | 00000000-0000-0000-0000-0000000a0001 | not a subscription's system topic
      """)
  void anEventNamingAResourceOfAnotherSubscriptionThanItsTopicsIsRefused(
      String topic, String resourceSubscription, String named) {
    landingZone();
    endpoint(APP_1, SPOKE_1, "pe-app1-az1", DOMAIN, 1, "10.41.1.4", Map.of());
    endpoint(APP_2, SPOKE_2, "pe-app1-az1", DOMAIN, 1, "10.42.1.4", Map.of());
    endpoint(ArmShapes.CONNECTIVITY, HUB, "pe-app1-az1", DOMAIN, 1, "10.40.1.4", Map.of());
    h.fake.clearRequests();
    ObjectNode event =
        (ObjectNode)
            read(
                ArmShapes.endpointEvent(
                    false, APP_1, ArmShapes.endpointIdIn(resourceSubscription, "pe-app1-az1")));
    event.put("topic", topic);

    List<Outcome> outcomes = deliver(event.toString());

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
              assertThat(o.refusals()).singleElement().asString().contains(named).contains(topic);
            });
    assertThat(h.fake.requests()).as("nothing read, nothing written").isEmpty();
    assertThat(h.fake.zone(G, DOMAIN)).isEmpty();
  }

  @Test
  void anEventWhoseDataNamesAnotherSubscriptionIsRefused() {
    landingZone();
    endpoint(APP_1, SPOKE_1, "pe-app1-az1", DOMAIN, 1, "10.41.1.4", Map.of());
    h.fake.clearRequests();
    ObjectNode event =
        (ObjectNode)
            read(
                ArmShapes.endpointEvent(
                    false, APP_1, ArmShapes.endpointIdIn(APP_1, "pe-app1-az1")));
    ((ObjectNode) event.get("data")).put("subscriptionId", APP_2);

    assertThat(deliver(event.toString()))
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.refusals())
                    .singleElement()
                    .asString()
                    .contains(APP_1)
                    .contains(APP_2));
    assertThat(h.fake.requests()).isEmpty();
  }

  @Test
  void aCloudEventFromAnUnlistedSubscriptionsSourceIsRefused() {
    landingZone();
    ObjectNode event = (ObjectNode) read(Harness.fixture("pe-az2-write-cloudevent"));
    event.put("source", "/subscriptions/" + ArmShapes.UNLISTED);
    h.fake.clearRequests();

    assertThat(deliver(event.toString()))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
              assertThat(o.refusals())
                  .singleElement()
                  .asString()
                  .contains(ArmShapes.UNLISTED)
                  .contains(ArmShapes.CONNECTIVITY);
            });
    assertThat(h.fake.requests()).isEmpty();
  }

  @Test
  void aResourceEventWithoutATopicIsMalformedNamingTheField() {
    landingZone();
    ObjectNode event =
        (ObjectNode)
            read(
                ArmShapes.endpointEvent(
                    false, APP_1, ArmShapes.endpointIdIn(APP_1, "pe-app1-az1")));
    event.remove("topic");
    h.fake.clearRequests();

    assertThatThrownBy(() -> deliver(event.toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("event.topic=<missing>");
    assertThat(h.fake.requests()).isEmpty();
  }

  // ---- one owner per name
  // ------------------------------------------------------------------------

  @Test
  void aSpokeClaimingALiveDomainIsAConflictAndTheIncumbentKeepsIt() {
    landingZone();
    spokeOneWired();
    for (int zone = 1; zone <= 3; zone++) {
      endpoint(APP_2, SPOKE_2, "pe-app2-az" + zone, DOMAIN, zone, "10.42." + zone + ".4", Map.of());
    }
    h.fake.clearRequests();

    List<Outcome> outcomes = new java.util.ArrayList<>();
    for (int zone = 1; zone <= 3; zone++) {
      outcomes.addAll(write(APP_2, "pe-app2-az" + zone));
    }
    outcomes.addAll(sweep());
    outcomes.addAll(sweep());

    assertThat(h.zoneView())
        .as("the incumbent spoke keeps every name")
        .containsExactlyElementsOf(SPOKE_1_RECORDS);
    assertThat(h.fake.requests())
        .filteredOn(ArmFake.Request::isWrite)
        .as(
            "no record write: only the conditional zone create (refused) and the claimant's VNet link")
        .noneMatch(r -> r.path().toLowerCase(Locale.ROOT).matches(".*/(a|aaaa|cname|txt)/.*"));
    assertThat(outcomes).noneMatch(o -> o.status() == Outcome.Status.FAILED);
    assertThat(outcomes)
        .filteredOn(o -> o.domain().equals(DOMAIN))
        .isNotEmpty()
        .allSatisfy(
            o ->
                assertThat(o.conflicts())
                    .as("the claims of the second spoke are reported")
                    .isNotEmpty());
    assertThat(h.logJson())
        .anySatisfy(
            l ->
                assertThat(l.path("conflicts").toString())
                    .containsIgnoringCase("pe-app2-az1")
                    .containsIgnoringCase(APP_2));
  }

  @ParameterizedTest(name = "refused {0}")
  @CsvSource({"at once (400), false", "past the 202 as the failed operation error, true"})
  void aVnetThatWouldSeeTwoZonesOfOneNameIsRefusedNamingBothAndNothingIsLeftHalfDone(
      String how, boolean async) {
    landingZone();
    h.fake.overlapAsFailedOperation(async);
    // The application team made its own zone of the name and linked it to its spoke.
    h.fake.createZone("team-dns-rg", DOMAIN, Optional.of(SPOKE_1));
    endpoint(APP_1, SPOKE_1, "pe-app1-az1", DOMAIN, 1, "10.41.1.4", Map.of());
    h.fake.clearRequests();

    List<Outcome> outcomes = write(APP_1, "pe-app1-az1");

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
              assertThat(o.refusals())
                  .singleElement()
                  .asString()
                  .containsIgnoringCase(SPOKE_1)
                  .contains("another private zone named " + DOMAIN)
                  .containsIgnoringCase("/privatednszones/" + DOMAIN);
            });
    assertThat(h.fake.zone(G, DOMAIN))
        .as("the zone made for it is gone again, with its links")
        .isEmpty();
    assertThat(h.fake.linksOf("team-dns-rg", DOMAIN)).hasSize(1);
    assertThat(h.fake.recordsOf("team-dns-rg", DOMAIN).keySet()).containsExactly("SOA @");
  }

  @Test
  void aTagNamingAVnetLinksNothing() {
    landingZone();
    Map<String, String> hostile =
        Map.of(
            "linkdns-vnet",
            SPOKE_2,
            "linkdns-link",
            SPOKE_2,
            "linkdns-network",
            SPOKE_2,
            "linkdns-link-vnets",
            SPOKE_2);
    endpoint(APP_1, SPOKE_1, "pe-app1-az1", DOMAIN, 1, "10.41.1.4", hostile);

    write(APP_1, "pe-app1-az1");
    sweep();

    assertThat(linkedVnets(DOMAIN))
        .as("only the endpoint's VNet and the operator's hub")
        .isEqualTo(lower(SPOKE_1, HUB));
    assertThat(h.fake.requests())
        .noneMatch(r -> r.path().toLowerCase(Locale.ROOT).contains("vnet-spoke-2"));
  }

  // ---- the sweep, deletes, and links ARM refuses
  // ----------------------------------------------------

  @Test
  void theSweepRepairsADeletedRecordAndDeletedLinks() {
    landingZone();
    spokeOneWired();
    h.fake.deleteRecordDirectly(G, DOMAIN, "A", "*.az2");
    h.fake.unlinkDirectly(G, DOMAIN, HUB);
    h.fake.unlinkDirectly(G, DOMAIN, SPOKE_1);
    assertThat(linkedVnets(DOMAIN)).isEmpty();

    List<Outcome> outcomes = sweep();

    assertThat(outcomes).noneMatch(o -> o.status() == Outcome.Status.FAILED);
    assertThat(h.zoneView()).containsExactlyElementsOf(SPOKE_1_RECORDS);
    assertThat(linkedVnets(DOMAIN)).isEqualTo(lower(SPOKE_1, HUB));
    h.fake.clearRequests();
    sweep();
    assertThat(h.fake.writes()).as("a second sweep finds nothing to do").isZero();
  }

  @Test
  void theSweepCoversEveryListedSubscriptionAndNoOther() {
    landingZone();
    endpoint(APP_2, SPOKE_2, "pe-app2-az1", OTHER_DOMAIN, 1, "10.42.1.4", Map.of());
    endpoint(
        ArmShapes.UNLISTED,
        ArmShapes.vnetIn(ArmShapes.UNLISTED, "vnet-intruder"),
        "pe-x-az1",
        "x11111.centralus.azure.confluent.cloud",
        1,
        "10.66.1.4",
        Map.of());

    sweep();

    assertThat(h.fake.recordsOf(G, OTHER_DOMAIN)).containsKey("A *");
    assertThat(linkedVnets(OTHER_DOMAIN)).isEqualTo(lower(SPOKE_2, HUB));
    assertThat(h.fake.zone(G, "x11111.centralus.azure.confluent.cloud")).isEmpty();
    assertThat(h.fake.requestsIn(ArmShapes.UNLISTED)).isEmpty();
    assertThat(h.fake.requestsIn(APP_1)).isNotEmpty();
  }

  @Test
  void aSpokesDeleteRemovesItsRecords() {
    landingZone();
    spokeOneWired();
    String gone = ArmShapes.endpointIdIn(APP_1, "pe-app1-az3");
    h.fake.removeEndpoint(gone);

    List<Outcome> outcomes = deliver(ArmShapes.endpointEvent(true, APP_1, gone));

    assertThat(outcomes).anySatisfy(o -> assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED));
    assertThat(h.zoneView())
        .containsExactly(
            "* A 60 10.41.1.4,10.41.2.4", "*.az1 A 60 10.41.1.4", "*.az2 A 60 10.41.2.4");
  }

  @Test
  void linkedAuthorizationFailedIsReportedForItsEndpointAndTheOthersOfTheDeliveryGoOn() {
    landingZone();
    h.fake.mayJoin(SPOKE_2, false);
    endpoint(APP_1, SPOKE_1, "pe-app1-az1", DOMAIN, 1, "10.41.1.4", Map.of());
    endpoint(APP_2, SPOKE_2, "pe-app2-az1", OTHER_DOMAIN, 1, "10.42.1.4", Map.of());
    String delivery =
        "["
            + ArmShapes.endpointEvent(false, APP_2, ArmShapes.endpointIdIn(APP_2, "pe-app2-az1"))
            + ","
            + ArmShapes.endpointEvent(false, APP_1, ArmShapes.endpointIdIn(APP_1, "pe-app1-az1"))
            + "]";

    List<Outcome> outcomes = deliver(delivery);

    assertThat(outcomes)
        .filteredOn(o -> o.domain().equals(OTHER_DOMAIN))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
              assertThat(o.networks()).containsExactly(SPOKE_2.toLowerCase(Locale.ROOT));
              assertThat(o.refusals())
                  .singleElement()
                  .asString()
                  .contains("LinkedAuthorizationFailed")
                  .containsIgnoringCase(SPOKE_2)
                  .contains("virtualNetworks/join/action");
            });
    assertThat(outcomes)
        .filteredOn(o -> o.domain().equals(DOMAIN))
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED));
    assertThat(h.fake.zone(G, OTHER_DOMAIN))
        .as("no zone left half-made for the refused link")
        .isEmpty();
    assertThat(h.zoneView()).containsExactly("* A 60 10.41.1.4", "*.az1 A 60 10.41.1.4");
    assertThat(h.logJson())
        .anySatisfy(
            l -> {
              assertThat(l.path("status").asText()).isEqualTo("REFUSED");
              assertThat(l.toString()).contains("LinkedAuthorizationFailed").contains(OTHER_DOMAIN);
            });

    // Once the operator grants join/action, the sweep wires it.
    h.fake.mayJoin(SPOKE_2, true);
    sweep();
    assertThat(linkedVnets(OTHER_DOMAIN)).isEqualTo(lower(SPOKE_2, HUB));
  }

  @Test
  void aHubVnetTheFunctionMayNotJoinRefusesEveryZoneWithoutWritingRecords() {
    landingZone();
    h.fake.mayJoin(HUB, false);
    endpoint(APP_1, SPOKE_1, "pe-app1-az1", DOMAIN, 1, "10.41.1.4", Map.of());

    List<Outcome> outcomes = write(APP_1, "pe-app1-az1");

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
              assertThat(o.refusals())
                  .singleElement()
                  .asString()
                  .contains("LinkedAuthorizationFailed")
                  .containsIgnoringCase(HUB);
            });
    assertThat(h.fake.zone(G, DOMAIN)).isEmpty();
  }

  // ---- cost
  // ----------------------------------------------------------------------------------------

  @Test
  void callsPerSpokeEvent() {
    landingZone();
    for (int zone = 1; zone <= 3; zone++) {
      endpoint(APP_1, SPOKE_1, "pe-app1-az" + zone, DOMAIN, zone, "10.41." + zone + ".4", Map.of());
    }
    Map<String, Long> first = counted(() -> write(APP_1, "pe-app1-az1"));
    Map<String, Long> again = counted(() -> write(APP_1, "pe-app1-az1"));
    System.out.println(
        "landing zone ARM calls per spoke event: first write "
            + first
            + ", repeated delivery "
            + again);

    assertThat(first.get("PUT")).as("zone, two links (spoke, hub), four record sets").isEqualTo(7);
    assertThat(again).doesNotContainKeys("PUT", "DELETE");
    assertThat(again.get("GET"))
        .as("as in one subscription, plus the hub VNet's subscription listed for its endpoints")
        .isEqualTo(12);
  }

  @Test
  void aSpokeEventReadsNoRecordsOfOtherSpokesZonesThroughTheHub() {
    landingZone();
    endpoint(APP_2, SPOKE_2, "pe-app2-az1", OTHER_DOMAIN, 1, "10.42.1.4", Map.of());
    write(APP_2, "pe-app2-az1");
    spokeOneWired();
    h.fake.clearRequests();

    write(APP_1, "pe-app1-az1");

    // Every zone is linked to the hub; only zones linked to the endpoint's own VNet can hold what
    // it backed.
    // (Their links are listed, as for any zone of ours: the zone listing does not carry them.)
    assertThat(h.fake.requests())
        .extracting(r -> r.path().toLowerCase(Locale.ROOT))
        .filteredOn(p -> p.contains("/privatednszones/" + OTHER_DOMAIN + "/"))
        .isNotEmpty()
        .allMatch(p -> p.endsWith("/virtualnetworklinks"));
  }

  private Map<String, Long> counted(Runnable event) {
    h.fake.clearRequests();
    event.run();
    return new java.util.TreeMap<>(
        h.fake.requests().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    ArmFake.Request::method, java.util.stream.Collectors.counting())));
  }

  // ---- settings
  // ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
      LINKDNS_SUBSCRIPTIONS | 00000000-0000-0000-0000-0000000a0001,not-a-guid | LINKDNS_SUBSCRIPTIONS[1]='not-a-guid'
      LINKDNS_SUBSCRIPTIONS | 00000000-0000-0000-0000-0000000a0001,,          | LINKDNS_SUBSCRIPTIONS[1]=''
      LINKDNS_LINK_VNETS    | /subscriptions/00000000-0000-0000-0000-00000000aaaa/resourceGroups/network-rg/providers/Microsoft.Network/virtualNetworks/vnet-hub,vnet-hub | LINKDNS_LINK_VNETS[1]='vnet-hub'
      LINKDNS_LINK_VNETS    | /subscriptions/00000000-0000-0000-0000-00000000aaaa/resourceGroups/network-rg/providers/Microsoft.Network/networkSecurityGroups/nsg | LINKDNS_LINK_VNETS[0]=
      LINKDNS_LINK_VNETS    | /subscriptions/ffffffff-0000-0000-0000-000000000000/resourceGroups/network-rg/providers/Microsoft.Network/virtualNetworks/vnet-x | LINKDNS_LINK_VNETS[0]=
      """)
  void aMalformedLandingZoneSettingStopsTheFunctionNamingTheElement(
      String variable, String value, String start) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AZURE_SUBSCRIPTION_ID", ArmShapes.CONNECTIVITY,
                "LINKDNS_ZONE_RESOURCE_GROUP", G,
                "LINKDNS_SUBSCRIPTIONS", APP_1));
    env.put(variable, value);
    assertThatThrownBy(() -> AzureSettings.fromEnvironment(env))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(start);
  }

  @Test
  void theZonesSubscriptionIsAlwaysListedAndEachOnce() {
    AzureSettings s =
        AzureSettings.fromEnvironment(
            Map.of(
                "AZURE_SUBSCRIPTION_ID",
                ArmShapes.CONNECTIVITY,
                "LINKDNS_ZONE_RESOURCE_GROUP",
                G,
                "LINKDNS_SUBSCRIPTIONS",
                APP_1.toUpperCase(Locale.ROOT) + "," + ArmShapes.CONNECTIVITY + "," + APP_1,
                "LINKDNS_LINK_VNETS",
                HUB + " , " + HUB.toUpperCase(Locale.ROOT)));
    assertThat(s.subscriptions()).containsExactly(ArmShapes.CONNECTIVITY, APP_1);
    assertThat(s.linkVnets()).containsExactly(HUB.toLowerCase(Locale.ROOT));
    assertThat(s.lists(APP_2)).isFalse();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
