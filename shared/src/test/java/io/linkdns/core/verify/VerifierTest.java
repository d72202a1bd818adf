package io.linkdns.core.verify;

import static io.linkdns.core.testing.AwsEndpointBuilder.regionalName;
import static io.linkdns.core.testing.AwsEndpointBuilder.zonalName;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.testing.dns.DnsClient;
import io.linkdns.core.testing.dns.DnsServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.SimpleResolver;

/**
 * Zones the Planner builds for the built-in layouts, served by BIND on 127.0.0.1: first what a
 * Kafka client gets for bootstrap and broker names, then the same zones broken on purpose, each of
 * which the Verifier must report as exactly that one problem.
 */
class VerifierTest {
  private static final String D = Zones.AWS;
  private static final String AZ = Zones.AZURE;
  private static final String ID = Zones.ENDPOINT;

  private static final Zones CNAME_3AZ =
      Zones.aws(
          "aws cname 3 AZ", Layouts.CONFLUENT_AWS_DEDICATED, "use2-az1", "use2-az2", "use2-az3");
  private static final Zones CNAME_2AZ =
      Zones.aws("aws cname 2 AZ", Layouts.CONFLUENT_AWS_DEDICATED, "use2-az1", "use2-az2");
  private static final Zones CNAME_1AZ =
      Zones.aws("aws cname 1 AZ", Layouts.CONFLUENT_AWS_DEDICATED, "use2-az2");
  private static final Zones A_3AZ =
      Zones.aws(
          "aws A 3 AZ", Layouts.CONFLUENT_AWS_DEDICATED_A, "use2-az1", "use2-az2", "use2-az3");
  private static final Zones A_1AZ =
      Zones.aws("aws A 1 AZ", Layouts.CONFLUENT_AWS_DEDICATED_A, "use2-az1");
  private static final Zones ALIAS_3AZ =
      Zones.aws(
          "aws alias 3 AZ",
          Layouts.CONFLUENT_AWS_DEDICATED_ALIAS,
          "use2-az1",
          "use2-az2",
          "use2-az3");
  private static final Zones AZURE_A =
      Zones.azure("azure A 3 zones", Layouts.CONFLUENT_AZURE_DEDICATED);
  private static final Zones AZURE_CNAME =
      Zones.azure("azure cname 3 zones", Layouts.CONFLUENT_AZURE_DEDICATED_CNAME);

  private static LocalDnsServer server;

  @BeforeAll
  static void serve() {
    if (LocalDnsServer.available()) {
      server = DnsServers.start(List.of());
    }
  }

  @BeforeEach
  void needsDnsServer() {
    DnsServers.assumeInstalled();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Verifier verifier() {
    return Verifier.at(server.address(), Duration.ofSeconds(1));
  }

  static Stream<Arguments> clientAnswers() {
    String all = "A 10.0.1.5 10.0.2.5 10.0.3.5";
    return Stream.of(
        Arguments.of(
            CNAME_3AZ,
            "CNAME " + regionalName(ID),
            "use2-az2",
            "CNAME " + zonalName(ID, "use2-az2"),
            "use2-az4",
            "CNAME " + regionalName(ID)),
        Arguments.of(
            CNAME_2AZ,
            "CNAME " + regionalName(ID),
            "use2-az1",
            "CNAME " + zonalName(ID, "use2-az1"),
            "use2-az3",
            "CNAME " + regionalName(ID)),
        Arguments.of(
            CNAME_1AZ,
            "CNAME " + zonalName(ID, "use2-az2"),
            "use2-az2",
            "CNAME " + zonalName(ID, "use2-az2"),
            "use2-az1",
            "CNAME " + zonalName(ID, "use2-az2")),
        Arguments.of(A_3AZ, all, "use2-az3", "A 10.0.3.5", "use2-az4", all),
        Arguments.of(A_1AZ, "A 10.0.1.5", "use2-az1", "A 10.0.1.5", "use2-az2", "A 10.0.1.5"),
        Arguments.of(ALIAS_3AZ, all, "use2-az1", "A 10.0.1.5", "use2-az4", all),
        Arguments.of(
            AZURE_A,
            "A 10.1.0.4 10.1.0.5 10.1.0.6",
            "az2",
            "A 10.1.0.5",
            "az4",
            "A 10.1.0.4 10.1.0.5 10.1.0.6"),
        Arguments.of(
            AZURE_CNAME,
            "CNAME pe-kafka-1.privatelink.example.net",
            "az3",
            "CNAME pe-kafka-3.privatelink.example.net",
            "az4",
            "CNAME pe-kafka-1.privatelink.example.net"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientAnswers")
  void clientGetsWhatTheLayoutPromises(
      Zones zones, String bootstrap, String zone, String zonal, String otherZone, String fallback) {
    server.replace(zones.content());
    DnsClient client = DnsClient.of(server);

    assertThat(client.ask("lkc-abc12." + zones.domain())).as("bootstrap").isEqualTo(bootstrap);
    assertThat(client.ask("e-0a1b." + zone + "." + zones.domain()))
        .as("broker in " + zone)
        .isEqualTo(zonal);
    assertThat(client.ask("e-0a1b." + otherZone + "." + zones.domain()))
        .as("broker in " + otherZone + ", no zonal record")
        .isEqualTo(fallback);

    String fallbackZone = otherZone.startsWith("az") ? otherZone.substring(2) : otherZone;
    Report report =
        verifier()
            .verify(
                Verifier.Scope.of(zones.domain(), zones.live())
                    .withFallbackZones(List.of(fallbackZone)));
    assertThat(report.ok()).as(report.text()).isTrue();
    assertThat(report.findings())
        .as(report.text())
        .allSatisfy(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.OK));
    assertThat(report.findings())
        .extracting(Finding::name)
        .anySatisfy(
            n -> assertThat(n).matches("lkc-[a-z0-9]{5}\\." + zones.domain().replace(".", "\\.")))
        .anySatisfy(
            n ->
                assertThat(n)
                    .matches(
                        "e-[0-9a-f]{4}\\." + zone + "\\." + zones.domain().replace(".", "\\.")));
  }

  private static UnaryOperator<List<RecordSet>> delete(String name) {
    return records -> records.stream().filter(r -> !r.name().equals(name)).toList();
  }

  private static UnaryOperator<List<RecordSet>> rename(String from, String to) {
    return records ->
        records.stream()
            .map(r -> r.name().equals(from) ? new RecordSet(to, r.type(), r.data()) : r)
            .toList();
  }

  private static UnaryOperator<List<RecordSet>> repoint(String name, String value) {
    return records ->
        records.stream()
            .map(
                r ->
                    r.name().equals(name)
                        ? RecordSet.values(name, r.type(), 60, List.of(value))
                        : r)
            .toList();
  }

  private static UnaryOperator<List<RecordSet>> add(RecordSet extra) {
    return records -> {
      List<RecordSet> out = new ArrayList<>(records);
      out.add(extra);
      return out;
    };
  }

  private static UnaryOperator<List<RecordSet>> then(
      UnaryOperator<List<RecordSet>> first, UnaryOperator<List<RecordSet>> second) {
    return records -> second.apply(first.apply(records));
  }

  static Stream<Arguments> brokenZones() {
    String marker = "_linkdns-cname-wildcard.use2-az2." + D;
    return Stream.of(
        Arguments.of(
            CNAME_3AZ,
            "zonal record deleted",
            delete("*.use2-az2." + D),
            Finding.Kind.MISSING_ZONAL_RECORD,
            "answered the wildcard *." + D),
        Arguments.of(
            CNAME_3AZ,
            "zonal record deleted, its owner marker left",
            then(
                delete("*.use2-az2." + D),
                add(RecordSet.values(marker, RecordType.TXT, 60, List.of("heritage=linkdns")))),
            Finding.Kind.MISSING_ZONAL_RECORD,
            "answered NXDOMAIN"),
        Arguments.of(
            A_3AZ,
            "zonal record deleted",
            delete("*.use2-az3." + D),
            Finding.Kind.MISSING_ZONAL_RECORD,
            "the zonal record *.use2-az3." + D + " is missing"),
        Arguments.of(
            AZURE_A,
            "zonal record deleted",
            delete("*.az3." + AZ),
            Finding.Kind.MISSING_ZONAL_RECORD,
            "instead of only the 3 endpoint"),
        Arguments.of(
            CNAME_3AZ,
            "AZ name instead of ID",
            rename("*.use2-az1." + D, "*.us-east-2a." + D),
            Finding.Kind.AZ_NAME_INSTEAD_OF_ID,
            "AZ name us-east-2a where the AZ ID use2-az1 belongs"),
        Arguments.of(
            A_3AZ,
            "AZ name instead of ID",
            rename("*.use2-az2." + D, "*.us-east-2b." + D),
            Finding.Kind.AZ_NAME_INSTEAD_OF_ID,
            "us-east-2b"),
        Arguments.of(
            CNAME_3AZ,
            "zonal record points at a deleted endpoint",
            repoint("*.use2-az2." + D, zonalName("vpce-0gone", "use2-az2")),
            Finding.Kind.STALE_TARGET,
            "vpce-0gone"),
        Arguments.of(
            CNAME_3AZ,
            "wildcard points at a deleted endpoint",
            repoint("*." + D, regionalName("vpce-0gone")),
            Finding.Kind.STALE_TARGET,
            "(the same answer came for e-"),
        Arguments.of(
            A_3AZ,
            "zonal record holds a vanished address",
            repoint("*.use2-az1." + D, "10.0.1.250"),
            Finding.Kind.STALE_TARGET,
            "10.0.1.250"),
        Arguments.of(
            AZURE_A,
            "zonal record holds a vanished address",
            repoint("*.az2." + AZ, "10.1.0.99"),
            Finding.Kind.STALE_TARGET,
            "10.1.0.99"),
        Arguments.of(
            CNAME_3AZ,
            "zonal record points at another zone's endpoint",
            repoint("*.use2-az2." + D, zonalName(ID, "use2-az3")),
            Finding.Kind.WRONG_ANSWER,
            "instead of CNAME " + zonalName(ID, "use2-az2")),
        Arguments.of(
            CNAME_1AZ,
            "wildcard deleted",
            delete("*." + D),
            Finding.Kind.WRONG_ANSWER,
            "wildcard *." + D + " is missing"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("brokenZones")
  void brokenZoneIsReportedAsExactlyThatProblem(
      Zones zones,
      String breakage,
      UnaryOperator<List<RecordSet>> change,
      Finding.Kind kind,
      String says) {
    server.replace(zones.content(change));

    Report report = verifier().verify(zones.domain(), zones.live());

    assertThat(report.problemKinds()).as(report.text()).containsExactly(kind);
    assertThat(report.problems()).as(report.text()).hasSize(1);
    assertThat(report.problems().get(0).message()).as(report.text()).contains(says);
  }

  @Test
  void zoneNotServedIsReportedAsNotVisible() {
    server.replace(CNAME_3AZ.content());
    server.remove(D);

    Report report = verifier().verify(D, CNAME_3AZ.live());

    assertThat(report.problemKinds())
        .as(report.text())
        .containsExactly(Finding.Kind.ZONE_NOT_VISIBLE);
    assertThat(report.problems()).hasSize(1);
    assertThat(report.text()).contains("does not serve " + D + " (SOA query answered REFUSED)");
  }

  @Test
  void reportSaysInPlainWordsWhichRecordIsMissing() throws Exception {
    server.replace(CNAME_3AZ.content(delete("*.use2-az2." + D)));
    SimpleResolver resolver = new SimpleResolver(server.socketAddress());
    Verifier seeded = new Verifier(resolver, server.address(), new Random(7));

    Report report = seeded.verify(D, CNAME_3AZ.live());

    Finding missing = report.problems().get(0);
    assertThat(missing.name()).matches("e-[0-9a-f]{4}\\.use2-az2\\." + D.replace(".", "\\."));
    assertThat(missing.message())
        .isEqualTo(
            missing.name()
                + " answered the wildcard *."
                + D
                + " (CNAME "
                + regionalName(ID)
                + ", all endpoints) instead of only the use2-az2 endpoint (CNAME "
                + zonalName(ID, "use2-az2")
                + "): the zonal record *.use2-az2."
                + D
                + " is missing");
    assertThat(report.text())
        .startsWith("verify " + D + " at " + server.address() + ": 1 problem in 7 names\n")
        .contains("  MISSING_ZONAL_RECORD  " + missing.name() + ": ")
        .contains("  OK                    lkc-");
  }

  @Test
  void extraHostnamesAreAskedToo() {
    server.replace(A_3AZ.content());

    Report report =
        verifier()
            .verify(
                Verifier.Scope.of(D, A_3AZ.live())
                    .withHostnames(List.of("lkc-abc12-4kgzg.use2-az2." + D, "broker.example.org")));

    assertThat(report.findings())
        .filteredOn(f -> f.name().equals("lkc-abc12-4kgzg.use2-az2." + D))
        .singleElement()
        .satisfies(f -> assertThat(f.answered()).isEqualTo("A 10.0.2.5"));
    assertThat(report.findings())
        .filteredOn(f -> f.name().equals("broker.example.org"))
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.UNCHECKED));
    assertThat(report.ok()).as(report.text()).isTrue();
  }

  @Test
  void aliasWithUnknownAddressesCannotBeCheckedFromHere() {
    var noAddresses =
        Zones.aws(
            "alias without addresses",
            Layouts.CONFLUENT_AWS_DEDICATED_ALIAS,
            "use2-az1",
            "use2-az2");
    var live =
        noAddresses.live().stream()
            .map(
                b ->
                    new io.linkdns.core.plan.Planner.Bound(
                        b.endpoint()
                            .withPlacements(
                                b.endpoint().placements().stream()
                                    .map(
                                        p ->
                                            new io.linkdns.core.model.Placement(
                                                p.az(), p.zonalName(), p.zonalAlias(), List.of()))
                                    .toList()),
                        b.binding()))
            .toList();
    server.replace(noAddresses.content());

    Report report = verifier().verify(D, live);

    assertThat(report.ok()).as(report.text()).isTrue();
    assertThat(report.findings()).extracting(Finding::kind).containsOnly(Finding.Kind.UNCHECKED);
    assertThat(report.findings().get(0).message()).startsWith("cannot check alias from here");
  }
}
