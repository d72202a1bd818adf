package io.linkdns.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.layout.Layouts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the Verifier makes of its inputs, and of a resolver that never answers: no DNS server
 * needed.
 */
class VerifierInputTest {
  private static final String D = Zones.AWS;
  private static final Zones CNAME_3AZ =
      Zones.aws(
          "aws cname 3 AZ", Layouts.CONFLUENT_AWS_DEDICATED, "use2-az1", "use2-az2", "use2-az3");

  @Test
  void silentResolverIsReportedAsNotVisible() throws Exception {
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Report report =
        Verifier.at("127.0.0.1:" + closed, Duration.ofMillis(300)).verify(D, CNAME_3AZ.live());

    assertThat(report.problemKinds()).containsExactly(Finding.Kind.ZONE_NOT_VISIBLE);
    assertThat(report.text()).contains("NO_RESPONSE");
  }

  @Test
  void noLiveEndpointMeansNothingToVerify() {
    Report report = Verifier.at("127.0.0.1:53").verify(D, List.of());

    assertThat(report.ok()).isTrue();
    assertThat(report.findings()).isEmpty();
    assertThat(report.notes())
        .containsExactly("no live endpoint gives " + D + " a record: nothing to verify");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      vpce-0abc-12345678-us-east-2a.vpce-svc-0123.us-east-2.vpce.amazonaws.com       | us-east-2a
      vpce-0ab1c2d3e4f5-a1b2c3d4-ap-northeast-1c.vpce-svc-9.ap-northeast-1.vpce.amazonaws.com | ap-northeast-1c
      vpce-0abc-12345678-us-gov-west-1b.vpce-svc-1.us-gov-west-1.vpce.amazonaws.com | us-gov-west-1b
      vpce-0abc-12345678.vpce-svc-0123.us-east-2.vpce.amazonaws.com                  | -
      pe-kafka-1.privatelink.example.net                                             | -
      """)
  void azNameIsReadFromTheZonalName(String zonalName, String azName) {
    assertThat(Verifier.azName(zonalName).orElse("-")).isEqualTo(azName);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      127.0.0.1:0      | port '0' is not a number from 1 to 65535
      127.0.0.1:dns    | port 'dns' is not a number
      [::1             | closing ']'
      ''               | a resolver address host[:port] is required
      """)
  void badResolverAddressNamesTheField(String address, String problem) {
    assertThatThrownBy(() -> Verifier.at(address))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("resolver=")
        .hasMessageContaining(problem);
  }

  @Test
  void resolverAddressDefaultsToPort53() {
    assertThat(Verifier.parseAddress("127.0.0.1").getPort()).isEqualTo(53);
    assertThat(Verifier.parseAddress("[::1]:5353").getPort()).isEqualTo(5353);
    assertThat(Set.of(Verifier.parseAddress("127.0.0.1:5300").getPort())).containsExactly(5300);
  }
}
