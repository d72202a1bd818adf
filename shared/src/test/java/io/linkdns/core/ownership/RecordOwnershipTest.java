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
class RecordOwnershipTest {
  private static final String D = "pr123a.us-east-2.aws.confluent.cloud";
  private static final String ID = "vpce-0abc";
  private static final String LAYOUT = Layouts.CONFLUENT_AWS_DEDICATED;
  private static final Endpoint ONE_AZ = awsEndpoint(ID).domain(D).azs("use2-az1").build();
  private static final SealKey KEY = SealKey.of("test", "installation-secret-of-this-test");
  private static final SealKey OTHER_KEY = SealKey.of("test", "some-other-installations-secret");
  private static final RecordOwnership REGISTRY =
      new RecordOwnership("linkdns", Layouts.builtIn(), KEY);

  private static RecordSet cname(String name, String target) {
    return RecordSet.values(name, RecordType.CNAME, 60, List.of(target));
  }

  private static OwnerMarker ours(String... endpoints) {
    return OwnerMarker.of("linkdns", LAYOUT, List.of(endpoints));
  }

  static Stream<Arguments> markers() {
    RecordSet wildcardToRegional = cname("*." + D, regionalName(ID));
    RecordSet oldZonal = cname("*.use2-az2." + D, zonalName(ID, "use2-az2"));
    RecordSet typo = cname("*." + D, "typo.example.com");
    RecordSet typoAtZonalName = cname("*.use2-az2." + D, "typo.example.com");
    RecordSet oldZonalAtWildcard = cname("*." + D, zonalName(ID, "use2-az2"));
    RecordSet www = RecordSet.values("www." + D, RecordType.A, 300, List.of("192.0.2.7"));
    RecordSet txt = RecordSet.values("*." + D, RecordType.TXT, 60, List.of("\"hello\""));
    RecordSet legacyA = RecordSet.values("*." + D, RecordType.A, 60, List.of("10.0.0.9"));
    OwnerMarker sealedForGone = ours("vpce-0gone").sealedWith(KEY, oldZonal);
    OwnerMarker sealMovedToAnotherEndpoint =
        new OwnerMarker(
            "linkdns",
            LAYOUT,
            ours("vpce-0other").endpoints(),
            Optional.empty(),
            sealedForGone.seal());
    return Stream.of(
        arguments(
            "values are the endpoint's own name",
            wildcardToRegional,
            ours(ID),
            List.of(ONE_AZ),
            true,
            null),
        arguments(
            "a name no layout writes",
            www,
            ours(ID),
            List.of(ONE_AZ),
            false,
            "no layout writes this name"),
        arguments(
            "values of no endpoint it names, no seal",
            typo,
            ours(ID),
            List.of(ONE_AZ),
            false,
            "typo.example.com"),
        arguments(
            "values it sealed itself, endpoint since forgotten by the cloud",
            oldZonal,
            sealedForGone,
            List.of(ONE_AZ),
            true,
            null),
        arguments(
            "keyed seal of a deleted endpoint",
            oldZonal,
            ours(ID).sealedWith(KEY, oldZonal),
            List.of(ONE_AZ.withState(EndpointState.GONE)),
            true,
            null),
        // Attacks: someone who may write TXT records (or metadata) forges a marker next to a
        // foreign record.
        arguments(
            "forged unkeyed checksum, made-up endpoint",
            typo,
            ours("vpce-0madeup").sealing(typo),
            List.of(ONE_AZ),
            false,
            "typo.example.com"),
        arguments(
            "forged unkeyed checksum, forgotten endpoint",
            oldZonal,
            ours("vpce-0gone").sealing(oldZonal),
            List.of(ONE_AZ),
            false,
            "are not names or addresses"),
        arguments(
            "forged keyed seal, wrong key",
            oldZonal,
            ours("vpce-0gone").sealedWith(OTHER_KEY, oldZonal),
            List.of(ONE_AZ),
            false,
            "are not names or addresses"),
        arguments(
            "seal copied from a record with other values",
            typoAtZonalName,
            sealedForGone,
            List.of(ONE_AZ),
            false,
            "typo.example.com"),
        arguments(
            "seal copied from a record at another name",
            oldZonalAtWildcard,
            sealedForGone,
            List.of(ONE_AZ),
            false,
            "are not names or addresses"),
        arguments(
            "seal copied into a marker naming another endpoint",
            oldZonal,
            sealMovedToAnotherEndpoint,
            List.of(ONE_AZ),
            false,
            "are not names or addresses"),
        arguments(
            "seal in a marker of another layout",
            oldZonal,
            new OwnerMarker(
                "linkdns",
                "other",
                sealedForGone.endpoints(),
                Optional.empty(),
                sealedForGone.seal()),
            List.of(ONE_AZ),
            false,
            "are not names or addresses"),
        arguments(
            "endpoint-shaped name of another endpoint",
            oldZonal,
            ours("vpce-0abd"),
            List.of(ONE_AZ),
            false,
            "are not names or addresses"),
        // Earlier versions' markers: an endpoint's own names still count, and are sealed again on
        // the next write.
        arguments(
            "legacy checksum, live endpoint's own name",
            wildcardToRegional,
            ours(ID).sealing(wildcardToRegional),
            List.of(ONE_AZ),
            true,
            null),
        arguments(
            "no seal, a deleted endpoint's own DNS name (embeds its id)",
            oldZonal,
            ours(ID),
            List.of(ONE_AZ.withState(EndpointState.GONE)),
            true,
            null),
        arguments(
            "no seal, a forgotten endpoint's own DNS name (embeds its id)",
            oldZonal,
            ours(ID),
            List.of(),
            true,
            null),
        arguments(
            "legacy checksum, A record of a deleted endpoint: reported, not ours",
            legacyA,
            ours(ID).sealing(legacyA),
            List.of(ONE_AZ.withState(EndpointState.GONE)),
            false,
            "10.0.0.9"),
        arguments(
            "a record type linkdns never writes",
            txt,
            ours(ID),
            List.of(ONE_AZ),
            false,
            "never writes TXT"),
        arguments(
            "a marker naming no endpoint",
            wildcardToRegional,
            ours(),
            List.of(ONE_AZ),
            false,
            "names no endpoint"));
  }

  @org.junit.jupiter.api.Test
  void withoutAKeyNoSealVouches() {
    RecordSet oldZonal = cname("*.use2-az2." + D, zonalName(ID, "use2-az2"));
    OwnerMarker sealed = ours("vpce-0gone").sealedWith(KEY, oldZonal);
    RecordOwnership unkeyed = new RecordOwnership("linkdns", Layouts.builtIn());

    assertThat(ours("vpce-0gone").sealedWith(SealKey.NONE, oldZonal).seal()).isEmpty();
    assertThat(
            unkeyed
                .check(D, List.of(CurrentRecord.owned(oldZonal, sealed)), List.of(ONE_AZ))
                .records())
        .singleElement()
        .satisfies(c -> assertThat(c.ownedBy("linkdns")).isFalse());
  }

  @org.junit.jupiter.api.Test
  void aSealSurvivesTheMarkersTextForm() {
    RecordSet oldZonal = cname("*.use2-az2." + D, zonalName(ID, "use2-az2"));
    OwnerMarker sealed = ours("vpce-0gone").sealedWith(KEY, oldZonal);

    assertThat(sealed.text())
        .contains(",seal=" + sealed.seal().orElseThrow())
        .doesNotContain("sum=");
    assertThat(OwnerMarker.parse(sealed.strings(255))).contains(sealed);
    assertThat(OwnerMarker.parse(ours(ID).sealing(oldZonal).text()))
        .hasValueSatisfying(o -> assertThat(o.sum()).isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markers")
  void aMarkerCountsOnlyNextToWhatItExplains(
      String title,
      RecordSet record,
      OwnerMarker marker,
      List<Endpoint> known,
      boolean counts,
      String noteContains) {
    RecordOwnership.Checked checked =
        REGISTRY.check(D, List.of(CurrentRecord.owned(record, marker)), known);

    assertThat(checked.records())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.record()).isEqualTo(record);
              assertThat(c.ownedBy("linkdns")).as("counts as ours").isEqualTo(counts);
            });
    if (counts) {
      assertThat(checked.notes()).isEmpty();
    } else {
      assertThat(checked.notes())
          .singleElement()
          .asString()
          .contains("marker for " + record.key() + " ignored", noteContains);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markers")
  void anotherInstallationsMarkerIsLeftAsItIs(
      String title,
      RecordSet record,
      OwnerMarker marker,
      List<Endpoint> known,
      boolean counts,
      String noteContains) {
    OwnerMarker theirs =
        new OwnerMarker(
            "linkdns-eu", marker.layout(), marker.endpoints(), marker.sum(), marker.seal());
    RecordOwnership.Checked checked =
        REGISTRY.check(D, List.of(CurrentRecord.owned(record, theirs)), known);

    assertThat(checked.records()).containsExactly(CurrentRecord.owned(record, theirs));
    assertThat(checked.notes()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void anUnreadableMarkerIsReportedAndTheRecordIsForeign() {
    RecordSet record = cname("*." + D, regionalName(ID));
    CurrentRecord found =
        new CurrentRecord(
            record,
            Optional.empty(),
            List.of("TXT at _linkdns-cname-wildcard." + D + " is not a linkdns marker"));

    RecordOwnership.Checked checked = REGISTRY.check(D, List.of(found), List.of(ONE_AZ));

    assertThat(checked.records()).singleElement().satisfies(c -> assertThat(c.owner()).isEmpty());
    assertThat(checked.notes())
        .singleElement()
        .asString()
        .contains("unreadable marker", "is not a linkdns marker");
  }
}
