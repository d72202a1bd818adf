package io.linkdns.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.AliasTarget;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case renders record sets and compares with the master file under
 * verify/zonefile/<case>.zone.
 */
class ZoneFileWriterTest {
  private static final String D = "pr123a.us-east-2.aws.confluent.cloud";
  private static final String REGIONAL =
      "vpce-0abc-12345678.vpce-svc-0123.us-east-2.vpce.amazonaws.com";
  private static final String ZONAL_1 =
      "vpce-0abc-12345678-us-east-2a.vpce-svc-0123.us-east-2.vpce.amazonaws.com";

  static Stream<Arguments> cases() {
    ZoneFileWriter plain = ZoneFileWriter.forDomain(D);
    return Stream.of(
        Arguments.of(
            "cname-wildcards",
            plain,
            List.of(
                RecordSet.values("*.use2-az1." + D, RecordType.CNAME, 60, List.of(ZONAL_1)),
                RecordSet.values("*." + D, RecordType.CNAME, 60, List.of(REGIONAL + ".")))),
        Arguments.of(
            "a-records-with-soa",
            plain.withSoa(42),
            List.of(
                RecordSet.values("*." + D, RecordType.A, 60, List.of("10.0.2.5", "10.0.1.5")),
                RecordSet.values("*.use2-az1." + D, RecordType.A, 60, List.of("10.0.1.5")),
                RecordSet.values("v6." + D, RecordType.AAAA, 60, List.of("fd00::5")))),
        Arguments.of(
            "txt-quoting",
            plain,
            List.of(
                RecordSet.values(
                    "_linkdns-cname-wildcard." + D,
                    RecordType.TXT,
                    60,
                    List.of(
                        "heritage=linkdns,owner=linkdns,layout=confluent-aws-dedicated,endpoints=vpce-0abc")),
                RecordSet.values("quotes." + D, RecordType.TXT, 300, List.of("say \"hi\" \\ bye")),
                RecordSet.values("long." + D, RecordType.TXT, 300, List.of("x".repeat(300))))),
        Arguments.of(
            "aliases",
            plain.withAliasAddresses(Map.of(REGIONAL, List.of("10.0.1.5", "10.0.2.5"))),
            List.of(
                RecordSet.alias("*." + D, RecordType.A, new AliasTarget("ZC8PG0KIFKBRI", REGIONAL)),
                RecordSet.alias(
                    "*.use2-az1." + D, RecordType.A, new AliasTarget("ZC8PG0KIFKBRI", ZONAL_1)))),
        Arguments.of(
            "outside-the-zone",
            plain,
            List.of(
                RecordSet.values("*." + D, RecordType.CNAME, 60, List.of(REGIONAL)),
                RecordSet.values("www.example.com", RecordType.A, 60, List.of("192.0.2.1")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersMasterFile(String fixture, ZoneFileWriter writer, List<RecordSet> records) {
    assertThat(writer.write(records))
        .isEqualTo(Fixtures.text("verify/zonefile/" + fixture + ".zone"));
  }

  @Test
  void badAddressNamesTheRecord() {
    assertThatThrownBy(
            () ->
                ZoneFileWriter.forDomain(D)
                    .write(
                        List.of(RecordSet.values("*." + D, RecordType.A, 60, List.of("10.0.1")))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("record[*." + D + " A].value='10.0.1'");
  }
}
