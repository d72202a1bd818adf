package io.linkdns.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  @ParameterizedTest(name = "attempt {0}: at most {1} ms")
  @CsvSource({"1, 400", "2, 800", "3, 1600", "4, 3200", "5, 5000", "30, 5000"})
  void fullJitterUnderACappedExponentialCeiling(int attempt, long ceilingMillis) {
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      Duration d = Backoff.DEFAULT.delay(attempt);
      assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(ceilingMillis));
      max = Math.max(max, d.toMillis());
    }
    assertThat(max).as("jitter spreads over the range").isGreaterThan(ceilingMillis / 2);
  }
}
