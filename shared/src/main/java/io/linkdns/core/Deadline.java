package io.linkdns.core;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time an invocation has left. The function sets it from the Lambda context or the Azure
 * invocation's timeout and enters it around each unit of work; every outside call (cloud APIs,
 * Confluent's API, waits between retries) asks {@link #current()} how long it may still take, so a
 * slow or hostile answer cannot keep an invocation past its end.
 *
 * <p>Like a gRPC context deadline, the current one is carried by the thread: code deep inside a
 * reconcile need not pass it through every signature, and code that never entered one sees {@link
 * #none()}.
 */
public final class Deadline {
  private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();
  private static final LongSupplier SYSTEM = System::nanoTime;
  private static final long FAR = Long.MAX_VALUE / 4;

  private final LongSupplier clock;
  private final long atNanos;

  private Deadline(LongSupplier clock, long atNanos) {
    this.clock = clock;
    this.atNanos = atNanos;
  }

  /** No end: for the command line and tests that set none. */
  public static Deadline none() {
    return new Deadline(SYSTEM, SYSTEM.getAsLong() + FAR);
  }

  /** Ends after the given time from now. */
  public static Deadline in(Duration remaining) {
    return in(remaining, SYSTEM);
  }

  /** Ends after the given time from now on the given nanosecond clock (tests). */
  public static Deadline in(Duration remaining, LongSupplier nanoClock) {
    long now = nanoClock.getAsLong();
    return new Deadline(nanoClock, now + Math.min(FAR, Math.max(0, remaining.toNanos())));
  }

  /** The deadline the current thread works under; {@link #none()} when none was entered. */
  public static Deadline current() {
    Deadline d = CURRENT.get();
    return d == null ? none() : d;
  }

  /** Makes this the current thread's deadline until the returned scope is closed. */
  public Scope enter() {
    Deadline previous = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Time left, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, atNanos - clock.getAsLong()));
  }

  public boolean expired() {
    return atNanos - clock.getAsLong() <= 0;
  }

  /** True when this deadline has an end at all (not {@link #none()}). */
  public boolean bounded() {
    return atNanos - clock.getAsLong() < FAR / 2;
  }

  /** The earlier of this deadline and {@code cap} from now. */
  public Deadline within(Duration cap) {
    long capped = clock.getAsLong() + Math.max(0, cap.toNanos());
    return capped < atNanos ? new Deadline(clock, capped) : this;
  }

  /** This deadline moved earlier by {@code reserve} (time kept back to answer and log). */
  public Deadline less(Duration reserve) {
    return new Deadline(clock, atNanos - Math.max(0, reserve.toNanos()));
  }

  /** A fair share of what is left among {@code parts} units of work still to do. */
  public Deadline share(int parts) {
    long now = clock.getAsLong();
    long left = Math.max(0, atNanos - now);
    return new Deadline(clock, now + left / Math.max(1, parts));
  }

  /** The wanted duration, cut to the time left. */
  public Duration bound(Duration wanted) {
    Duration left = remaining();
    return wanted.compareTo(left) <= 0 ? wanted : left;
  }

  /** Throws {@link DeadlineExceededException} naming what could not start or finish in time. */
  public void check(String what) {
    if (expired()) {
      throw new DeadlineExceededException(what);
    }
  }

  /** Restores the previous deadline when closed. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
