package io.linkdns.azure;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Paces every Azure Resource Manager attempt to ARM's token buckets, one per subscription and kind
 * of call (reads, writes, deletes; README, "Limits"), starting full so a single event's calls go at
 * once; follows ARM's {@code x-ms-ratelimit-remaining-subscription-*} counts down when they run
 * lower than its own, and after a 429 holds that bucket until {@code Retry-After}. A wait, or a
 * {@code Retry-After}, longer than the call's {@link Deadline} fails at once with {@link
 * DeadlineExceededException} instead of sleeping.
 *
 * <p>It runs per retry (after the SDK's {@code RetryPolicy}), so it sees each attempt and each 429
 * before the retry policy waits on it. The retry policy does the waiting for a 429; the pacer only
 * marks the bucket empty until then, so the retry finds a token and nothing waits twice.
 */
final class ArmPacer implements HttpPipelinePolicy {
  /** The three kinds of calls ARM counts separately. */
  enum Kind {
    READ("reads"),
    WRITE("writes"),
    DELETE("deletes");

    final String plural;
    final String header;

    Kind(String plural) {
      this.plural = plural;
      this.header = "x-ms-ratelimit-remaining-subscription-" + plural;
    }

    static Kind of(HttpMethod method) {
      return switch (method) {
        case GET, HEAD, OPTIONS -> READ;
        case DELETE -> DELETE;
        default -> WRITE;
      };
    }
  }

  /** A token bucket: its size and its refill per second. */
  record Limit(int size, double perSecond) {}

  /**
   * ARM's per-subscription, per-principal buckets (learn.microsoft.com,
   * request-limits-and-throttling).
   */
  static final Map<Kind, Limit> ARM_LIMITS =
      Map.of(
          Kind.READ, new Limit(250, 25),
          Kind.WRITE, new Limit(200, 10),
          Kind.DELETE, new Limit(200, 10));

  private static final long SECOND = 1_000_000_000L;
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([^/]+)", Pattern.CASE_INSENSITIVE);

  /**
   * ARM sends seconds; a value past this is treated as this (no overflow, still past any deadline).
   */
  private static final long MAX_RETRY_AFTER_SECONDS = 86_400;

  private final Map<Kind, Limit> limits;
  private final LongSupplier clock;
  private final Clock wall;
  private final Waiter waiter;
  private final Map<String, Bucket> buckets = new HashMap<>();

  /** Paces to ARM's documented buckets on the system clocks. */
  ArmPacer() {
    this(ARM_LIMITS, System::nanoTime, Clock.systemUTC(), d -> Mono.delay(d).then());
  }

  ArmPacer(Map<Kind, Limit> limits, LongSupplier nanoClock, Clock wall, Waiter waiter) {
    this.limits = Map.copyOf(limits);
    this.clock = nanoClock;
    this.wall = wall;
    this.waiter = waiter;
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    HttpMethod method = context.getHttpRequest().getHttpMethod();
    String path = context.getHttpRequest().getUrl().getPath();
    Kind kind = Kind.of(method);
    String scope = scope(path);
    String what = "ARM " + method + " " + path;
    // Retries run on a timer thread that does not carry the caller's deadline: DeadlinePolicy put
    // it in the context.
    Deadline deadline =
        context
            .getData(DeadlinePolicy.CONTEXT_KEY)
            .filter(Deadline.class::isInstance)
            .map(Deadline.class::cast)
            .orElseGet(Deadline::current);
    // Deferred: the retry policy builds the next attempt right after a 429 and subscribes to it
    // only once it has
    // waited Retry-After; a token reserved at build time would make the pacer wait the same time
    // again.
    return Mono.defer(
        () -> {
          long wait;
          try {
            wait = reserve(scope, kind, deadline, what);
          } catch (DeadlineExceededException e) {
            return Mono.error(e);
          }
          Mono<HttpResponse> call =
              Mono.defer(next::process).flatMap(r -> answered(scope, kind, r, deadline, what));
          return wait == 0 ? call : waiter.after(Duration.ofNanos(wait)).then(call);
        });
  }

  /**
   * Takes a token of the call's bucket; returns how long to wait for it, refusing a wait past the
   * deadline.
   */
  synchronized long reserve(String scope, Kind kind, Deadline deadline, String what) {
    long now = clock.getAsLong();
    Bucket b = bucket(scope, kind, now);
    long wait = b.waitNanos(now);
    if (wait > 0 && wait > deadline.remaining().toNanos()) {
      throw new DeadlineExceededException(
          what
              + " (paced "
              + wait / 1_000_000
              + " ms to ARM's "
              + kind.plural
              + " bucket, "
              + deadline.remaining().toMillis()
              + " ms left)");
    }
    b.take(now);
    return wait;
  }

  private Mono<HttpResponse> answered(
      String scope, Kind kind, HttpResponse response, Deadline deadline, String what) {
    HttpHeaders headers = response.getHeaders();
    Optional<Long> remaining = count(headers.getValue(kind.header));
    Optional<Duration> retryAfter =
        response.getStatusCode() == 429 ? retryAfter(headers, wall.instant()) : Optional.empty();
    synchronized (this) {
      long now = clock.getAsLong();
      Bucket b = bucket(scope, kind, now);
      remaining.ifPresent(n -> b.atMost(now, n));
      if (response.getStatusCode() == 429) {
        // Without Retry-After the retry policy backs off; the bucket is at least empty (someone
        // else spent it).
        b.emptyFor(now, retryAfter.orElse(Duration.ZERO));
      }
    }
    if (retryAfter.isPresent() && retryAfter.get().compareTo(deadline.remaining()) > 0) {
      response.close();
      return Mono.error(
          new DeadlineExceededException(
              what
                  + " (throttled: Retry-After "
                  + retryAfter.get().toSeconds()
                  + " s, "
                  + deadline.remaining().toMillis()
                  + " ms left)"));
    }
    return Mono.just(response);
  }

  private Bucket bucket(String scope, Kind kind, long now) {
    return buckets.computeIfAbsent(scope + " " + kind, k -> new Bucket(limits.get(kind), now));
  }

  /**
   * The subscription a path is counted against (lower case), or "tenant" for tenant-level calls.
   */
  static String scope(String path) {
    Matcher m = SUBSCRIPTION.matcher(path == null ? "" : path);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "tenant";
  }

  /**
   * The wait a 429 asks for: {@code x-ms-retry-after-ms} or {@code retry-after-ms} (milliseconds),
   * else {@code Retry-After} as seconds or an HTTP date; the answer is not trusted: negative,
   * malformed or past dates are no wait, and huge values are capped.
   */
  static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    for (String ms : new String[] {"x-ms-retry-after-ms", "retry-after-ms"}) {
      Optional<Long> v = count(headers.getValue(ms));
      if (v.isPresent()) {
        return Optional.of(Duration.ofMillis(Math.min(v.get(), MAX_RETRY_AFTER_SECONDS * 1000)));
      }
    }
    String value = headers.getValue("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<Long> seconds = count(value);
    if (seconds.isPresent()) {
      return Optional.of(Duration.ofSeconds(Math.min(seconds.get(), MAX_RETRY_AFTER_SECONDS)));
    }
    try {
      Instant at =
          ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(
          d.isNegative()
              ? Duration.ZERO
              : d.compareTo(Duration.ofSeconds(MAX_RETRY_AFTER_SECONDS)) > 0
                  ? Duration.ofSeconds(MAX_RETRY_AFTER_SECONDS)
                  : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * A non-negative count from a header; anything else is ignored (a hostile or garbled answer
   * changes nothing).
   */
  private static Optional<Long> count(String value) {
    if (value == null || !value.trim().matches("\\d{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(value.trim()));
  }

  /** How the pacer waits: a timer in production, a fake clock in tests. */
  @FunctionalInterface
  interface Waiter {
    Mono<Void> after(Duration wait);
  }

  /**
   * One token bucket; tokens may go negative: the callers already promised a slot queue behind each
   * other.
   */
  private static final class Bucket {
    private final Limit limit;
    private double tokens;
    private long at;

    Bucket(Limit limit, long now) {
      this.limit = limit;
      this.tokens = limit.size();
      this.at = now;
    }

    private void refill(long now) {
      tokens = Math.min(limit.size(), tokens + (now - at) * limit.perSecond() / SECOND);
      at = now;
    }

    long waitNanos(long now) {
      refill(now);
      // A hair of tolerance: a retry that waited exactly Retry-After finds its token without a
      // second wait.
      return tokens >= 1 - 1e-6 ? 0 : (long) Math.ceil((1 - tokens) * SECOND / limit.perSecond());
    }

    void take(long now) {
      refill(now);
      tokens -= 1;
    }

    /** ARM says only {@code n} are left: never believe we hold more. */
    void atMost(long now, long n) {
      refill(now);
      tokens = Math.min(tokens, n);
    }

    /** Empty now, and the next token not before {@code wait} from now. */
    void emptyFor(long now, Duration wait) {
      refill(now);
      tokens = Math.min(tokens, 1 - wait.toNanos() / (double) SECOND * limit.perSecond());
      tokens = Math.min(tokens, 0);
    }
  }
}
