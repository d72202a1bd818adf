package io.linkdns.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.testing.dns.DnsClient;
import io.linkdns.core.testing.dns.DnsServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The verifier's idea of what a correct server answers (RFC 4592 wildcards) must be what BIND
 * answers: each row is asked of both. The zone has a wildcard, one zonal wildcard, an owner marker
 * left behind below use2-az2 (so use2-az2 exists as an empty non-terminal) and a host below
 * use2-az4.
 */
class ZoneAnswersTest {
  private static final String D = "pr123a.us-east-2.aws.confluent.cloud";
  private static final List<RecordSet> RECORDS =
      List.of(
          RecordSet.values("*." + D, RecordType.CNAME, 60, List.of("regional.example.com")),
          RecordSet.values("*.use2-az1." + D, RecordType.CNAME, 60, List.of("zonal-1.example.com")),
          RecordSet.values(
              "_linkdns-cname-wildcard.use2-az2." + D,
              RecordType.TXT,
              60,
              List.of("heritage=linkdns")),
          RecordSet.values("host.use2-az4." + D, RecordType.A, 60, List.of("10.0.4.4")),
          RecordSet.values("exact." + D, RecordType.A, 60, List.of("10.9.9.9", "10.9.9.8")),
          RecordSet.values("alias-in-zone." + D, RecordType.CNAME, 60, List.of("exact." + D)));

  private static LocalDnsServer server;

  @BeforeAll
  static void serve() {
    if (LocalDnsServer.available()) {
      server = DnsServers.start(D, RECORDS);
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

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      lkc-abc12                 | CNAME regional.example.com
      e-1a2b.use2-az1           | CNAME zonal-1.example.com
      e-1a2b.use2-az3           | CNAME regional.example.com
      a.b.c.use2-az3            | CNAME regional.example.com
      e-1a2b.use2-az2           | NXDOMAIN
      use2-az2                  | NODATA
      e-1a2b.use2-az4           | NXDOMAIN
      x.host.use2-az4           | NXDOMAIN
      exact                     | A 10.9.9.8 10.9.9.9
      x.exact                   | NXDOMAIN
      alias-in-zone             | CNAME exact.pr123a.us-east-2.aws.confluent.cloud A 10.9.9.8 10.9.9.9
      """)
  void wildcardRulesAgreeWithBind(String label, String answer) {
    String name = label + "." + D;
    ZoneAnswers oracle = new ZoneAnswers(D, RECORDS, Map.of());

    assertThat(DnsClient.of(server).ask(name)).as("BIND").isEqualTo(answer);
    assertThat(oracle.answer(name, RecordType.A).answer().toString().replace(" -> ", " "))
        .as("oracle")
        .isEqualTo(answer);
  }
}
