package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;

/**
 * The bucket maths on a fake clock: sleeping is exactly what Route 53's buckets need, never more.
 */
class PacerTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong slept = new AtomicLong();

  private Pacer pacer(double accountRate) {
    return new Pacer(
        accountRate,
        clock::get,
        nanos -> {
          slept.addAndGet(nanos);
          clock.addAndGet(nanos);
        });
  }

  private double sleptSeconds() {
    return slept.get() / 1e9;
  }

  @ParameterizedTest(name = "{1} x {0} at {2}/s sleeps {3} s")
  @CsvSource({
    // operation,                  calls, account rate, least seconds from full buckets
    "ListResourceRecordSets,         50,  10,  0",
    "ListResourceRecordSets,        100,  10,  5",
    "ListResourceRecordSets,         60,   5,  2",
    "CreateHostedZone,               40,  10,  0",
    "CreateHostedZone,               60,  10, 10",
    "AssociateVPCWithHostedZone,     30,  10,  2",
    "DisassociateVPCFromHostedZone,  20,  10,  2",
    "DeleteHostedZone,               60,  10,  4",
  })
  void sleepsExactlyWhatTheBucketsNeed(String operation, int calls, double rate, double seconds) {
    Pacer pacer = pacer(rate);
    for (int i = 0; i < calls; i++) {
      pacer.acquire(operation);
    }
    assertThat(sleptSeconds()).isCloseTo(seconds, within(0.01));
    assertThat(
            Pacer.leastSeconds(
                calls, Pacer.OPERATION_LIMITS.getOrDefault(operation, Pacer.DEFAULT_LIMIT), rate))
        .isCloseTo(seconds, within(0.01));
  }

  @Test
  void operationsShareTheAccountBucket() {
    Pacer pacer = pacer(10);
    for (int i = 0; i < 30; i++) {
      pacer.acquire("ListResourceRecordSets");
      pacer.acquire("GetHostedZone");
    }
    // 60 calls in all: the account's 50 go at once, 10 more at 10/s.
    assertThat(sleptSeconds()).isCloseTo(1.0, within(0.01));
  }

  @Test
  void neverSleepsPastTheDeadline() {
    Pacer pacer = pacer(10);
    try (var scope = Deadline.in(Duration.ofSeconds(1), clock::get).enter()) {
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 100; i++) {
                  pacer.acquire("ListResourceRecordSets");
                }
              })
          .isInstanceOf(DeadlineExceededException.class)
          .hasMessageContaining("ListResourceRecordSets");
    }
    assertThat(sleptSeconds()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void aThrottleHalvesTheRateThenItRecovers() {
    Pacer pacer = pacer(10);
    pacer.throttled();
    pacer.acquire("ListResourceRecordSets");
    // Buckets emptied, rate halved: one token takes 1 / (10 * 0.5) s.
    assertThat(sleptSeconds()).isCloseTo(0.2, within(0.001));
    clock.addAndGet(Duration.ofSeconds(20).toNanos());
    assertThat(pacer.factor(clock.get())).isEqualTo(1.0);
  }

  @Test
  void repeatedThrottlesKeepAFloor() {
    Pacer pacer = pacer(10);
    for (int i = 0; i < 10; i++) {
      pacer.throttled();
    }
    assertThat(pacer.factor(clock.get())).isCloseTo(Pacer.FLOOR, within(1e-9));
  }

  @Test
  void aRateMustBePositive() {
    assertThatThrownBy(() -> new Pacer(0)).hasMessageContaining("rate must be positive");
  }

  private static ChangeResourceRecordSetsRequest batch(int creates, int deletes, int upserts) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < creates + deletes + upserts; i++) {
      ChangeAction action =
          i < creates
              ? ChangeAction.CREATE
              : i < creates + deletes ? ChangeAction.DELETE : ChangeAction.UPSERT;
      changes.add(
          Change.builder()
              .action(action)
              .resourceRecordSet(r -> r.name("r.example.com").type("TXT").ttl(60L))
              .build());
    }
    return ChangeResourceRecordSetsRequest.builder()
        .hostedZoneId("Z1")
        .changeBatch(b -> b.changes(changes))
        .build();
  }

  @ParameterizedTest(name = "{0} CREATE + {1} DELETE + {2} UPSERT take {3} change tokens")
  @CsvSource({"1, 0, 0, 1", "0, 1, 0, 1", "0, 0, 1, 2", "3, 2, 4, 13", "0, 0, 500, 1000"})
  void aChangeBatchTakesOneTokenPerCreateOrDeleteAndTwoPerUpsert(
      int creates, int deletes, int upserts, int tokens) {
    assertThat(Pacer.changeTokens("ChangeResourceRecordSets", batch(creates, deletes, upserts)))
        .isEqualTo(tokens);
  }

  @ParameterizedTest(name = "{0} takes {1} change tokens")
  @CsvSource({
    "AssociateVPCWithHostedZone, 2",
    "DisassociateVPCFromHostedZone, 2",
    "CreateHostedZone, 2",
    "DeleteHostedZone, 2",
    "ListResourceRecordSets, 0",
    "GetHostedZone, 0",
  })
  void otherOperationsTakeTheDocumentedChangeTokens(String operation, int tokens) {
    assertThat(
            Pacer.changeTokens(
                operation, ListResourceRecordSetsRequest.builder().hostedZoneId("Z1").build()))
        .isEqualTo(tokens);
  }

  @Test
  void aBatchWithinTheChangeBucketGoesWithoutSleeping() {
    Pacer pacer = pacer(10);
    pacer.acquire("ChangeResourceRecordSets", 1000);
    pacer.acquire("ChangeResourceRecordSets", 500);
    assertThat(sleptSeconds()).isZero();
  }

  @ParameterizedTest(name = "{0} batches of {1} change tokens sleep {2} s")
  @CsvSource({
    // batches, tokens each, least seconds from a full bucket (1,500 burst, 100 per s)
    "1,  1000,  0",
    "2,  1000,  5",
    "3,  1000, 15",
    "10,  500, 35",
    "40,  100, 25",
  })
  void aBurstOfLargeBatchesWaitsExactlyWhatTheRefillNeeds(int batches, int tokens, double seconds) {
    Pacer pacer = pacer(10);
    for (int i = 0; i < batches; i++) {
      pacer.acquire("ChangeResourceRecordSets", tokens);
    }
    assertThat(sleptSeconds()).isCloseTo(seconds, within(0.01));
    assertThat(Pacer.leastChangeSeconds(batches, tokens)).isCloseTo(seconds, within(0.01));
  }

  @Test
  void theChangeBucketNeverSleepsPastTheDeadline() {
    Pacer pacer = pacer(10);
    try (var scope = Deadline.in(Duration.ofSeconds(4), clock::get).enter()) {
      pacer.acquire("ChangeResourceRecordSets", 1000);
      // The second batch needs 500 more tokens: 5 s at 100 per s, past the 4 s left.
      assertThatThrownBy(() -> pacer.acquire("ChangeResourceRecordSets", 1000))
          .isInstanceOf(DeadlineExceededException.class)
          .hasMessageContaining("ChangeResourceRecordSets");
    }
    assertThat(sleptSeconds()).isZero();
    // Refused before any token was taken: 4 s later the bucket holds 900, so 900 go at once.
    clock.addAndGet(Duration.ofSeconds(4).toNanos());
    pacer.acquire("ChangeResourceRecordSets", 900);
    assertThat(sleptSeconds()).isZero();
  }

  @Test
  void aBatchLargerThanTheChangeBucketIsRefused() {
    Pacer pacer = pacer(10);
    assertThatThrownBy(() -> pacer.acquire("ChangeResourceRecordSets", 1501))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("changeTokens")
        .hasMessageContaining("1501");
    assertThat(sleptSeconds()).isZero();
  }
}
