package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.plan.Differ;
import io.linkdns.core.plan.Plan;
import io.linkdns.core.plan.Policy;
import io.linkdns.core.reconcile.ConcurrentChangeException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * What was read travels with the plan, not in the adapter: a plan made from one adapter's read is
 * applied by another (as a later invocation, or another container, would), and still names the
 * owner marker exactly as it was read.
 */
class RecordsAsReadTest {
  private static final String OWNER = "team-a";

  private final AwsWorld world = new AwsWorld();
  private final Route53Client route53 = world.admin.route53();

  /** A zone with one managed CNAME, written by the function, and its zone id. */
  private String zoneWithOneRecord(String domain) {
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    world
        .handler(world.env("LINKDNS_OWNER_ID", OWNER))
        .handle(world.createEvent(vpce, domain, List.of("us-east-2a")));
    return Route53Zones.bareId(world.zoneId(domain).orElseThrow());
  }

  private Route53Zones adapter() {
    return new Route53Zones(route53, AwsWorld.REGION.id(), ZoneOwnership.of(OWNER));
  }

  /** Someone rewrites the marker of the wildcard record: same name, these values and TTL. */
  private void rewriteMarker(String zoneId, String domain, long ttl, String value) {
    route53.changeResourceRecordSets(
        r ->
            r.hostedZoneId(zoneId)
                .changeBatch(
                    b ->
                        b.changes(
                            c ->
                                c.action(ChangeAction.UPSERT)
                                    .resourceRecordSet(
                                        ResourceRecordSet.builder()
                                            .name("_linkdns-cname-wildcard." + domain)
                                            .type("TXT")
                                            .ttl(ttl)
                                            .resourceRecords(v -> v.value(value))
                                            .build()))));
  }

  private String markerValue(String domain) {
    return world.records(domain).get("_linkdns-cname-wildcard." + domain + " TXT").get(0);
  }

  @Test
  void aDeletePlannedFromOneAdaptersReadIsAppliedByAFreshOneWithTheMarkerAsRead() {
    String domain = AwsWorld.uniqueDomain();
    String zoneId = zoneWithOneRecord(domain);
    // A marker whose TTL is not its record's (an earlier version wrote it so): only the marker as
    // read deletes it.
    rewriteMarker(zoneId, domain, 300, markerValue(domain));
    Route53Zones reader = adapter();
    Zone zone = reader.get(zoneId).orElseThrow();
    List<CurrentRecord> read = reader.records(zone);

    Plan plan = new Differ(OWNER, Policy.SYNC).diff(domain, List.of(), read, Set.of(), List.of());
    adapter().apply(zone, plan.changes());

    assertThat(plan.changes()).extracting(c -> c.verb()).containsExactly("delete");
    assertThat(world.records(domain)).isEmpty();
  }

  @Test
  void aMarkerRewrittenAfterTheReadFailsTheDeleteAndBothStay() {
    String domain = AwsWorld.uniqueDomain();
    String zoneId = zoneWithOneRecord(domain);
    Route53Zones reader = adapter();
    Zone zone = reader.get(zoneId).orElseThrow();
    Plan plan =
        new Differ(OWNER, Policy.SYNC)
            .diff(domain, List.of(), reader.records(zone), Set.of(), List.of());
    Map<String, List<String>> before = world.records(domain);
    // Another writer changes the marker between the read and the write: the read is stale.
    rewriteMarker(
        zoneId,
        domain,
        60,
        "\"heritage=linkdns,owner="
            + OWNER
            + ",layout=confluent-aws-dedicated\" \"endpoints=vpce-0other\"");

    assertThatThrownBy(() -> adapter().apply(zone, plan.changes()))
        .isInstanceOf(ConcurrentChangeException.class)
        .hasMessageContaining("values provided do not match");
    assertThat(world.records(domain).keySet()).isEqualTo(before.keySet());
  }

  /**
   * Adapters hold their clients and settings only: no collection, array or changing field to carry
   * reads between calls.
   */
  @ParameterizedTest
  @ValueSource(classes = {Route53Zones.class, Ec2EndpointCatalog.class})
  void adaptersKeepNothingTheyReadBetweenCalls(Class<?> adapter) {
    // The AZ name -> AZ ID map is fixed for an account and region: configuration, not something a
    // reconcile read.
    Set<String> allowed = Set.of("Ec2EndpointCatalog.zoneIds");
    List<String> holding =
        Arrays.stream(adapter.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .filter(f -> !allowed.contains(adapter.getSimpleName() + "." + f.getName()))
            .filter(f -> !Modifier.isFinal(f.getModifiers()) || holdsMany(f))
            .map(f -> f.getType().getSimpleName() + " " + f.getName())
            .toList();

    assertThat(holding).isEmpty();
  }

  private static boolean holdsMany(Field f) {
    return Stream.of(Collection.class, Map.class).anyMatch(t -> t.isAssignableFrom(f.getType()))
        || f.getType().isArray();
  }
}
