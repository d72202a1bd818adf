package io.linkdns.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.Revision;
import io.linkdns.core.testing.InMemoryZones;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each row: what the zone holds, what the endpoints want; then the zone after the plan is applied.
 */
class DifferTest {
  private static final String D = "pr123a.us-east-2.aws.confluent.cloud";
  private static final String WILD = "*." + D;
  private static final String AZ1 = "*.use2-az1." + D;
  private static final String AZ2 = "*.use2-az2." + D;
  private static final String ME = "linkdns";
  private static final String LAYOUT = "confluent-aws-dedicated";
  private static final String REGIONAL =
      "vpce-0abc-12345678.vpce-svc-0123.us-east-2.vpce.amazonaws.com";
  private static final String REGIONAL_NEW =
      "vpce-0def-12345678.vpce-svc-0123.us-east-2.vpce.amazonaws.com";
  private static final String ZONAL_1 =
      "vpce-0abc-12345678-us-east-2a.vpce-svc-0123.us-east-2.vpce.amazonaws.com";

  static Stream<Arguments> cases() {
    return Stream.of(
        row(
            "empty zone: everything is created",
            Policy.SYNC,
            List.of(),
            List.of(
                want(cname(WILD, REGIONAL), "vpce-0abc"), want(cname(AZ1, ZONAL_1), "vpce-0abc")),
            Set.of(),
            List.of("create", "create"),
            List.of(),
            List.of(
                mine(cname(WILD, REGIONAL), "vpce-0abc"), mine(cname(AZ1, ZONAL_1), "vpce-0abc"))),
        row(
            "foreign record at a managed name: conflict, untouched",
            Policy.SYNC,
            List.of(foreign(cname(WILD, "legacy.example.com"))),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of(),
            List.of("without a linkdns owner marker"),
            List.of(foreign(cname(WILD, "legacy.example.com")))),
        row(
            "CNAME wanted where a foreign A stands: conflict",
            Policy.SYNC,
            List.of(foreign(a(WILD, "10.9.9.9"))),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of(),
            List.of("a A record linkdns does not own stands at this name"),
            List.of(foreign(a(WILD, "10.9.9.9")))),
        row(
            "A wanted where a foreign CNAME stands: conflict",
            Policy.SYNC,
            List.of(foreign(cname(AZ1, "legacy.example.com"))),
            List.of(want(a(AZ1, "10.0.1.10"), "vpce-0abc")),
            Set.of(),
            List.of(),
            List.of("a CNAME record linkdns does not own"),
            List.of(foreign(cname(AZ1, "legacy.example.com")))),
        row(
            "A wanted beside a foreign AAAA: both stand",
            Policy.SYNC,
            List.of(foreign(aaaa(WILD, "fd00::1"))),
            List.of(want(a(WILD, "10.0.1.10"), "vpce-0abc")),
            Set.of(),
            List.of("create"),
            List.of(),
            List.of(foreign(aaaa(WILD, "fd00::1")), mine(a(WILD, "10.0.1.10"), "vpce-0abc"))),
        row(
            "owned by another linkdns installation: conflict",
            Policy.SYNC,
            List.of(theirs(cname(WILD, REGIONAL_NEW), "vpce-0def")),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of(),
            List.of("owned by another linkdns installation 'linkdns-eu'"),
            List.of(theirs(cname(WILD, REGIONAL_NEW), "vpce-0def"))),
        row(
            "another installation's A where we want a CNAME: conflict",
            Policy.SYNC,
            List.of(theirs(a(WILD, "10.0.1.10"), "vpce-0def")),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of(),
            List.of("does not own stands at this name"),
            List.of(theirs(a(WILD, "10.0.1.10"), "vpce-0def"))),
        row(
            "owned and equal: nothing to do",
            Policy.SYNC,
            List.of(mine(cname(WILD, REGIONAL), "vpce-0abc")),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of(),
            List.of(),
            List.of(mine(cname(WILD, REGIONAL), "vpce-0abc"))),
        row(
            "owned, values differ: update",
            Policy.SYNC,
            List.of(mine(a(WILD, "10.0.1.10", "10.0.2.10"), "vpce-0abc")),
            List.of(want(a(WILD, "10.0.1.10", "10.0.2.10", "10.0.3.10"), "vpce-0abc")),
            Set.of(),
            List.of("update"),
            List.of(),
            List.of(mine(a(WILD, "10.0.1.10", "10.0.2.10", "10.0.3.10"), "vpce-0abc"))),
        row(
            "owned, TTL differs: update",
            Policy.SYNC,
            List.of(
                mine(
                    RecordSet.values(WILD, RecordType.CNAME, 300, List.of(REGIONAL)), "vpce-0abc")),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of("update"),
            List.of(),
            List.of(mine(cname(WILD, REGIONAL), "vpce-0abc"))),
        row(
            "owned, same values, endpoints behind changed: marker updated",
            Policy.SYNC,
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc", "vpce-0old")),
            List.of(want(a(WILD, "10.0.1.10"), "vpce-0abc")),
            Set.of(),
            List.of("update"),
            List.of(),
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc"))),
        row(
            "owned, no longer wanted: deleted",
            Policy.SYNC,
            List.of(
                mine(cname(WILD, REGIONAL), "vpce-0abc"),
                mine(cname(AZ2, "old.example.com"), "vpce-0abc")),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of("delete"),
            List.of(),
            List.of(mine(cname(WILD, REGIONAL), "vpce-0abc"))),
        row(
            "foreign, not wanted: left alone",
            Policy.SYNC,
            List.of(foreign(a("legacy." + D, "10.9.9.9")), foreign(txt(D, "v=spf1 -all"))),
            List.of(),
            Set.of(),
            List.of(),
            List.of(),
            List.of(foreign(a("legacy." + D, "10.9.9.9")), foreign(txt(D, "v=spf1 -all")))),
        row(
            "owned record outside the domain: left alone",
            Policy.SYNC,
            List.of(mine(cname("*.other.example.com", REGIONAL), "vpce-0abc")),
            List.of(),
            Set.of(),
            List.of(),
            List.of(),
            List.of(mine(cname("*.other.example.com", REGIONAL), "vpce-0abc"))),
        row(
            "held endpoint, not wanted now: untouched",
            Policy.SYNC,
            List.of(mine(cname(WILD, REGIONAL), "vpce-0abc")),
            List.of(),
            Set.of("vpce-0abc"),
            List.of(),
            List.of(),
            List.of(mine(cname(WILD, REGIONAL), "vpce-0abc"))),
        row(
            "held endpoint, wanted differently: untouched",
            Policy.SYNC,
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc", "vpce-0def")),
            List.of(want(a(WILD, "10.0.2.20"), "vpce-0def")),
            Set.of("vpce-0abc"),
            List.of(),
            List.of(),
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc", "vpce-0def"))),
        row(
            "layout switched A -> CNAME: delete then create in one batch",
            Policy.SYNC,
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc")),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of("delete", "create"),
            List.of(),
            List.of(mine(cname(WILD, REGIONAL), "vpce-0abc"))),
        row(
            "layout switched A -> CNAME under upsert-only: conflict, nothing refused by the provider",
            Policy.UPSERT_ONLY,
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc")),
            List.of(want(cname(WILD, REGIONAL), "vpce-0abc")),
            Set.of(),
            List.of(),
            List.of("policy"),
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc"))),
        row(
            "CNAME wanted where a held endpoint's A stands: conflict until it settles",
            Policy.SYNC,
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc")),
            List.of(want(cname(WILD, REGIONAL_NEW), "vpce-0def")),
            Set.of("vpce-0abc"),
            List.of(),
            List.of("pending endpoint"),
            List.of(mine(a(WILD, "10.0.1.10"), "vpce-0abc"))),
        policyRow(
            Policy.SYNC,
            List.of("delete", "update", "create"),
            List.of(
                mine(cname(WILD, REGIONAL_NEW), "vpce-0def"),
                mine(cname(AZ1, ZONAL_1), "vpce-0def"))),
        policyRow(
            Policy.UPSERT_ONLY,
            List.of("update", "create"),
            List.of(
                mine(cname(WILD, REGIONAL_NEW), "vpce-0def"),
                mine(cname(AZ1, ZONAL_1), "vpce-0def"),
                mine(cname(AZ2, "old.example.com"), "vpce-0abc"))),
        policyRow(
            Policy.CREATE_ONLY,
            List.of("create"),
            List.of(
                mine(cname(WILD, REGIONAL), "vpce-0abc"),
                mine(cname(AZ1, ZONAL_1), "vpce-0def"),
                mine(cname(AZ2, "old.example.com"), "vpce-0abc"))));
  }

  /**
   * Zone holds *.d (to update) and *.az2.d (to delete); endpoints want *.d changed and *.az1.d new.
   */
  private static Arguments policyRow(Policy policy, List<String> verbs, List<CurrentRecord> after) {
    String name =
        policy == Policy.SYNC
            ? "sync"
            : policy == Policy.UPSERT_ONLY ? "upsert-only" : "create-only";
    return row(
        "policy " + name,
        policy,
        List.of(
            mine(cname(WILD, REGIONAL), "vpce-0abc"),
            mine(cname(AZ2, "old.example.com"), "vpce-0abc")),
        List.of(
            want(cname(WILD, REGIONAL_NEW), "vpce-0def"), want(cname(AZ1, ZONAL_1), "vpce-0def")),
        Set.of(),
        verbs,
        List.of(),
        after);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void zoneAfterThePlan(
      String title,
      Policy policy,
      List<CurrentRecord> current,
      List<DesiredRecord> desired,
      Set<String> held,
      List<String> verbs,
      List<String> conflicts,
      List<CurrentRecord> after) {
    InMemoryZones zones = new InMemoryZones();
    Zone zone = zones.addZone(D, "vpc-1");
    current.forEach(
        c -> {
          if (c.owner().isPresent()) {
            zones.putOwned(zone.id(), c.record(), c.owner().get());
          } else {
            zones.putForeign(zone.id(), c.record());
          }
        });

    Plan plan = new Differ(ME, policy).diff(D, desired, zones.records(zone), held, List.of());
    if (!plan.isEmpty()) {
      zones.apply(zone, plan.changes());
    }

    assertThat(plan.changes()).extracting(Change::verb).containsExactlyElementsOf(verbs);
    assertThat(plan.conflicts()).hasSameSizeAs(conflicts);
    for (int i = 0; i < conflicts.size(); i++) {
      assertThat(plan.conflicts().get(i).reason()).contains(conflicts.get(i));
    }
    if (!held.isEmpty()) {
      assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("endpoint pending"));
    }
    assertThat(zones.contents(zone.id())).containsExactlyInAnyOrderElementsOf(after);
  }

  @Test
  void updatesAndDeletesCarryTheRevisionTheRecordWasReadAt() {
    CurrentRecord changed =
        mine(a(WILD, "10.0.1.10"), "vpce-0abc").withRevision(Revision.of("etag-1"));
    CurrentRecord gone =
        mine(cname(AZ2, "old.example.com"), "vpce-0abc").withRevision(Revision.of("etag-2"));
    DesiredRecord wanted = want(a(WILD, "10.0.1.10", "10.0.2.10"), "vpce-0abc");

    Plan plan =
        new Differ(ME, Policy.SYNC)
            .diff(D, List.of(wanted), List.of(changed, gone), Set.of(), List.of());

    assertThat(plan.changes())
        .containsExactly(
            new Change.Delete(gone.record(), gone.owner().get(), Revision.of("etag-2")),
            new Change.Update(
                changed.record(),
                changed.owner().get(),
                wanted.record(),
                wanted.owner(),
                Revision.of("etag-1")));
  }

  private static Arguments row(
      String title,
      Policy policy,
      List<CurrentRecord> current,
      List<DesiredRecord> desired,
      Set<String> held,
      List<String> verbs,
      List<String> conflicts,
      List<CurrentRecord> after) {
    return arguments(title, policy, current, desired, held, verbs, conflicts, after);
  }

  private static RecordSet cname(String name, String target) {
    return RecordSet.values(name, RecordType.CNAME, 60, List.of(target));
  }

  private static RecordSet a(String name, String... ips) {
    return RecordSet.values(name, RecordType.A, 60, List.of(ips));
  }

  private static RecordSet aaaa(String name, String... ips) {
    return RecordSet.values(name, RecordType.AAAA, 60, List.of(ips));
  }

  private static RecordSet txt(String name, String value) {
    return RecordSet.values(name, RecordType.TXT, 300, List.of(value));
  }

  private static DesiredRecord want(RecordSet r, String... endpoints) {
    return new DesiredRecord(r, OwnerMarker.of(ME, LAYOUT, List.of(endpoints)));
  }

  private static CurrentRecord mine(RecordSet r, String... endpoints) {
    return CurrentRecord.owned(r, OwnerMarker.of(ME, LAYOUT, List.of(endpoints)));
  }

  private static CurrentRecord theirs(RecordSet r, String... endpoints) {
    return CurrentRecord.owned(
        r, OwnerMarker.of("linkdns-eu", LAYOUT, new ArrayList<>(List.of(endpoints))));
  }

  private static CurrentRecord foreign(RecordSet r) {
    return CurrentRecord.foreign(r);
  }
}
