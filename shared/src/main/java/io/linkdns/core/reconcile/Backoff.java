package io.linkdns.core.reconcile;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, for re-plans after a concurrent change. */
public record Backoff(Duration base, Duration cap, int maxAttempts) {
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 4);

  /** Delay before attempt {@code attempt} (1-based retry number). */
  public Duration delay(int attempt) {
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  public void sleep(int attempt) {
    try {
      Thread.sleep(delay(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }
}
