package io.linkdns.core.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.Lazy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads Confluent Cloud's REST API with the JDK HTTP client: HTTP Basic with a Cloud API key, list
 * envelopes followed through {@code metadata.next} to the last page, 429 waited out as
 * {@code Retry-After} says, 5xx and dropped connections retried with jittered backoff. A 401 or 403
 * fails at once with an error naming the key id (never the secret).
 */
public final class ConfluentClient {
  /** Waits between attempts; tests record instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 1000;
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

  private final URI base;
  private final Supplier<ApiKey> key;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final int maxAttempts;

  /**
   * @param base the API's root, e.g. https://api.confluent.cloud
   * @param key the key, asked for at the first request (a secret store is read then, not at start-up)
   */
  public ConfluentClient(URI base, Supplier<ApiKey> key, HttpClient http, Sleeper sleeper, int maxAttempts) {
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

  /** Every item of a list resource, all pages. */
  public List<JsonNode> list(String path, Map<String, String> query) {
    Map<String, String> q = new LinkedHashMap<>(query);
    q.putIfAbsent("page_size", Integer.toString(PAGE_SIZE));
    URI next = URI.create(base + path + "?" + q.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
    List<JsonNode> items = new ArrayList<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      JsonNode body = get(next);
      JsonNode data = body.path("data");
      if (!data.isArray()) {
        throw new ConfluentUnavailableException("LINKDNS_CONFLUENT_API_URL", base + path,
            "the answer is not a list envelope (no data array)");
      }
      data.forEach(items::add);
      String token = body.path("metadata").path("next").asText("");
      if (token.isBlank()) {
        return List.copyOf(items);
      }
      next = onOurHost(token, path);
    }
    throw new ConfluentUnavailableException("LINKDNS_CONFLUENT_API_URL", base + path, "more than " + MAX_PAGES + " pages");
  }

  /**
   * metadata.next is a full URL; only its path and query are used, on the configured host, so the
   * key is never sent anywhere else whatever the answer says.
   */
  private URI onOurHost(String next, String path) {
    URI given = URI.create(next);
    String rawPath = given.getRawPath() == null || given.getRawPath().isEmpty() ? path : given.getRawPath();
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    String p = rawPath.startsWith(basePath) ? rawPath : basePath + rawPath;
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + p
        + (given.getRawQuery() == null ? "" : "?" + given.getRawQuery()));
  }

  private JsonNode get(URI uri) {
    ApiKey k = key.get();
    String auth = "Basic " + Base64.getEncoder().encodeToString((k.id() + ":" + k.secret()).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", auth)
        .header("Accept", "application/json")
        .header("User-Agent", "linkdns")
        .GET()
        .build();
    String what = "GET " + uri.getRawPath();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= maxAttempts) {
          throw new ConfluentUnavailableException("LINKDNS_CONFLUENT_API_URL", base.toString(),
              what + " failed after " + attempt + " attempts: " + e, e);
        }
        pause(backoff(attempt), what);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConfluentUnavailableException("LINKDNS_CONFLUENT_API_URL", base.toString(), what + " interrupted", e);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        try {
          return JSON.readTree(response.body());
        } catch (IOException e) {
          throw new ConfluentUnavailableException("LINKDNS_CONFLUENT_API_URL", base.toString(), what + " answered with invalid JSON", e);
        }
      }
      String detail = detail(response.body());
      if (status == 401 || status == 403) {
        throw new ConfluentUnavailableException("LINKDNS_CONFLUENT_API_KEY", k.id(), "Confluent Cloud answered " + status
            + (status == 401 ? " Unauthorized" : " Forbidden") + " to " + what + detail
            + (status == 401 ? "; check the API key and its secret" : "; the key's service account needs read access to the environment's networking"));
      }
      boolean retryable = status == 429 || status >= 500;
      if (!retryable || attempt >= maxAttempts) {
        throw new ConfluentUnavailableException("LINKDNS_CONFLUENT_API_URL", base.toString(),
            "Confluent Cloud answered " + status + " to " + what + detail + (retryable ? " after " + attempt + " attempts" : ""));
      }
      Duration wait = status == 429 ? retryAfter(response).orElse(backoff(attempt)) : backoff(attempt);
      pause(wait, what);
    }
  }

  private void pause(Duration wait, String what) {
    try {
      sleeper.sleep(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfluentUnavailableException("LINKDNS_CONFLUENT_API_URL", base.toString(), what + " interrupted", e);
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
  private static String detail(String body) {
    try {
      JsonNode errors = JSON.readTree(body == null ? "" : body).path("errors");
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
