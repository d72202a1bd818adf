package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
