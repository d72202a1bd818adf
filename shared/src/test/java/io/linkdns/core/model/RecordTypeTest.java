package io.linkdns.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordTypeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "A, A",
    "aaaa, AAAA",
    " CNAME , CNAME",
    "TXT, TXT",
    "MX, OTHER",
    "SOA, OTHER",
    "NS, OTHER",
    "'', OTHER"
  })
  void readsAnyProviderType(String text, RecordType expected) {
    assertThat(RecordType.read(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"TXT", "MX", "OTHER", ""})
  void layoutsMayOnlyAskForTypesLinkdnsWrites(String text) {
    assertThatThrownBy(() -> RecordType.parse("LINKDNS_LAYOUTS[0].records[0].type", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("LINKDNS_LAYOUTS[0].records[0].type='" + text + "'");
  }

  @Test
  void cnameTargetsAndNamesAreNormalisedValuesSortedAndDistinct() {
    RecordSet cname =
        RecordSet.values(
            "\\052.Example.COM.", RecordType.CNAME, 60, List.of("VPCE-1.Example.com."));
    RecordSet a =
        RecordSet.values(
            "*.example.com", RecordType.A, 60, List.of("10.0.2.1", "10.0.1.1", "10.0.2.1"));

    assertThat(cname.toString()).isEqualTo("*.example.com 60 CNAME vpce-1.example.com");
    assertThat(a.toString()).isEqualTo("*.example.com 60 A 10.0.1.1 10.0.2.1");
    assertThat(a)
        .isEqualTo(
            RecordSet.values("*.EXAMPLE.com.", RecordType.A, 60, List.of("10.0.1.1", "10.0.2.1")));
  }
}
