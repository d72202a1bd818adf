package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What was read travels with the plan, not in the adapter: a plan made from one adapter's read is
 * applied by another (a later invocation, another instance), each write conditional on the ETag
 * read.
 */
class RecordsAsReadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Harness h;
  private Zone zone;

  @BeforeEach
  void start() {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.deliver("pe-az1-write");
    zone = h.wiring.zones().find(ArmShapes.DOMAIN, ArmShapes.VNET).orElseThrow();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** A plan deleting every record set of ours, made from what this adapter reads now. */
  private static Plan deleteAll(List<CurrentRecord> read) {
    return new Differ("linkdns", Policy.SYNC)
        .diff(ArmShapes.DOMAIN, List.of(), read, Set.of(), List.of());
  }

  @Test
  void aPlanReadByOneAdapterIsAppliedByAFreshOneWithTheETagsRead() {
    AzurePrivateDnsZones reader = h.wiring.zones();
    List<CurrentRecord> read = reader.records(zone);
    Plan plan = deleteAll(read);
    h.fake.clearRequests();

    h.connect(h.env).zones().apply(zone, plan.changes());

    assertThat(plan.changes()).extracting(c -> c.verb()).containsExactly("delete", "delete");
    assertThat(h.zoneView()).isEmpty();
    List<String> etagsRead =
        read.stream()
            .filter(c -> c.owner().isPresent())
            .map(c -> c.revision().tokens().get(0))
            .toList();
    assertThat(h.fake.requests())
        .filteredOn(r -> r.method().equals("DELETE"))
        .extracting(r -> r.headers().get("if-match"))
        .containsExactlyInAnyOrderElementsOf(etagsRead);
  }

  @Test
  void aRecordChangedAfterTheReadIsRefusedByItsETagAndStays() {
    AzurePrivateDnsZones reader = h.wiring.zones();
    Plan plan = deleteAll(reader.records(zone));
    ObjectNode theirs = JSON.createObjectNode().put("ttl", 30);
    theirs.putArray("aRecords").addObject().put("ipv4Address", "198.51.100.7");
    h.fake.writeRecordDirectly(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN, "A", "*", theirs);

    assertThatThrownBy(() -> h.connect(h.env).zones().apply(zone, plan.changes()))
        .isInstanceOf(ConcurrentChangeException.class)
        .hasMessageContaining("ETag");
    assertThat(h.zoneView()).contains("* A 30 198.51.100.7");
  }

  /**
   * Adapters hold their clients and settings only: no collection, array or changing field to carry
   * reads between calls.
   */
  @ParameterizedTest
  @ValueSource(classes = {AzurePrivateDnsZones.class, AzureEndpointCatalog.class})
  void adaptersKeepNothingTheyReadBetweenCalls(Class<?> adapter) {
    List<String> holding =
        Arrays.stream(adapter.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
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
