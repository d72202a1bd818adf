package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.DeadlineExceededException;
import io.linkdns.core.reconcile.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resource Manager's throttling through the production pipeline (ArmPacer, the SDK's retry policy)
 * against the ARM fake's token buckets: 429s are waited out as Retry-After asks and the zone ends
 * right; a Retry-After past the invocation's deadline fails at once and leaves no record set half
 * written.
 */
class ArmThrottlingTest {
  private static final List<String> ALL_THREE =
      List.of(
          "* A 60 10.20.1.4,10.20.2.4,10.20.3.4",
          "*.az1 A 60 10.20.1.4",
          "*.az2 A 60 10.20.2.4",
          "*.az3 A 60 10.20.3.4");

  private Harness h;

  @BeforeEach
  void start() {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
    h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void oneEventWithinArmsBucketsIsNeverThrottled() {
    ArmBuckets arm = ArmBuckets.arm();
    h.fake.throttle(arm);
    long start = System.nanoTime();

    h.deliver("pe-az1-write");

    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    assertThat(arm.seen()).hasSizeGreaterThan(10);
    assertThat(arm.throttled()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @ParameterizedTest(name = "Retry-After as an HTTP date: {0}")
  @ValueSource(booleans = {false, true})
  void throttledCallsWaitWhatRetryAfterAsksAndTheZoneEndsRight(boolean asDate) {
    // Buckets far smaller than the pacer expects: it learns from the 429s and the remaining counts.
    ArmBuckets small = ArmBuckets.small(3, 2, asDate);
    h.fake.throttle(small);

    List<Outcome> outcomes = h.deliver("pe-az1-write");

    assertThat(outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED));
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
    assertThat(small.throttled()).isPositive();
    // After each 429 the next call of that kind came no sooner than the fake's Retry-After (1 s
    // here).
    List<ArmBuckets.Seen> seen = small.seen();
    for (int i = 0; i < seen.size(); i++) {
      ArmBuckets.Seen s = seen.get(i);
      if (!s.throttled()) {
        continue;
      }
      String kind = ArmBuckets.kind(s.method());
      seen.subList(i + 1, seen.size()).stream()
          .filter(n -> ArmBuckets.kind(n.method()).equals(kind))
          .findFirst()
          .ifPresent(
              n ->
                  assertThat(Duration.ofNanos(n.nanos() - s.nanos()))
                      .as("after a throttled %s %s", s.method(), s.path())
                      .isGreaterThanOrEqualTo(Duration.ofMillis(990)));
    }
  }

  @Test
  void aRetryAfterPastTheDeadlineFailsAtOnceNamingItAndWritesNothingHalf() {
    // The zone and its link go through; the record sets then meet a Retry-After of about 1000 s.
    h.fake.throttle(
        new ArmBuckets(
            Map.of(
                "reads", new ArmBuckets.Limit(1000, 100),
                "writes", new ArmBuckets.Limit(2, 0.001),
                "deletes", new ArmBuckets.Limit(1000, 100)),
            false));
    Handler function = new Handler(h.wiring, Duration.ofSeconds(60));
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                function.handle(
                    Harness.fixture("pe-az1-write"), Handler.log(h.logger), "invocation-throttled"))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("Retry-After 1000 s")
        .hasMessageContaining("deadline");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(h.fake.recordsOf(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN).keySet())
        .containsExactly("SOA @");
    assertThat(h.fake.requests())
        .filteredOn(r -> r.method().equals("PUT") && r.path().contains("/A/"))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(429))
        .as("no retry of a call out of time")
        .hasSize(1);

    // This process's pacer holds the writes for the 1000 s Resource Manager asked, so a delivery it
    // runs is refused
    // at once too; the next run with tokens again (here a fresh process) finishes the work.
    assertThatThrownBy(
            () ->
                function.handle(
                    Harness.fixture("pe-az1-write"), Handler.log(h.logger), "invocation-again"))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("paced");
    h.fake.throttle(null);
    new Handler(h.connect(h.env))
        .handle(Harness.fixture("pe-az1-write"), Handler.log(h.logger), "invocation-later");
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
  }

  @Test
  void aSweepCutOffByTheDeadlineKeepsWhatItDidAndTheNextSweepGoesOn() {
    for (int d = 0; d < 4; d++) {
      for (int zone = 1; zone <= 3; zone++) {
        String network = "swp00" + d;
        String name = "pe-" + network + "-az" + zone;
        h.fake.putEndpoint(
            ArmShapes.endpoint(
                name,
                "Approved",
                "Succeeded",
                Map.of(
                    "linkdns-domain",
                    network + ".centralus.azure.confluent.cloud",
                    "linkdns-zone",
                    Integer.toString(zone)),
                ArmShapes.alias(zone).replace("p8xo76", network)));
        h.fake.putInterface(ArmShapes.networkInterface(name, "10.30." + d + "." + (zone + 3)));
      }
    }
    // Writes: six at once (one new zone's worth), then one each 2 s; the sweep has 5 s.
    h.fake.throttle(
        new ArmBuckets(
            Map.of(
                "reads", new ArmBuckets.Limit(1000, 100),
                "writes", new ArmBuckets.Limit(6, 0.5),
                "deletes", new ArmBuckets.Limit(1000, 100)),
            false));

    List<Outcome> first =
        new Handler(h.connect(h.env), Duration.ofSeconds(5))
            .sweepAll(Handler.log(h.logger), "sweep-1");

    assertThat(first).anySatisfy(o -> assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED));
    assertThat(first)
        .anySatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
              assertThat(o.error().orElse("")).contains("deadline");
            });
    int completeAfterFirst = complete();
    assertThat(completeAfterFirst).isBetween(1, 4);
    // Whatever the cut-off left is either absent or right: no record set holds a partial value.
    for (int d = 0; d < 5; d++) {
      String domain = (d < 4 ? "swp00" + d : "p8xo76") + ".centralus.azure.confluent.cloud";
      h.fake
          .recordsOf(ArmShapes.ZONE_GROUP, domain)
          .forEach(
              (key, r) -> {
                if (key.equals("A *")) {
                  assertThat(r.path("properties").path("aRecords")).hasSize(3);
                }
              });
    }

    h.fake.throttle(null);
    List<Outcome> second =
        new Handler(h.connect(h.env), Duration.ofSeconds(60))
            .sweepAll(Handler.log(h.logger), "sweep-2");
    assertThat(second).noneSatisfy(o -> assertThat(o.status()).isEqualTo(Outcome.Status.FAILED));
    assertThat(complete()).isEqualTo(5);
    h.fake.clearRequests();
    new Handler(h.connect(h.env), Duration.ofSeconds(60))
        .sweepAll(Handler.log(h.logger), "sweep-3");
    assertThat(h.fake.writes()).isZero();
  }

  /**
   * Domains (the four swept ones and the harness's own) whose zone holds the wildcard and three
   * zonal records.
   */
  private int complete() {
    int n = 0;
    for (int d = 0; d < 5; d++) {
      String domain = (d < 4 ? "swp00" + d : "p8xo76") + ".centralus.azure.confluent.cloud";
      if (h.fake.recordsOf(ArmShapes.ZONE_GROUP, domain).keySet().stream()
              .filter(k -> k.startsWith("A "))
              .count()
          == 4) {
        n++;
      }
    }
    return n;
  }
}
