package io.linkdns.aws;

import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;

/**
 * Paces every HTTP attempt of the Route 53 client (retries included) with token buckets shaped like
 * Route 53's own: one for the account (50 burst, 10 per s) and one per operation, all starting
 * full, so a single event's calls go at once and a sweep waits only as long as the buckets need.
 * Requests that modify DNS data also take tokens of the account's change-throughput bucket (1,500
 * burst, 100 changes per s), as many as they make changes ({@link #changeTokens}). When Route 53
 * answers {@code Throttling} anyway (another writer shares the account's buckets) the refill rates
 * halve and then recover gradually (AIMD). A wait that would outlast {@link Deadline#current()} is
 * refused with {@link DeadlineExceededException} instead.
 */
public final class Pacer implements ExecutionInterceptor {
  /** Route 53's bucket for one operation: burst size and refill per second. */
  public record Limit(int burst, double perSecond) {}

  /**
   * Route 53's documented per-operation buckets; any other operation has {@link #DEFAULT_LIMIT}.
   */
  public static final Map<String, Limit> OPERATION_LIMITS =
      Map.of(
          "CreateHostedZone", new Limit(40, 2),
          "AssociateVPCWithHostedZone", new Limit(20, 5),
          "DisassociateVPCFromHostedZone", new Limit(10, 5),
          "DeleteHostedZone", new Limit(40, 5));

  public static final Limit DEFAULT_LIMIT = new Limit(50, 10);
  public static final int ACCOUNT_BURST = 50;

  /**
   * Route 53's change-throughput limits, from "Change throughput limiting" in
   * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/throttling-api-requests.html: one
   * bucket per account (not per operation) of 1,500 changes, refilled at 100 per s, that these
   * operations drain by a fixed number of tokens; ChangeResourceRecordSets takes 1 per CREATE, 1
   * per DELETE and 2 per UPSERT; every other operation takes none.
   */
  public static final Limit CHANGE_LIMIT = new Limit(1500, 100);

  public static final Map<String, Integer> CHANGE_TOKENS =
      Map.of(
          "AssociateVPCWithHostedZone", 2,
          "DisassociateVPCFromHostedZone", 2,
          "CreateHostedZone", 2,
          "DeleteHostedZone", 2);

  static final int UPSERT_TOKENS = 2;

  /** Fraction of the full rate regained per second after a throttle (additive increase). */
  static final double RECOVERY_PER_SECOND = 0.05;

  static final double FLOOR = 1.0 / 16;

  private static final long SECOND = 1_000_000_000L;

  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final Bucket account;
  private final Bucket changes;
  private final Map<String, Bucket> operations = new HashMap<>();

  /**
   * Rate factor right after the last throttle, and when that was; the factor grows back from it.
   */
  private double cutFactor = 1;

  private long cutAt;

  /** Paces to Route 53's buckets with the account-wide refill rate {@code accountPerSecond}. */
  public Pacer(double accountPerSecond) {
    this(accountPerSecond, System::nanoTime, Pacer::sleep);
  }

  Pacer(double accountPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (!(accountPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + accountPerSecond);
    }
    this.clock = nanoClock;
    this.sleeper = sleeper;
    long now = nanoClock.getAsLong();
    this.account = new Bucket(new Limit(ACCOUNT_BURST, accountPerSecond), now);
    this.changes = new Bucket(CHANGE_LIMIT, now);
    this.cutAt = now;
  }

  /**
   * Waits for a token of the account and of the operation, and for the request's change tokens
   * (called for every HTTP attempt).
   */
  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation =
        Optional.ofNullable(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
            .orElse("?");
    acquire(operation, changeTokens(operation, context.request()));
  }

  /** Change-throughput tokens Route 53 takes for this request ({@link #CHANGE_LIMIT}). */
  static int changeTokens(String operation, SdkRequest request) {
    if (request instanceof ChangeResourceRecordSetsRequest change && change.changeBatch() != null) {
      int tokens = 0;
      for (Change c : change.changeBatch().changes()) {
        tokens += c.action() == ChangeAction.UPSERT ? UPSERT_TOKENS : 1;
      }
      return tokens;
    }
    return CHANGE_TOKENS.getOrDefault(operation, 0);
  }

  /**
   * A throttled answer is read here (a small 400 body) so that every throttled attempt adapts the
   * rate.
   */
  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Optional<InputStream> body = context.responseBody();
    if (context.httpResponse().statusCode() != 400 || body.isEmpty()) {
      return body;
    }
    try (InputStream in = body.get()) {
      byte[] bytes = in.readAllBytes();
      if (new String(bytes, StandardCharsets.UTF_8).contains("<Code>Throttling</Code>")) {
        throttled();
      }
      return Optional.of(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Takes a token of the account's and the operation's bucket, sleeping until both hold one. */
  public void acquire(String operation) {
    acquire(operation, CHANGE_TOKENS.getOrDefault(operation, 0));
  }

  /**
   * Takes a token of the account's and the operation's bucket and {@code changeTokens} of the
   * change-throughput bucket, sleeping until all hold them.
   */
  public void acquire(String operation, int changeTokens) {
    if (changeTokens < 0 || changeTokens > CHANGE_LIMIT.burst()) {
      // A bucket never holds more than its capacity, so Route 53 could only ever throttle such a
      // request; Batcher's 1,000 records per batch (UPSERT counted twice) stay below it.
      throw new IllegalArgumentException(
          "changeTokens must be 0.."
              + CHANGE_LIMIT.burst()
              + " (Route 53's change bucket): "
              + changeTokens
              + " for "
              + operation);
    }
    long wait;
    synchronized (this) {
      long now = clock.getAsLong();
      double factor = factor(now);
      Bucket op =
          operations.computeIfAbsent(
              operation, o -> new Bucket(OPERATION_LIMITS.getOrDefault(o, DEFAULT_LIMIT), now));
      wait = Math.max(account.waitNanos(now, factor, 1), op.waitNanos(now, factor, 1));
      if (changeTokens > 0) {
        wait = Math.max(wait, changes.waitNanos(now, factor, changeTokens));
      }
      Deadline deadline = Deadline.current();
      if (wait > 0 && wait > deadline.remaining().toNanos()) {
        throw new DeadlineExceededException(
            "Route 53 " + operation + " (paced " + wait / 1_000_000 + " ms)");
      }
      // The tokens are taken now (a bucket may go below zero), so later callers queue behind this
      // one.
      account.take(now, factor, 1);
      op.take(now, factor, 1);
      changes.take(now, factor, changeTokens);
    }
    if (wait > 0) {
      sleeper.sleep(wait);
    }
  }

  /** Route 53 said Throttling: halve the rates and empty the buckets (someone else spent them). */
  public synchronized void throttled() {
    long now = clock.getAsLong();
    double factor = factor(now);
    account.refill(now, factor);
    changes.refill(now, factor);
    operations.values().forEach(b -> b.refill(now, factor));
    cutFactor = Math.max(FLOOR, factor / 2);
    cutAt = now;
    account.drain();
    changes.drain();
    operations.values().forEach(Bucket::drain);
  }

  /**
   * The share of the documented rates in use now: 1 normally, less for a while after a throttle.
   */
  synchronized double factor(long now) {
    return Math.min(1, cutFactor + RECOVERY_PER_SECOND * (now - cutAt) / (double) SECOND);
  }

  /** Least time the buckets need, from full, to admit {@code calls} calls of one operation. */
  public static double leastSeconds(int calls, Limit operation, double accountPerSecond) {
    double account = Math.max(0, calls - ACCOUNT_BURST) / accountPerSecond;
    double op = Math.max(0, calls - operation.burst()) / operation.perSecond();
    return Math.max(account, op);
  }

  /**
   * Least time the change bucket needs, from full, to admit {@code batches} requests of {@code
   * tokens} change tokens each.
   */
  public static double leastChangeSeconds(int batches, int tokens) {
    return Math.max(0, (double) batches * tokens - CHANGE_LIMIT.burst()) / CHANGE_LIMIT.perSecond();
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pacing Route 53 requests", e);
    }
  }

  /** How the pacer waits (a fake in tests). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long nanos);
  }

  /**
   * One token bucket; tokens may go negative, which is the queue of callers already promised a
   * slot.
   */
  private static final class Bucket {
    private final Limit limit;
    private double tokens;
    private long at;

    Bucket(Limit limit, long now) {
      this.limit = limit;
      this.tokens = limit.burst();
      this.at = now;
    }

    void refill(long now, double factor) {
      tokens = Math.min(limit.burst(), tokens + (now - at) * limit.perSecond() * factor / SECOND);
      at = now;
    }

    long waitNanos(long now, double factor, int n) {
      refill(now, factor);
      return tokens >= n
          ? 0
          : (long) Math.ceil((n - tokens) * SECOND / (limit.perSecond() * factor));
    }

    void take(long now, double factor, int n) {
      refill(now, factor);
      tokens -= n;
    }

    void drain() {
      tokens = Math.min(tokens, 0);
    }
  }
}
