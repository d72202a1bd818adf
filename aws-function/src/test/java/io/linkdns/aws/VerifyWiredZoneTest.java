package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.plan.Planner;
import io.linkdns.core.testing.dns.DnsClient;
import io.linkdns.core.testing.dns.DnsServers;
import io.linkdns.core.verify.Finding;
import io.linkdns.core.verify.LocalDnsServer;
import io.linkdns.core.verify.Report;
import io.linkdns.core.verify.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The function wires endpoints in the emulator; the zone it wrote is then served by a real BIND on
 * 127.0.0.1 and asked the way a Kafka client asks. Then the zone is broken on purpose and verify
 * must name exactly that problem.
 */
class VerifyWiredZoneTest {
  private static AwsWorld world;
  private static LocalDnsServer dns;

  @BeforeAll
  static void start() {
    world = new AwsWorld();
    if (LocalDnsServer.available() || "true".equalsIgnoreCase(System.getenv("CI"))) {
      dns = DnsServers.start(List.of());
    }
  }

  @BeforeEach
  void needsADnsServer() {
    DnsServers.assumeInstalled();
  }

  @AfterAll
  static void stop() {
    if (dns != null) {
      dns.close();
    }
  }

  /**
   * Wires an endpoint in the given AZs with the given layout, serves the zone, returns what verify
   * needs.
   */
  private record Wired(String domain, String endpoint, AwsWiring wiring, List<RecordSet> records) {
    List<Planner.Bound> live() {
      return wiring.live(domain, world.vpcId);
    }
  }

  private static Wired wire(String layout, List<String> azs) {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(azs, Map.of("linkdns:domain", domain, "linkdns:layout", layout));
    world.handler(world.env()).handle(world.createEvent(vpce, domain, azs));
    AwsWiring wiring = AwsWiring.of(world.env(), world.admin, AwsWorld.REGION);
    Zone zone = wiring.zones().find(domain, world.vpcId).orElseThrow();
    List<RecordSet> records =
        wiring.zones().records(zone).stream().map(CurrentRecord::record).toList();
    Wired w = new Wired(domain, vpce, wiring, records);
    serve(w, records);
    return w;
  }

  private static void serve(Wired w, List<RecordSet> records) {
    dns.replace(
        new LocalDnsServer.ZoneContent(w.domain(), records, Verifier.aliasAddresses(w.live())));
  }

  /**
   * Asks for A records as a Kafka client's resolver does: "CNAME target", "A ip ip" or the response
   * code.
   */
  private static String ask(String name) {
    return DnsClient.of(dns).ask(name);
  }

  @Test
  void cnameLayoutAnswersBootstrapWithTheRegionalNameAndEachBrokerWithItsAz() throws Exception {
    Wired w = wire("confluent-aws-dedicated", List.of("us-east-2a", "us-east-2b"));

    assertThat(ask("lkc-abc12." + w.domain()))
        .isEqualTo("CNAME " + world.regionalName(w.endpoint()));
    assertThat(ask("e-0a1b.use2-az1." + w.domain()))
        .isEqualTo("CNAME " + world.zonalName(w.endpoint(), "us-east-2a"));
    assertThat(ask("e-0a1c.use2-az2." + w.domain()))
        .isEqualTo("CNAME " + world.zonalName(w.endpoint(), "us-east-2b"));
    // use2-az3 has no zonal record and no node: RFC 4592 sends it to *.<domain>.
    assertThat(ask("e-0a1d.use2-az3." + w.domain()))
        .isEqualTo("CNAME " + world.regionalName(w.endpoint()));

    Report report =
        Verifier.at(dns.address())
            .verify(Verifier.Scope.of(w.domain(), w.live()).withFallbackZones(List.of("use2-az3")));
    assertThat(report.problems()).isEmpty();
  }

  @Test
  void aLayoutAnswersBootstrapWithEveryAddressAndEachBrokerWithItsAzAddress() throws Exception {
    Wired w = wire("confluent-aws-dedicated-a", AwsWorld.AZ_NAMES);
    Map<String, String> ips = world.addressesByAzId(w.endpoint());

    assertThat(ask("lkc-abc12." + w.domain()))
        .isEqualTo("A " + String.join(" ", ips.values().stream().sorted().toList()));
    for (Map.Entry<String, String> e : ips.entrySet()) {
      assertThat(ask("e-77aa." + e.getKey() + "." + w.domain())).isEqualTo("A " + e.getValue());
    }
    assertThat(Verifier.at(dns.address()).verify(w.domain(), w.live()).problems()).isEmpty();
  }

  @Test
  void singleAzLayoutAnswersEveryNameWithTheZonalName() throws Exception {
    Wired w = wire("confluent-aws-dedicated", List.of("us-east-2c"));

    String zonal = world.zonalName(w.endpoint(), "us-east-2c");
    assertThat(ask("lkc-abc12." + w.domain())).isEqualTo("CNAME " + zonal);
    assertThat(ask("e-0a1b.use2-az3." + w.domain())).isEqualTo("CNAME " + zonal);
    assertThat(ask("e-0a1b.use2-az1." + w.domain())).isEqualTo("CNAME " + zonal);
    assertThat(Verifier.at(dns.address()).verify(w.domain(), w.live()).problems()).isEmpty();
  }

  static Stream<Arguments> breakages() {
    return Stream.of(
        Arguments.of("a zonal record deleted", Finding.Kind.MISSING_ZONAL_RECORD),
        Arguments.of("an AZ name swapped in for the AZ ID", Finding.Kind.AZ_NAME_INSTEAD_OF_ID),
        Arguments.of("the wildcard pointing at a deleted endpoint", Finding.Kind.STALE_TARGET),
        Arguments.of("the zone not served to the network", Finding.Kind.ZONE_NOT_VISIBLE));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("breakages")
  void verifyNamesExactlyTheProblemThatWasIntroduced(String breakage, Finding.Kind expected) {
    Wired w = wire("confluent-aws-dedicated", AwsWorld.AZ_NAMES);
    String az2 = "*.use2-az2." + w.domain();
    List<RecordSet> broken = new ArrayList<>();
    for (RecordSet r : w.records()) {
      boolean zonal2 = r.name().equals(az2);
      switch (breakage) {
        case "a zonal record deleted" -> {
          if (!zonal2) {
            broken.add(r);
          }
        }
        case "an AZ name swapped in for the AZ ID" ->
            broken.add(
                zonal2 ? new RecordSet("*.us-east-2b." + w.domain(), r.type(), r.data()) : r);
        case "the wildcard pointing at a deleted endpoint" ->
            broken.add(
                r.name().equals("*." + w.domain())
                    ? RecordSet.values(
                        r.name(),
                        r.type(),
                        60,
                        List.of(
                            "vpce-0123456789abcdef0-deadbeef.vpce-svc-0a1b2c3d4e5f60718.us-east-2.vpce.amazonaws.com"))
                    : r);
        default -> broken.add(r);
      }
    }
    if (breakage.equals("the zone not served to the network")) {
      dns.remove(w.domain());
    } else {
      serve(w, broken);
    }

    Report report = Verifier.at(dns.address()).verify(w.domain(), w.live());

    assertThat(report.problemKinds()).as(report.text()).containsExactly(expected);
    String mentioned =
        switch (expected) {
          case ZONE_NOT_VISIBLE -> w.domain();
          case STALE_TARGET -> "vpce-0123456789abcdef0";
          default -> "use2-az2";
        };
    assertThat(report.text()).contains(mentioned);
  }

  @Test
  void theLambdaHealthCheckLogsProblemsAndEmitsTheirCount() throws Exception {
    Wired w = wire("confluent-aws-dedicated", AwsWorld.AZ_NAMES);
    String event =
        "{\"linkdns\":\"verify\",\"targets\":[{\"domain\":\""
            + w.domain()
            + "\",\"vpc\":\""
            + world.vpcId
            + "\",\"resolver\":\""
            + dns.address()
            + "\"}]}";
    Handler handler = world.handler(world.env());

    world.clearLogs();
    handler.handleRequest(
        new java.io.ByteArrayInputStream(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        new java.io.ByteArrayOutputStream(),
        null);
    assertThat(world.logs())
        .anySatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("verify passed"));
    assertThat(world.logs())
        .anySatisfy(l -> assertThat(l.path("VerifyProblems").asDouble()).isZero());

    serve(w, w.records().stream().filter(r -> !r.name().startsWith("*.use2-az1.")).toList());
    world.clearLogs();
    handler.handleRequest(
        new java.io.ByteArrayInputStream(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        new java.io.ByteArrayOutputStream(),
        null);
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("verify found problems");
              assertThat(l.path("problems").toString())
                  .contains("MISSING_ZONAL_RECORD")
                  .contains("use2-az1");
            });
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("linkdns");
              assertThat(l.path("VerifyProblems").asDouble()).isEqualTo(1.0);
            });
  }
}
