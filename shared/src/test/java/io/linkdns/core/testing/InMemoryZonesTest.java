package io.linkdns.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.ProviderLimits;
import io.linkdns.core.reconcile.ConcurrentChangeException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fake must refuse what a provider refuses, or tests built on it prove nothing. */
class InMemoryZonesTest {
  private static final String D = "example.com";
  private static final RecordSet WILD =
      RecordSet.values("*." + D, RecordType.A, 60, List.of("10.0.0.1"));
  private static final RecordSet WILD_2 =
      RecordSet.values("*." + D, RecordType.A, 60, List.of("10.0.0.2"));
  private static final RecordSet NEW =
      RecordSet.values("new." + D, RecordType.A, 60, List.of("10.0.0.3"));
  private static final OwnerMarker MINE = OwnerMarker.of("linkdns", "l", List.of("vpce-1"));
  private static final OwnerMarker OTHER = OwnerMarker.of("linkdns", "l", List.of("vpce-2"));

  static Stream<Arguments> refusedBatches() {
    return Stream.of(
        arguments(
            "create over an existing record set",
            List.of(new Change.Create(NEW, MINE), new Change.Create(WILD, MINE))),
        arguments(
            "update from stale values",
            List.of(new Change.Create(NEW, MINE), new Change.Update(WILD_2, MINE, WILD, MINE))),
        arguments(
            "update from a stale owner",
            List.of(new Change.Create(NEW, MINE), new Change.Update(WILD, OTHER, WILD_2, MINE))),
        arguments(
            "delete of a stale owner",
            List.of(new Change.Create(NEW, MINE), new Change.Delete(WILD, OTHER))),
        arguments(
            "delete of what is not there",
            List.of(
                new Change.Create(NEW, MINE),
                new Change.Delete(
                    RecordSet.values("gone." + D, RecordType.A, 60, List.of("10.0.0.9")), MINE))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedBatches")
  void staleBatchIsRefusedWhole(String title, List<Change> batch) {
    InMemoryZones zones = new InMemoryZones();
    Zone z = zones.addZone(D, "vpc-1");
    zones.putOwned(z.id(), WILD, MINE);

    assertThatThrownBy(() -> zones.apply(z, batch)).isInstanceOf(ConcurrentChangeException.class);
    assertThat(zones.contents(z.id())).containsExactly(CurrentRecord.owned(WILD, MINE));
    assertThat(zones.writes()).isZero();
  }

  @Test
  void cnameBesideAnotherRecordIsRefused() {
    InMemoryZones zones = new InMemoryZones();
    Zone z = zones.addZone(D, "vpc-1");
    zones.putForeign(z.id(), WILD);

    assertThatThrownBy(
            () ->
                zones.apply(
                    z,
                    List.of(
                        new Change.Create(
                            RecordSet.values(
                                "*." + D, RecordType.CNAME, 60, List.of("x.example.net")),
                            MINE))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(zones.contents(z.id())).hasSize(1);
  }

  @Test
  void batchOverTheProviderLimitsIsRefused() {
    InMemoryZones zones = new InMemoryZones(new ProviderLimits(1, 1000, 32_000, 400));
    Zone z = zones.addZone(D, "vpc-1");

    assertThatThrownBy(
            () ->
                zones.apply(
                    z, List.of(new Change.Create(WILD, MINE), new Change.Create(NEW, MINE))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void crashOnTheNthApplyChangesNothing() {
    InMemoryZones zones = new InMemoryZones().crashOnApply(2);
    Zone z = zones.addZone(D, "vpc-1");
    zones.apply(z, List.of(new Change.Create(WILD, MINE)));

    assertThatThrownBy(() -> zones.apply(z, List.of(new Change.Create(NEW, MINE))))
        .isInstanceOf(IllegalStateException.class);
    zones.apply(z, List.of(new Change.Update(WILD, MINE, WILD_2, OTHER)));

    assertThat(zones.contents(z.id())).containsExactly(CurrentRecord.owned(WILD_2, OTHER));
    assertThat(zones.applyCalls()).isEqualTo(3);
    assertThat(zones.writes()).isEqualTo(2);
  }

  @Test
  void creatingALinkedZoneAgainReusesIt() {
    InMemoryZones zones = new InMemoryZones();
    Zone first = zones.create(D, "vpc-1");
    Zone again = zones.create(D + ".", "vpc-1");
    Zone otherVpc = zones.create(D, "vpc-2");

    assertThat(first.fresh()).isTrue();
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.fresh()).isFalse();
    assertThat(otherVpc.id()).isNotEqualTo(first.id());
    assertThat(zones.zonesCreated()).isEqualTo(2);
  }
}
