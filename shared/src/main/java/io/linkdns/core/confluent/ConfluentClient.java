package io.linkdns.core.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.Deadline;
import io.linkdns.core.Lazy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads Confluent Cloud's REST API with the JDK HTTP client: HTTP Basic with a Cloud API key, list
 * envelopes followed through {@code metadata.next} to the last page, 429 waited out as {@code
 * Retry-After} says, 5xx and dropped connections retried with jittered backoff. A 401 or 403 fails
 * at once with an error naming the key id (never the secret).
 *
 * <p>Every answer is treated as hostile: {@code metadata.next} is followed only on the configured
 * origin (same scheme, host and port, under the base path), so the key is never sent elsewhere;
 * every request, wait and listing is bounded by {@link Deadline#current()} and by the caps below,
 * and a body is read into a bounded buffer that refuses a page past {@link #PAGE_BYTES} while it
 * streams.
 */
public final class ConfluentClient {
  /** Waits between attempts; tests record instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  /** Largest page accepted: a real page of 100 networks is a few hundred KiB. */
  public static final int PAGE_BYTES = 4 << 20;

  /** Most pages followed for one list: 100 pages of 100 items, far above any real organisation. */
  public static final int LIST_PAGES = 100;

  /**
   * Most bytes one listing (every list of every environment) may read, so parsed answers stay small
   * in memory.
   */
  public static final long LISTING_BYTES = 16L << 20;

  /** Longest one listing may take, whatever time the invocation has left. */
  public static final Duration LISTING_TIME = Duration.ofSeconds(60);

  /** Longest one request may take (headers and body), cut to the time left. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE_SIZE = 100;
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
  private static final String FIELD = "LINKDNS_CONFLUENT_API_URL";

  private final URI base;
  private final Supplier<ApiKey> key;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final int maxAttempts;

  /**
   * @param base the API's root, e.g. https://api.confluent.cloud
   * @param key the key, asked for at the first request (a secret store is read then, not at
   *     start-up)
   */
  public ConfluentClient(
      URI base, Supplier<ApiKey> key, HttpClient http, Sleeper sleeper, int maxAttempts) {
    this.base = base;
    this.key = key;
    this.http = http;
    this.sleeper = sleeper;
    this.maxAttempts = maxAttempts;
  }

  public static ConfluentClient of(ConfluentSettings settings, SecretSource secrets) {
    Supplier<ApiKey> key = Lazy.of(() -> settings.resolveKey(secrets));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return new ConfluentClient(settings.apiUrl(), key, http, Sleeper.REAL, 4);
  }

  /** What one listing may still read; shared by every list of that listing. */
  static final class Budget {
    private long bytes;

    Budget(long bytes) {
      this.bytes = bytes;
    }

    private void spend(long n, String what) {
      bytes -= n;
      if (bytes < 0) {
        throw new ConfluentUnavailableException(
            FIELD,
            what,
            "the listing read more than "
                + LISTING_BYTES
                + " bytes (ConfluentClient.LISTING_BYTES); refused as hostile or broken");
      }
    }
  }

  /** Every item of a list resource, all pages, within a budget of its own. */
  public List<JsonNode> list(String path, Map<String, String> query) {
    return list(path, query, new Budget(LISTING_BYTES));
  }

  /**
   * Every item of a list resource, all pages; the bytes read are taken from the listing's budget.
   */
  List<JsonNode> list(String path, Map<String, String> query, Budget budget) {
    Map<String, String> q = new LinkedHashMap<>(query);
    q.putIfAbsent("page_size", Integer.toString(PAGE_SIZE));
    URI next =
        URI.create(
            base
                + path
                + "?"
                + q.entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&")));
    List<JsonNode> items = new ArrayList<>();
    for (int page = 0; page < LIST_PAGES; page++) {
      JsonNode body = get(next, budget);
      JsonNode data = body.path("data");
      if (!data.isArray()) {
        throw new ConfluentUnavailableException(
            FIELD, base + path, "the answer is not a list envelope (no data array)");
      }
      data.forEach(items::add);
      JsonNode token = body.path("metadata").path("next");
      if (token.isMissingNode() || token.isNull() || token.asText("").isBlank()) {
        return List.copyOf(items);
      }
      next = sameOrigin(token.asText());
    }
    throw new ConfluentUnavailableException(
        FIELD,
        base + path,
        "more than "
            + LIST_PAGES
            + " pages (ConfluentClient.LIST_PAGES); refused as hostile or broken");
  }

  /**
   * metadata.next resolved against the base as a URI; it is followed only when it is a full URL or
   * an absolute path that stays on the configured origin (scheme, host and effective port exactly)
   * under the base path, with no user info and no encoded dot, slash or backslash, so the key is
   * never sent anywhere else whatever the answer says.
   */
  URI sameOrigin(String next) {
    URI given;
    try {
      given = new URI(next);
    } catch (URISyntaxException e) {
      throw offOrigin(next, "not a URI (" + e.getReason() + ")");
    }
    if (!given.isAbsolute()
        && given.getRawAuthority() == null
        && (given.getRawPath() == null || !given.getRawPath().startsWith("/"))) {
      // Confluent gives full URLs; a relative-path reference is how '@host' and '.evil' tricks
      // arrive.
      throw offOrigin(next, "a relative next must be an absolute path (/...) or a full URL");
    }
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    String baseDir = basePath.endsWith("/") ? basePath : basePath + "/";
    URI resolved;
    try {
      resolved =
          URI.create(base.getScheme() + "://" + base.getRawAuthority() + baseDir)
              .resolve(given)
              .normalize();
    } catch (IllegalArgumentException e) {
      throw offOrigin(next, "cannot be resolved against " + base);
    }
    if (resolved.getScheme() == null || !resolved.getScheme().equalsIgnoreCase(base.getScheme())) {
      throw offOrigin(
          next, "scheme " + resolved.getScheme() + " is not the configured " + base.getScheme());
    }
    if (resolved.getRawUserInfo() != null) {
      throw offOrigin(next, "carries user info");
    }
    if (resolved.getHost() == null || !resolved.getHost().equalsIgnoreCase(base.getHost())) {
      throw offOrigin(
          next, "host " + resolved.getHost() + " is not the configured " + base.getHost());
    }
    if (port(resolved) != port(base)) {
      throw offOrigin(next, "port " + port(resolved) + " is not the configured " + port(base));
    }
    String path = resolved.getRawPath() == null ? "" : resolved.getRawPath();
    String lower = path.toLowerCase(Locale.ROOT);
    if (!path.startsWith(baseDir)
        || path.contains("/../")
        || path.endsWith("/..")
        || lower.contains("%2e")
        || lower.contains("%2f")
        || lower.contains("%5c")) {
      throw offOrigin(next, "path " + path + " is not under the configured base path " + baseDir);
    }
    return URI.create(
        base.getScheme()
            + "://"
            + base.getRawAuthority()
            + path
            + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery()));
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme())
        ? 443
        : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
  }

  private ConfluentUnavailableException offOrigin(String next, String why) {
    return new ConfluentUnavailableException(
        "metadata.next",
        next,
        why
            + "; only pages on "
            + base
            + " are followed (the API key is never sent elsewhere), so the listing is refused");
  }

  private JsonNode get(URI uri, Budget budget) {
    ApiKey k = key.get();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((k.id() + ":" + k.secret()).getBytes(StandardCharsets.UTF_8));
    String what = "GET " + uri.getRawPath();
    Deadline deadline = Deadline.current();
    for (int attempt = 1; ; attempt++) {
      Duration left = deadline.remaining();
      if (left.toMillis() < 1) {
        throw ConfluentUnavailableException.outOfTime(
            FIELD,
            base.toString(),
            what
                + ": no time left before the invocation's deadline"
                + (attempt > 1 ? " after " + (attempt - 1) + " attempts" : ""));
      }
      Duration timeout = REQUEST_TIMEOUT.compareTo(left) <= 0 ? REQUEST_TIMEOUT : left;
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Authorization", auth)
              .header("Accept", "application/json")
              .header("User-Agent", "linkdns")
              .GET()
              .build();
      Response response;
      try {
        response = send(request, timeout, what);
      } catch (IOException e) {
        if (attempt >= maxAttempts) {
          throw new ConfluentUnavailableException(
              FIELD, base.toString(), what + " failed after " + attempt + " attempts: " + e, e);
        }
        pause(backoff(attempt), what, "backoff after " + e.getClass().getSimpleName(), deadline);
        continue;
      }
      budget.spend(response.body().length, what);
      int status = response.status();
      if (status / 100 == 2) {
        try {
          return JSON.readTree(response.body());
        } catch (IOException e) {
          throw new ConfluentUnavailableException(
              FIELD, base.toString(), what + " answered with invalid JSON", e);
        }
      }
      String detail = detail(response.body());
      if (status == 401 || status == 403) {
        throw new ConfluentUnavailableException(
            "LINKDNS_CONFLUENT_API_KEY",
            k.id(),
            "Confluent Cloud answered "
                + status
                + (status == 401 ? " Unauthorized" : " Forbidden")
                + " to "
                + what
                + detail
                + (status == 401
                    ? "; check the API key and its secret"
                    : "; the key's service account needs read access to the environment's networking"));
      }
      boolean retryable = status == 429 || status >= 500;
      if (!retryable || attempt >= maxAttempts) {
        throw new ConfluentUnavailableException(
            FIELD,
            base.toString(),
            "Confluent Cloud answered "
                + status
                + " to "
                + what
                + detail
                + (retryable ? " after " + attempt + " attempts" : ""));
      }
      Optional<Duration> asked = status == 429 ? response.retryAfter() : Optional.empty();
      pause(
          asked.orElse(backoff(attempt)),
          what,
          asked
              .map(d -> "Retry-After " + d.toSeconds() + " s (answer " + status + ")")
              .orElse("backoff after " + status),
          deadline);
    }
  }

  /** A status, its Retry-After, and a body read in full but never past {@link #PAGE_BYTES}. */
  private record Response(int status, Optional<Duration> retryAfter, byte[] body) {}

  /**
   * Sends and reads the body into a bounded buffer. The wait is bounded from outside too: the JDK's
   * request timeout stops at the response headers, so a body that trickles is cut here, and the
   * transfer is cancelled so nothing keeps reading after we gave up.
   */
  private Response send(HttpRequest request, Duration timeout, String what) throws IOException {
    AtomicReference<BoundedBody> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(
            request,
            info -> {
              BoundedBody b =
                  new BoundedBody(
                      PAGE_BYTES, info.headers().firstValueAsLong("Content-Length").orElse(-1));
              body.set(b);
              return b;
            });
    try {
      HttpResponse<byte[]> r = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Response(r.statusCode(), retryAfter(r), r.body());
    } catch (TimeoutException e) {
      abort(
          future,
          body,
          new HttpTimeoutException(what + " took longer than " + timeout.toMillis() + " ms"));
      throw new HttpTimeoutException(
          what + " took longer than " + timeout.toMillis() + " ms (headers and body)");
    } catch (InterruptedException e) {
      abort(future, body, e);
      Thread.currentThread().interrupt();
      throw new ConfluentUnavailableException(FIELD, base.toString(), what + " interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof PageTooLargeException) {
          throw new ConfluentUnavailableException(
              FIELD, base.toString(), what + ": " + t.getMessage());
        }
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new ConfluentUnavailableException(
          FIELD, base.toString(), what + " failed: " + cause, cause);
    }
  }

  private static void abort(
      CompletableFuture<?> future, AtomicReference<BoundedBody> body, Throwable why) {
    future.cancel(true);
    BoundedBody b = body.get();
    if (b != null) {
      b.abort(why);
    }
  }

  /** A page refused for its size, while it was still arriving. */
  static final class PageTooLargeException extends IOException {
    PageTooLargeException(String message) {
      super(message);
    }
  }

  /**
   * Collects a body into one array that never grows past the cap: a declared Content-Length above
   * it is refused before reading, and a body that streams past it is cancelled at the first chunk
   * over.
   */
  static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int cap;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean aborted;
    private byte[] buffer;
    private int size;

    BoundedBody(int cap, long declared) {
      this.cap = cap;
      if (declared > cap) {
        abort(
            new PageTooLargeException(
                "the page declares "
                    + declared
                    + " bytes, more than the "
                    + cap
                    + " bytes a page may have (ConfluentClient.PAGE_BYTES); refused"));
      }
      this.buffer =
          new byte
              [aborted ? 0 : (int) Math.max(0, Math.min(declared >= 0 ? declared : 64 << 10, cap))];
    }

    void abort(Throwable why) {
      aborted = true;
      result.completeExceptionally(why);
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (aborted) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (aborted) {
        return;
      }
      try {
        for (ByteBuffer b : items) {
          int n = b.remaining();
          if ((long) size + n > cap) {
            abort(
                new PageTooLargeException(
                    "the page grew past "
                        + cap
                        + " bytes (ConfluentClient.PAGE_BYTES) while it was read;"
                        + " refused and the transfer cancelled"));
            return;
          }
          if (size + n > buffer.length) {
            buffer =
                Arrays.copyOf(
                    buffer, (int) Math.min(cap, Math.max((long) buffer.length * 2, size + n)));
          }
          b.get(buffer, size, n);
          size += n;
        }
        subscription.request(1);
      } catch (RuntimeException e) {
        abort(e);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }
  }

  /**
   * Waits as asked, but never past the deadline: a wait that would end after it fails now instead.
   */
  private void pause(Duration wanted, String what, String why, Deadline deadline) {
    Duration wait = wanted.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wanted;
    Duration left = deadline.remaining();
    if (wanted.compareTo(left) >= 0) {
      throw ConfluentUnavailableException.outOfTime(
          FIELD,
          base.toString(),
          what
              + ": "
              + why
              + " asks to wait "
              + wanted.toMillis()
              + " ms, but only "
              + left.toMillis()
              + " ms are left before the deadline; failing now");
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfluentUnavailableException(FIELD, base.toString(), what + " interrupted", e);
    }
  }

  /** Retry-After in seconds or as an HTTP date. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After").map(String::trim);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException notADate) {
        return Optional.empty();
      }
    }
  }

  private static Duration backoff(int attempt) {
    long cap = 200L << Math.min(attempt - 1, 6);
    return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
  }

  /** The first error's detail from {"errors":[{"status","detail"}]}, when there is one. */
  private static String detail(byte[] body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        String d = errors.get(0).path("detail").asText("");
        return d.isBlank() ? "" : " (" + (d.length() > 200 ? d.substring(0, 200) + "..." : d) + ")";
      }
    } catch (IOException | RuntimeException e) {
      // no detail to add
    }
    return "";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
