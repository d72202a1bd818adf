package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.aws.testing.AwsWorld;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** End to end through the handler, against the emulator: what the zone holds after each event. */
class Route53WiringTest {
  private static final Map<String, String> NO_TAGS = Map.of();

  private final AwsWorld world = new AwsWorld();

  private String azId(String azName) {
    return world.azIdByName.get(azName);
  }

  @Test
  void threeAzEndpointGetsWildcardAndOneZonalCnamePerAzId() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());

    handler.handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));

    assertThat(world.answers(domain))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "*." + domain + " CNAME", List.of(world.regionalName(vpce)),
                "*." + azId("us-east-2a") + "." + domain + " CNAME",
                    List.of(world.zonalName(vpce, "us-east-2a")),
                "*." + azId("us-east-2b") + "." + domain + " CNAME",
                    List.of(world.zonalName(vpce, "us-east-2b")),
                "*." + azId("us-east-2c") + "." + domain + " CNAME",
                    List.of(world.zonalName(vpce, "us-east-2c"))));
    // Record names use AZ IDs; an AZ name (us-east-2a) in a record name is the classic mistake.
    assertThat(world.answers(domain).keySet()).noneMatch(k -> k.matches(".*us-east-2[a-z]\\..*"));
  }

  @Test
  void recordsCarryTtl60AndAnOwnerMarkerNamingTheEndpoint() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    world
        .handler(
            world.env("LINKDNS_OWNER_ID", "team-a", "LINKDNS_SEAL_KEY", "route53-wiring-seal-key"))
        .handle(world.createEvent(vpce, domain, List.of("us-east-2a")));

    String zone = world.zoneId(domain).orElseThrow();
    var sets =
        world
            .admin
            .route53()
            .listResourceRecordSets(r -> r.hostedZoneId(zone))
            .resourceRecordSets();
    assertThat(sets)
        .filteredOn(r -> r.typeAsString().equals("CNAME"))
        .singleElement()
        .satisfies(r -> assertThat(r.ttl()).isEqualTo(60L));
    // The marker vouches for exactly the record written: the installation's keyed seal over it.
    String seal =
        io.linkdns.core.ownership.SealKey.of("test", "route53-wiring-seal-key")
            .seal(
                io.linkdns.core.ownership.OwnerMarker.of(
                    "team-a", "confluent-aws-dedicated", List.of(vpce)),
                io.linkdns.core.model.RecordSet.values(
                    "*." + domain,
                    io.linkdns.core.model.RecordType.CNAME,
                    60,
                    world.records(domain).get("*." + domain + " CNAME")))
            .orElseThrow();
    assertThat(world.records(domain))
        .containsEntry(
            "_linkdns-cname-wildcard." + domain + " TXT",
            List.of(
                "\"heritage=linkdns,owner=team-a,layout=confluent-aws-dedicated,seal="
                    + seal
                    + "\" \"endpoints="
                    + vpce
                    + "\""));
  }

  @Test
  void singleAzEndpointGetsOnlyTheWildcardToItsZonalName() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2b"), Map.of("linkdns:domain", domain));
    world.handler(world.env()).handle(world.createEvent(vpce, domain, List.of("us-east-2b")));

    assertThat(world.answers(domain))
        .containsExactlyEntriesOf(
            Map.of("*." + domain + " CNAME", List.of(world.zonalName(vpce, "us-east-2b"))));
  }

  @Test
  void aRecordLayoutPointsAtTheEniAddresses() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(
            AwsWorld.AZ_NAMES,
            Map.of("linkdns:domain", domain, "linkdns:layout", "confluent-aws-dedicated-a"));
    world.handler(world.env()).handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));

    Map<String, String> ips = world.addressesByAzId(vpce);
    assertThat(world.answers(domain))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "*." + domain + " A", ips.values().stream().sorted().toList(),
                "*." + azId("us-east-2a") + "." + domain + " A",
                    List.of(ips.get(azId("us-east-2a"))),
                "*." + azId("us-east-2b") + "." + domain + " A",
                    List.of(ips.get(azId("us-east-2b"))),
                "*." + azId("us-east-2c") + "." + domain + " A",
                    List.of(ips.get(azId("us-east-2c")))));
  }

  @Test
  void aliasLayoutWritesRoute53AliasRecords() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(
            List.of("us-east-2a", "us-east-2c"),
            Map.of("linkdns:domain", domain, "linkdns:layout", "confluent-aws-dedicated-alias"));
    world
        .handler(world.env())
        .handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2c")));

    assertThat(world.answers(domain))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "*." + domain + " A", List.of("ALIAS " + world.regionalName(vpce)),
                "*." + azId("us-east-2a") + "." + domain + " A",
                    List.of("ALIAS " + world.zonalName(vpce, "us-east-2a")),
                "*." + azId("us-east-2c") + "." + domain + " A",
                    List.of("ALIAS " + world.zonalName(vpce, "us-east-2c"))));
  }

  @Test
  void ruleMatchingTheServiceNameBindsAnUntaggedEndpoint() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a", "us-east-2b"), NO_TAGS);
    Handler handler =
        world.handler(
            world.env(
                "LINKDNS_RULES",
                "[{\"service\":\"com.amazonaws.vpce.us-east-2.vpce-svc-0a1b*\",\"network\":\""
                    + world.vpcId
                    + "\",\"domain\":\""
                    + domain
                    + "\",\"layout\":\"confluent-aws-enterprise\"}]"));
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b")));

    assertThat(world.answers(domain))
        .containsExactlyEntriesOf(
            Map.of("*." + domain + " CNAME", List.of(world.regionalName(vpce))));
  }

  @Test
  void modifyMovesTheZonalRecordsWithTheSubnets() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b")));

    world.modifyEndpoint(vpce, List.of("us-east-2c"), List.of());
    handler.handle(world.modifyEvent(vpce, List.of("us-east-2c"), List.of()));
    assertThat(world.answers(domain).keySet())
        .containsExactlyInAnyOrder(
            "*." + domain + " CNAME",
            "*." + azId("us-east-2a") + "." + domain + " CNAME",
            "*." + azId("us-east-2b") + "." + domain + " CNAME",
            "*." + azId("us-east-2c") + "." + domain + " CNAME");

    world.modifyEndpoint(vpce, List.of(), List.of("us-east-2a", "us-east-2b"));
    handler.handle(world.modifyEvent(vpce, List.of(), List.of("us-east-2a", "us-east-2b")));
    assertThat(world.answers(domain))
        .containsExactlyEntriesOf(
            Map.of("*." + domain + " CNAME", List.of(world.zonalName(vpce, "us-east-2c"))));
  }

  @Test
  void deleteRemovesOwnedRecordsAndLeavesForeignOnes() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    handler.handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));
    String zone = world.zoneId(domain).orElseThrow();
    world
        .admin
        .route53()
        .changeResourceRecordSets(
            r ->
                r.hostedZoneId(zone)
                    .changeBatch(
                        b ->
                            b.changes(
                                c ->
                                    c.action("CREATE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name("schema-registry." + domain)
                                                    .type("A")
                                                    .ttl(300L)
                                                    .resourceRecords(v -> v.value("10.9.9.9"))))));

    world.deleteEndpoints(vpce);
    handler.handle(world.deleteEvent(vpce));

    assertThat(world.records(domain))
        .containsExactlyEntriesOf(Map.of("schema-registry." + domain + " A", List.of("10.9.9.9")));
  }

  @Test
  void deleteOfSeveralEndpointsInOneCallShrinksEachZone() {
    String domainA = AwsWorld.uniqueDomain();
    String domainB = AwsWorld.uniqueDomain();
    String a = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domainA));
    String b = world.createEndpoint(List.of("us-east-2b"), Map.of("linkdns:domain", domainB));
    Handler handler = world.handler(world.env());
    handler.handle(
        AwsWorld.sqsBatch(
            world.createEvent(a, domainA, List.of("us-east-2a")),
            world.createEvent(b, domainB, List.of("us-east-2b"))));
    assertThat(world.answers(domainA)).hasSize(1);
    assertThat(world.answers(domainB)).hasSize(1);

    world.deleteEndpoints(a, b);
    JsonNode response = handler.handle(world.deleteEvent(a, b));

    assertThat(response.path("outcomes")).hasSize(2);
    assertThat(world.records(domainA)).isEmpty();
    assertThat(world.records(domainB)).isEmpty();
  }

  @Test
  void aForeignRecordAtAManagedNameIsUntouchedAndReported() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b")));
    String zone = world.zoneId(domain).orElseThrow();
    String managed = "*." + azId("us-east-2b") + "." + domain;
    // Someone replaces the zonal record by hand, without an owner marker, at a name linkdns
    // manages.
    String marker = "_linkdns-cname-wildcard." + azId("us-east-2b") + "." + domain;
    String markerValue = world.records(domain).get(marker + " TXT").get(0);
    String zonal = world.zonalName(vpce, "us-east-2b");
    world
        .admin
        .route53()
        .changeResourceRecordSets(
            r ->
                r.hostedZoneId(zone)
                    .changeBatch(
                        b ->
                            b.changes(
                                c ->
                                    c.action("DELETE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(managed)
                                                    .type("CNAME")
                                                    .ttl(60L)
                                                    .resourceRecords(v -> v.value(zonal))),
                                c ->
                                    c.action("DELETE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(marker)
                                                    .type("TXT")
                                                    .ttl(60L)
                                                    .resourceRecords(v -> v.value(markerValue))),
                                c ->
                                    c.action("CREATE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(managed)
                                                    .type("A")
                                                    .ttl(30L)
                                                    .resourceRecords(
                                                        v -> v.value("192.0.2.44"))))));
    world.counter.reset();

    JsonNode response = handler.handle(world.recordChangeEvent(zone, managed + ".", "x"));

    assertThat(world.answers(domain))
        .containsEntry(managed + " A", List.of("192.0.2.44"))
        .doesNotContainKey(managed + " CNAME");
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(response.at("/outcomes/0/conflicts/0").asText())
        .contains(managed)
        .contains("does not own");
    assertThat(world.logs())
        .anySatisfy(
            l -> assertThat(l.path("message").asText()).isEqualTo("reconciled with conflicts"));
  }

  @Test
  void aDeletedManagedRecordIsRestoredByTheRemediationEvent() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    handler.handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));
    Map<String, List<String>> wired = world.answers(domain);
    String zone = world.zoneId(domain).orElseThrow();
    String victim = "*." + azId("us-east-2a") + "." + domain;
    world
        .admin
        .route53()
        .changeResourceRecordSets(
            r ->
                r.hostedZoneId(zone)
                    .changeBatch(
                        b ->
                            b.changes(
                                c ->
                                    c.action("DELETE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(victim)
                                                    .type("CNAME")
                                                    .ttl(60L)
                                                    .resourceRecords(
                                                        v ->
                                                            v.value(
                                                                world.zonalName(
                                                                    vpce, "us-east-2a")))))));
    assertThat(world.answers(domain)).doesNotContainKey(victim + " CNAME");

    handler.handle(
        world.recordChangeEvent(zone, victim + ".", world.zonalName(vpce, "us-east-2a")));

    assertThat(world.answers(domain)).isEqualTo(wired);
  }
}
