package io.linkdns.core.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.linkdns.core.testing.AzureEndpointBuilder;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OwnerMarkerTest {

  static Stream<Arguments> owners() {
    return Stream.of(
        arguments(
            "one AWS endpoint",
            OwnerMarker.of("linkdns", "confluent-aws-dedicated", List.of("vpce-0abc")),
            2),
        arguments(
            "no endpoints", OwnerMarker.of("linkdns", "confluent-aws-dedicated", List.of()), 2),
        arguments(
            "owner id with dots",
            OwnerMarker.of("team.net_prod-1", "confluent-azure-dedicated", List.of("b", "a")),
            2),
        arguments(
            "40 AWS endpoints",
            OwnerMarker.of(
                "linkdns",
                "confluent-aws-dedicated",
                ids(40, i -> String.format("vpce-%017x", i * 7919L))),
            5),
        arguments(
            "12 Azure endpoints",
            OwnerMarker.of(
                "linkdns",
                "confluent-azure-dedicated",
                ids(12, i -> AzureEndpointBuilder.id("pe-confluent-" + i))),
            13),
        arguments(
            "longest owner id and layout",
            OwnerMarker.of("o".repeat(63), "l".repeat(63), ids(30, i -> "vpce-" + i)),
            2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("owners")
  void textRoundTrips(String title, OwnerMarker owner, int minStrings) {
    assertThat(owner.text()).startsWith("heritage=linkdns,owner=" + owner.ownerId() + ",");
    assertThat(OwnerMarker.parse(owner.text())).contains(owner);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("owners")
  void txtStringsRoundTripAndFitIn255(String title, OwnerMarker owner, int minStrings) {
    List<String> parts = owner.strings(255);

    assertThat(parts)
        .hasSizeGreaterThanOrEqualTo(minStrings)
        .allSatisfy(s -> assertThat(s).hasSizeLessThanOrEqualTo(255));
    assertThat(OwnerMarker.parse(parts)).contains(owner);
  }

  @Test
  void endpointsAreKeptSortedAndDistinct() {
    OwnerMarker owner = OwnerMarker.of("linkdns", "x", List.of("vpce-2", "vpce-1", "vpce-2"));
    assertThat(owner.text())
        .isEqualTo("heritage=linkdns,owner=linkdns,layout=x,endpoints=vpce-1|vpce-2");
    assertThat(owner.endpoints()).containsExactly("vpce-1", "vpce-2");
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "v=spf1 include:_spf.example.com ~all",
        "heritage=external-dns,external-dns/owner=default,external-dns/resource=service/default/kafka",
        "heritage=linkdns",
        "heritage=linkdns,layout=x,endpoints=vpce-1",
        "heritage=linkdns,owner=,layout=x",
        "heritage=linkdns-fork,owner=me,layout=x,endpoints=vpce-1",
        "owner=linkdns,heritage=linkdns",
        "''",
      })
  void foreignTextIsNotAnOwner(String txt) {
    assertThat(OwnerMarker.parse(txt)).isEmpty();
  }

  @Test
  void noStringsIsNotAnOwner() {
    assertThat(OwnerMarker.parse(List.of())).isEmpty();
  }

  private static List<String> ids(int n, java.util.function.IntFunction<String> id) {
    return IntStream.range(0, n).mapToObj(id).toList();
  }
}
