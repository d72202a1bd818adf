package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.testing.confluent.ConfluentFake;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Confluent Cloud as the source of truth, end to end: the Lambda handler against the emulator for
 * EC2 and Route 53 and the Confluent API fake; no tags, no rules, only the Confluent settings.
 */
class ConfluentWiringTest {
  private static final String ENV = "env-prod01";

  private final AwsWorld world = new AwsWorld();
  private final ConfluentFake confluent = ConfluentFake.start();

  @AfterEach
  void stop() {
    confluent.close();
  }

  private String azId(String azName) {
    return world.azIdByName.get(azName);
  }

  /**
   * A READY dedicated network whose endpoint service is the one the world's endpoints connect to.
   */
  private String dedicatedNetwork(String resolution) {
    String domain = AwsWorld.uniqueDomain();
    confluent
        .add("environment", "env", ENV)
        .add(
            "aws-dedicated-network-ready",
            "id",
            "n-" + domain.substring(0, 8),
            "env",
            ENV,
            "domain",
            domain,
            "service",
            AwsWorld.SERVICE,
            "resolution",
            resolution);
    return domain;
  }

  private Handler handler(String... more) {
    Map<String, String> env = new HashMap<>(confluent.env());
    for (int i = 0; i + 1 < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return world.handler(
        world.env(
            env.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new)));
  }

  @Test
  void anUntaggedEndpointToADedicatedNetworkGetsTheWildcardAndOneRecordPerAzId() {
    String domain = dedicatedNetwork("PRIVATE");
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of());

    handler().handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));

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
    // environments were listed (none configured), then the networking of the one environment
    assertThat(confluent.requests())
        .extracting(ConfluentFake.Request::path)
        .contains(
            "/org/v2/environments", "/networking/v1/networks", "/networking/v1/access-points");
  }

  @Test
  void aTagNamingAnotherDomainOnAnEndpointConfluentKnowsCreatesNothingThere() {
    String domain = dedicatedNetwork("PRIVATE");
    String other = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", other));

    JsonNode response = handler().handle(world.createEvent(vpce, other, List.of("us-east-2a")));

    assertThat(world.zoneId(other)).isEmpty();
    assertThat(world.answers(domain)).containsOnlyKeys("*." + domain + " CNAME");
    assertThat(response.path("outcomes").get(0).path("domain").asText()).isEqualTo(domain);
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconciled; some requests refused");
              assertThat(l.toString()).contains(other).contains("Confluent network");
            });
  }

  @Test
  void wrongCredentialsAreLoggedNamingThe401AndWriteNothing() {
    String domain = dedicatedNetwork("PRIVATE");
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));

    handler("LINKDNS_CONFLUENT_API_SECRET", "wrong")
        .handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));

    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(world.zoneId(domain)).isEmpty();
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconcile failed");
              assertThat(l.path("error").asText())
                  .contains("401")
                  .contains(ConfluentFake.KEY)
                  .doesNotContain("wrong");
            });
  }

  @Test
  void anEndpointNamedByAnAccessPointGetsTheAccessPointsDomainAsOneWildcard() {
    String apDomain =
        "ap"
            + UUID.randomUUID().toString().substring(0, 6)
            + ".us-east-2.aws.private.confluent.cloud";
    String vpce =
        world.createEndpoint(
            "com.amazonaws.vpce.us-east-2.vpce-svc-0c1d2e3f405162738", AwsWorld.AZ_NAMES, Map.of());
    confluent
        .add("environment", "env", ENV)
        .add(
            "aws-ingress-access-point",
            "id",
            "ap-1",
            "env",
            ENV,
            "endpoint",
            vpce,
            "domain",
            apDomain);

    handler("LINKDNS_CONFLUENT_ENVIRONMENTS", ENV)
        .handle(world.createEvent(vpce, apDomain, AwsWorld.AZ_NAMES));

    assertThat(world.answers(apDomain))
        .containsExactlyEntriesOf(
            Map.of("*." + apDomain + " CNAME", List.of(world.regionalName(vpce))));
    assertThat(confluent.requests())
        .extracting(ConfluentFake.Request::path)
        .doesNotContain("/org/v2/environments");
  }

  @Test
  void anEndpointConfluentDoesNotKnowFallsBackToItsTag() {
    dedicatedNetwork("PRIVATE");
    String tagged = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(
            "com.amazonaws.vpce.us-east-2.vpce-svc-0ffffffffffffffff",
            List.of("us-east-2b"),
            Map.of("linkdns:domain", tagged));

    handler().handle(world.createEvent(vpce, tagged, List.of("us-east-2b")));

    assertThat(world.answers(tagged)).containsOnlyKeys("*." + tagged + " CNAME");
  }

  @Test
  void whenConfluentIsDownTheSweepRemovesNothing() {
    String domain = dedicatedNetwork("PRIVATE");
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of());
    handler().handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));
    Map<String, List<String>> wired = world.answers(domain);
    assertThat(wired).hasSize(4);
    world.counter.reset();
    confluent.fail(503, 1000, Optional.empty());

    handler().handle("{\"linkdns\":\"sweep\"}");

    assertThat(world.answers(domain)).isEqualTo(wired);
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(world.logs())
        .anySatisfy(l -> assertThat(l.path("error").asText()).contains("answered 503"));
  }

  @Test
  void discoverListsConfluentsNetworkingTheMatchingEndpointsAndTheirRecords() {
    String domain = dedicatedNetwork("PRIVATE");
    String vpce = world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of());
    confluent.add(
        "aws-ingress-access-point",
        "id",
        "ap-7",
        "env",
        ENV,
        "endpoint",
        "vpce-0999999999999999a",
        "domain",
        "ap7.us-east-2.aws.private.confluent.cloud");
    Map<String, String> env = new HashMap<>(world.env());
    env.putAll(confluent.env());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    int status =
        new Cli(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), env)
            .run(
                new String[] {
                  "discover",
                  "--endpoint-url",
                  io.linkdns.aws.testing.AwsEmulator.get().endpoint().toString()
                });

    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(text)
        .contains("domain " + domain + "  resolution PRIVATE")
        .contains("service " + AwsWorld.SERVICE)
        .contains("endpoint " + vpce + " in " + world.vpcId + " (live)")
        .contains("ap-7 (" + ENV + ")")
        .contains("no endpoint here matches")
        .contains("zone " + domain + " in " + world.vpcId)
        .contains(
            "*."
                + azId("us-east-2a")
                + "."
                + domain
                + " 60 CNAME "
                + world.zonalName(vpce, "us-east-2a"));
    assertThat(world.zoneId(domain)).isEmpty(); // discover writes nothing
  }

  @Test
  void chasedPrivateResolutionIsNamedInThePlan() {
    String domain = dedicatedNetwork("CHASED_PRIVATE");
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of());
    Map<String, String> env = new HashMap<>(world.env());
    env.putAll(confluent.env());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    int status =
        new Cli(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), env)
            .run(
                new String[] {
                  "plan",
                  "--endpoint",
                  vpce,
                  "--endpoint-url",
                  io.linkdns.aws.testing.AwsEmulator.get().endpoint().toString()
                });

    assertThat(status).isZero();
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("+ *." + domain)
        .contains("CHASED_PRIVATE");
  }

  @Test
  void anAccessPointOfAnotherEnvironmentNamingANetworksEndpointIsAConflictNotATakeover() {
    String domain = dedicatedNetwork("PRIVATE");
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of());
    handler().handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));
    Map<String, List<String>> wired = world.answers(domain);
    assertThat(wired).hasSize(4);
    String apDomain =
        "ap"
            + UUID.randomUUID().toString().substring(0, 6)
            + ".us-east-2.aws.private.confluent.cloud";
    confluent
        .add("environment", "env", "env-other9")
        .add(
            "aws-ingress-access-point",
            "id",
            "ap-999",
            "env",
            "env-other9",
            "endpoint",
            vpce,
            "domain",
            apDomain);
    world.counter.reset();

    handler().handle("{\"linkdns\":\"sweep\"}");

    assertThat(world.answers(domain)).isEqualTo(wired);
    assertThat(world.zoneId(apDomain))
        .isEmpty(); // (the sweep may wire other tests' endpoints in the shared emulator)
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("refused");
              assertThat(l.toString())
                  .contains("conflict")
                  .contains(vpce)
                  .contains("Confluent access point ap-999 (env-other9) says " + apDomain)
                  .contains(domain);
            });
  }
}
