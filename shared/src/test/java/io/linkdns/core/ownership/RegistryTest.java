package io.linkdns.core.ownership;

import static io.linkdns.core.testing.AwsEndpointBuilder.awsEndpoint;
import static io.linkdns.core.testing.AwsEndpointBuilder.regionalName;
import static io.linkdns.core.testing.AwsEndpointBuilder.zonalName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which owner markers count: one row per way a marker can be honest, stale, forged or broken. */
class RegistryTest {
  private static final String D = "pr123a.us-east-2.aws.confluent.cloud";
  private static final String ID = "vpce-0abc";
  private static final String LAYOUT = Layouts.CONFLUENT_AWS_DEDICATED;
  private static final Endpoint ONE_AZ = awsEndpoint(ID).domain(D).azs("use2-az1").build();
  private static final Registry REGISTRY = new Registry("linkdns", Layouts.builtIn());

  private static RecordSet cname(String name, String target) {
    return RecordSet.values(name, RecordType.CNAME, 60, List.of(target));
  }

  private static Owner ours(String... endpoints) {
    return Owner.of("linkdns", LAYOUT, List.of(endpoints));
  }

  static Stream<Arguments> markers() {
    RecordSet wildcardToRegional = cname("*." + D, regionalName(ID));
    RecordSet oldZonal = cname("*.use2-az2." + D, zonalName(ID, "use2-az2"));
    RecordSet typo = cname("*." + D, "typo.example.com");
    RecordSet www = RecordSet.values("www." + D, RecordType.A, 300, List.of("192.0.2.7"));
    RecordSet txt = RecordSet.values("*." + D, RecordType.TXT, 60, List.of("\"hello\""));
    return Stream.of(
        arguments("values are the endpoint's own name", wildcardToRegional, ours(ID), List.of(ONE_AZ), true, null),
        arguments("a name no layout writes", www, ours(ID), List.of(ONE_AZ), false, "no layout writes this name"),
        arguments("values of no endpoint it names, no checksum", typo, ours(ID), List.of(ONE_AZ), false, "typo.example.com"),
        arguments("values it wrote itself (checksum), endpoint since lost that AZ", oldZonal, ours(ID).sealing(oldZonal),
            List.of(ONE_AZ), true, null),
        arguments("checksum of other values", typo, ours(ID).sealing(wildcardToRegional), List.of(ONE_AZ), false, "typo.example.com"),
        // Without a checksum, naming an endpoint that is gone proves nothing: anyone can name one.
        arguments("marker without checksum for an endpoint the cloud forgot", oldZonal, ours("vpce-0gone"), List.of(ONE_AZ),
            false, "are not names or addresses"),
        arguments("checksummed marker for an endpoint the cloud forgot", oldZonal, ours("vpce-0gone").sealing(oldZonal),
            List.of(ONE_AZ), true, null),
        arguments("checksummed marker for a forgotten endpoint, other values", typo, ours("vpce-0gone").sealing(oldZonal),
            List.of(ONE_AZ), false, "typo.example.com"),
        arguments("marker without checksum for a deleted endpoint", oldZonal, ours(ID),
            List.of(ONE_AZ.withState(EndpointState.GONE)), false, "are not names or addresses"),
        arguments("checksummed marker for a deleted endpoint", oldZonal, ours(ID).sealing(oldZonal),
            List.of(ONE_AZ.withState(EndpointState.GONE)), true, null),
        arguments("a record type linkdns never writes", txt, ours(ID), List.of(ONE_AZ), false, "never writes TXT"),
        arguments("a marker naming no endpoint", wildcardToRegional, ours(), List.of(ONE_AZ), false, "names no endpoint"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markers")
  void aMarkerCountsOnlyNextToWhatItExplains(String title, RecordSet record, Owner marker, List<Endpoint> known,
      boolean counts, String noteContains) {
    Registry.Checked checked = REGISTRY.check(D, List.of(CurrentRecord.owned(record, marker)), known);

    assertThat(checked.records()).singleElement().satisfies(c -> {
      assertThat(c.record()).isEqualTo(record);
      assertThat(c.ownedBy("linkdns")).as("counts as ours").isEqualTo(counts);
    });
    if (counts) {
      assertThat(checked.notes()).isEmpty();
    } else {
      assertThat(checked.notes()).singleElement().asString().contains("marker for " + record.key() + " ignored", noteContains);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markers")
  void anotherInstallationsMarkerIsLeftAsItIs(String title, RecordSet record, Owner marker, List<Endpoint> known,
      boolean counts, String noteContains) {
    Owner theirs = new Owner("linkdns-eu", marker.layout(), marker.endpoints(), marker.sum());
    Registry.Checked checked = REGISTRY.check(D, List.of(CurrentRecord.owned(record, theirs)), known);

    assertThat(checked.records()).containsExactly(CurrentRecord.owned(record, theirs));
    assertThat(checked.notes()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void anUnreadableMarkerIsReportedAndTheRecordIsForeign() {
    RecordSet record = cname("*." + D, regionalName(ID));
    CurrentRecord found = new CurrentRecord(record, Optional.empty(), List.of("TXT at _linkdns-cname-wildcard." + D + " is not a linkdns marker"));

    Registry.Checked checked = REGISTRY.check(D, List.of(found), List.of(ONE_AZ));

    assertThat(checked.records()).singleElement().satisfies(c -> assertThat(c.owner()).isEmpty());
    assertThat(checked.notes()).singleElement().asString().contains("unreadable marker", "is not a linkdns marker");
  }
}
