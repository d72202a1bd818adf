package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.aws.testing.AwsWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Zones come and go with the endpoints that need them, within a budget: the attacks of tag flips
 * and endpoint floods, through the packaged handler against the emulator. A flip moves the records
 * in the same invocation; a zone linkdns created that holds nothing is deleted after the grace
 * period (never an adopted zone, never one holding someone else's record); new zones per VPC per
 * hour stop at LINKDNS_ZONE_BUDGET, counted from DNS by any instance.
 */
class ZoneLifecycleTest {
  private static final List<String> AZ = List.of("us-east-2a");
  private final AwsWorld world = new AwsWorld();

  private Handler handler(String... settings) {
    return world.handler(world.env(settings));
  }

  private void retag(Handler handler, String vpce, String domain) {
    world.tag(vpce, "linkdns:domain", domain);
    handler.handle(world.tagsEvent("CreateTags", domain, vpce));
  }

  /** Through the Lambda entry point, so the invocation's metrics line is written too. */
  private static void invoke(Handler handler, String payload) {
    try {
      handler.handleRequest(
          new java.io.ByteArrayInputStream(
              payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          new java.io.ByteArrayOutputStream(),
          null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String comment(String domain) {
    String id = world.zoneId(domain).orElseThrow();
    return world.admin.route53().getHostedZone(r -> r.id(id)).hostedZone().config().comment();
  }

  @Test
  void sixTagFlipsLeaveOneZoneWithTheRecordsAndDeleteTheOthersInTheSameInvocation() {
    Handler handler = handler("LINKDNS_ZONE_GRACE_MINUTES", "0");
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      domains.add(AwsWorld.uniqueDomain());
    }
    String vpce = world.createEndpoint(AZ, Map.of("linkdns:domain", domains.get(0)));
    handler.handle(world.createEvent(vpce, domains.get(0), AZ));
    assertThat(world.answers(domains.get(0))).isNotEmpty();

    String current = domains.get(0);
    for (int flip = 1; flip <= 6; flip++) {
      String previous = current;
      current = domains.get(flip % 3);
      retag(handler, vpce, current);

      assertThat(world.answers(current))
          .as("flip %d: the new domain is wired", flip)
          .containsKey("*." + current + " CNAME");
      assertThat(world.zoneId(previous))
          .as("flip %d: the old domain's zone is gone", flip)
          .isEmpty();
    }
    assertThat(domains.stream().filter(d -> world.zoneId(d).isPresent())).containsExactly(current);
    assertThat(world.logs())
        .anySatisfy(l -> assertThat(l.path("notes").toString()).contains("zone deleted: "));
  }

  @Test
  void withAGracePeriodTheEmptyZoneStaysMarkedAndForgetsTheMarkWhenNeededAgain() {
    Handler handler = handler("LINKDNS_ZONE_GRACE_MINUTES", "60");
    String first = AwsWorld.uniqueDomain();
    String second = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AZ, Map.of("linkdns:domain", first));
    handler.handle(world.createEvent(vpce, first, AZ));

    retag(handler, vpce, second);

    assertThat(world.zoneId(first)).as("kept for the grace period").isPresent();
    assertThat(world.records(first)).as("the old domain's records went at once").isEmpty();
    assertThat(comment(first)).contains("linkdns owner=").contains("empty-since=");
    handler.handle("{\"linkdns\":\"sweep\"}");
    assertThat(world.zoneId(first)).as("still within the grace period").isPresent();

    retag(handler, vpce, first);

    assertThat(world.answers(first)).containsKey("*." + first + " CNAME");
    assertThat(comment(first)).contains("linkdns owner=").doesNotContain("empty-since=");
  }

  @Test
  void aZoneHoldingSomeoneElsesRecordIsNeverDeleted() {
    Handler handler = handler("LINKDNS_ZONE_GRACE_MINUTES", "0");
    String first = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AZ, Map.of("linkdns:domain", first));
    handler.handle(world.createEvent(vpce, first, AZ));
    String zone = world.zoneId(first).orElseThrow();
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
                                                s.name("status." + first)
                                                    .type("TXT")
                                                    .ttl(300L)
                                                    .resourceRecords(
                                                        v ->
                                                            v.value(
                                                                "\"kept by the platform team\""))))));

    retag(handler, vpce, AwsWorld.uniqueDomain());
    handler.handle("{\"linkdns\":\"sweep\"}");

    assertThat(world.zoneId(first)).isPresent();
    assertThat(world.records(first)).containsOnlyKeys("status." + first + " TXT");
  }

  @Test
  void anAdoptedZoneIsNeverDeleted() {
    String adopted = AwsWorld.uniqueDomain();
    String zone =
        world
            .admin
            .route53()
            .createHostedZone(
                r ->
                    r.name(adopted)
                        .callerReference(UUID.randomUUID().toString())
                        .vpc(v -> v.vpcId(world.vpcId).vpcRegion(AwsWorld.REGION.id()))
                        .hostedZoneConfig(c -> c.privateZone(true).comment("platform team's zone")))
            .hostedZone()
            .id()
            .replace("/hostedzone/", "");
    Handler handler = handler("LINKDNS_ZONE_GRACE_MINUTES", "0", "LINKDNS_ZONES", adopted);
    String vpce = world.createEndpoint(AZ, Map.of("linkdns:domain", adopted));
    handler.handle(world.createEvent(vpce, adopted, AZ));
    assertThat(world.answers(adopted)).containsKey("*." + adopted + " CNAME");

    retag(handler, vpce, AwsWorld.uniqueDomain());
    handler.handle("{\"linkdns\":\"sweep\"}");

    assertThat(world.zoneId(adopted)).contains(zone);
    assertThat(world.records(adopted)).isEmpty();
  }

  @Test
  void pastTheBudgetANewZoneIsRefusedWithTheTimeItFreesUpAlsoForAFreshInstance() {
    // a VPC of its own, so zones of other tests do not count
    AwsWorld own = new AwsWorld();
    List<String> domains = new ArrayList<>();
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      domains.add(AwsWorld.uniqueDomain());
      endpoints.add(own.createEndpoint(AZ, Map.of("linkdns:domain", domains.get(i))));
    }
    Handler first = own.handler(own.env("LINKDNS_ZONE_BUDGET", "3"));
    for (int i = 0; i < 5; i++) {
      invoke(first, own.createEvent(endpoints.get(i), domains.get(i), AZ));
    }

    assertThat(domains.stream().filter(d -> own.zoneId(d).isPresent())).hasSize(3);
    List<JsonNode> refused =
        own.logs().stream().filter(l -> l.path("status").asText().equals("REFUSED")).toList();
    assertThat(refused)
        .hasSize(2)
        .allSatisfy(
            l ->
                assertThat(l.toString())
                    .contains("LINKDNS_ZONE_BUDGET=3")
                    .contains(own.vpcId)
                    .contains("can be created from"));
    assertThat(own.logs().stream().mapToDouble(l -> l.path("ZonesRefused").asDouble()).sum())
        .isEqualTo(2.0);

    own.clearLogs();
    own.handler(own.env("LINKDNS_ZONE_BUDGET", "3"))
        .handle(own.createEvent(endpoints.get(4), domains.get(4), AZ));

    assertThat(own.zoneId(domains.get(4))).isEmpty();
    assertThat(own.logs())
        .anySatisfy(l -> assertThat(l.toString()).contains("LINKDNS_ZONE_BUDGET=3"));
  }
}
