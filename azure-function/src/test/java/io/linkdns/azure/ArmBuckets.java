package io.linkdns.azure;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource Manager's throttling as the ARM fake plays it: a token bucket per subscription and kind
 * of call (reads, writes, deletes), starting full; a call that finds its bucket empty is answered
 * 429 with {@code Retry-After} (whole seconds, or an HTTP date) and not processed, and every answer
 * carries {@code x-ms-ratelimit-remaining-subscription-<kind>}. Off unless a test hands one to
 * {@link ArmFake#throttle(ArmBuckets)}.
 */
final class ArmBuckets {
  /** One bucket's size and refill per second. */
  record Limit(int size, double perSecond) {}

  /** What the fake decided for one call. */
  record Verdict(boolean throttled, String header, long remaining, long retryAfterSeconds) {}

  /** One call as the buckets saw it, with its arrival time (System.nanoTime). */
  record Seen(long nanos, String method, String path, boolean throttled) {}

  /** ARM's documented per-subscription buckets. */
  static final Map<String, Limit> ARM =
      Map.of(
          "reads", new Limit(250, 25), "writes", new Limit(200, 10), "deletes", new Limit(200, 10));

  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([^/]+)", Pattern.CASE_INSENSITIVE);
  private final Map<String, Limit> limits;
  private final boolean retryAfterAsDate;
  private final Map<String, double[]> buckets = new HashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  ArmBuckets(Map<String, Limit> limits, boolean retryAfterAsDate) {
    this.limits = Map.copyOf(limits);
    this.retryAfterAsDate = retryAfterAsDate;
  }

  /** ARM's own numbers, Retry-After in seconds. */
  static ArmBuckets arm() {
    return new ArmBuckets(ARM, false);
  }

  /**
   * Small buckets for tests that want 429s soon: every kind {@code size} deep, refilling {@code
   * perSecond}.
   */
  static ArmBuckets small(int size, double perSecond, boolean retryAfterAsDate) {
    Limit l = new Limit(size, perSecond);
    return new ArmBuckets(Map.of("reads", l, "writes", l, "deletes", l), retryAfterAsDate);
  }

  static String kind(String method) {
    return switch (method) {
      case "GET", "HEAD" -> "reads";
      case "DELETE" -> "deletes";
      default -> "writes";
    };
  }

  synchronized Verdict take(String method, String path) {
    String kind = kind(method);
    Matcher m = SUBSCRIPTION.matcher(path);
    String scope = (m.find() ? m.group(1) : "tenant").toLowerCase(Locale.ROOT);
    Limit limit = limits.get(kind);
    long now = System.nanoTime();
    double[] b = buckets.computeIfAbsent(scope + " " + kind, k -> new double[] {limit.size(), now});
    b[0] = Math.min(limit.size(), b[0] + (now - (long) b[1]) * limit.perSecond() / 1e9);
    b[1] = now;
    String header = "x-ms-ratelimit-remaining-subscription-" + kind;
    if (b[0] < 1) {
      seen.add(new Seen(now, method, path, true));
      long seconds = (long) Math.ceil((1 - b[0]) / limit.perSecond());
      return new Verdict(true, header, 0, Math.max(1, seconds));
    }
    b[0] -= 1;
    seen.add(new Seen(now, method, path, false));
    return new Verdict(false, header, (long) Math.floor(b[0]), 0);
  }

  /** The Retry-After value as this fake sends it. */
  String retryAfter(Verdict v) {
    if (!retryAfterAsDate) {
      return Long.toString(v.retryAfterSeconds());
    }
    // An HTTP date has whole seconds: one more, so that the date is never earlier than the wait.
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(v.retryAfterSeconds() + 1).withNano(0));
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  long throttled() {
    return seen.stream().filter(Seen::throttled).count();
  }
}
