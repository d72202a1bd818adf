package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pacing is correctness (Route 53 throttles the whole account), so its lower bound is asserted. */
class PacerTest {

  @Test
  void requestsBeyondTheBurstWaitTheirTurn() {
    Pacer pacer = new Pacer(50, 2);
    long start = System.nanoTime();
    for (int i = 0; i < 12; i++) {
      pacer.acquire();
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    // 2 go at once, the other 10 at least 20 ms apart.
    assertThat(elapsedMs).isGreaterThanOrEqualTo(195);
  }

  @Test
  void theBurstGoesWithoutWaiting() {
    Pacer pacer = new Pacer(0.5, 3);
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      pacer.acquire();
    }
    // At 0.5/s a fourth request would wait two seconds; the first three must not.
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
  }

  @Test
  void aRateMustBePositive() {
    assertThatThrownBy(() -> new Pacer(0, 1)).hasMessageContaining("rate must be positive");
  }
}
