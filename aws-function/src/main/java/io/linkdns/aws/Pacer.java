package io.linkdns.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Paces every HTTP attempt of a client (retries included) to a steady rate with a small burst, so a
 * sweep over many zones stays under Route 53's per-account limit of 10 requests per second.
 */
public final class Pacer implements ExecutionInterceptor {
  private final long intervalNanos;
  private final long burstNanos;
  /** Earliest time the next request may start (GCRA's theoretical arrival time). */
  private long nextStart;

  public Pacer(double perSecond, int burst) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
    this.intervalNanos = (long) (1_000_000_000L / perSecond);
    this.burstNanos = (Math.max(1, burst) - 1) * intervalNanos;
    this.nextStart = System.nanoTime() - burstNanos;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    acquire();
  }

  /** Blocks until the next request may go. */
  public void acquire() {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long start = Math.max(nextStart, now - burstNanos);
      nextStart = start + intervalNanos;
      wait = start - now;
    }
    if (wait <= 0) {
      return;
    }
    try {
      Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pacing Route 53 requests", e);
    }
  }
}
