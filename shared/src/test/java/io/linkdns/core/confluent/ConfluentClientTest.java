package io.linkdns.core.confluent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.linkdns.core.Deadline;
import io.linkdns.core.testing.confluent.ConfluentFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against the Confluent API fake: envelopes, pages, credentials, throttling and
 * failures.
 */
class ConfluentClientTest {
  private static final String ENV = "env-prod01";
  private final ConfluentFake fake = ConfluentFake.start();
  private final List<Duration> waits = new ArrayList<>();

  private final List<URI> reached = new CopyOnWriteArrayList<>();
  private final List<Trap> traps = new ArrayList<>();

  @AfterEach
  void stop() {
    fake.close();
    traps.forEach(Trap::close);
  }

  /** A listener the key must never reach: it records every request and its Authorization header. */
  record Trap(HttpServer server, List<String> authorizations) implements AutoCloseable {
    static Trap on(String address) {
      try {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer s =
            HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        s.createContext(
            "/",
            x -> {
              try (x) {
                seen.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
                x.sendResponseHeaders(200, -1);
              }
            });
        s.start();
        return new Trap(s, seen);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String hostPort() {
      return server.getAddress().getAddress().getHostAddress()
          + ":"
          + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /**
   * An HTTP client that records every address it is asked to reach (the proxy selector sees each
   * request).
   */
  private HttpClient recordingHttp() {
    return HttpClient.newBuilder()
        .proxy(
            new ProxySelector() {
              @Override
              public List<Proxy> select(URI uri) {
                reached.add(uri);
                return List.of(Proxy.NO_PROXY);
              }

              @Override
              public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
            })
        .build();
  }

  private ConfluentClient client(String key, String secret) {
    return new ConfluentClient(
        URI.create(fake.url()), () -> new ApiKey(key, secret), recordingHttp(), waits::add, 4);
  }

  private ConfluentClient client() {
    return client(ConfluentFake.KEY, ConfluentFake.SECRET);
  }

  private void networks(int n) {
    IntStream.range(0, n)
        .forEach(
            i ->
                fake.add(
                    "aws-dedicated-network-ready",
                    "id",
                    "n-" + i,
                    "env",
                    ENV,
                    "domain",
                    "pr" + i + ".us-east-2.aws.confluent.cloud",
                    "service",
                    "com.amazonaws.vpce.us-east-2.vpce-svc-" + i,
                    "resolution",
                    "PRIVATE"));
  }

  static Stream<Arguments> pages() {
    return Stream.of(
        arguments("empty list", 0, 3, 1),
        arguments("one short page", 2, 3, 1),
        arguments("exactly one full page", 3, 3, 1),
        arguments("three pages, the last short", 7, 3, 3),
        arguments("one item per page", 4, 1, 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void listsFollowMetadataNextToTheLastPage(String name, int items, int pageSize, int requests) {
    networks(items);
    fake.maxPageSize(pageSize);

    List<JsonNode> all = client().list("/networking/v1/networks", Map.of("environment", ENV));

    assertThat(all)
        .extracting(n -> n.path("id").asText())
        .containsExactlyElementsOf(IntStream.range(0, items).mapToObj(i -> "n-" + i).toList());
    assertThat(fake.requests())
        .hasSize(requests)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.query()).containsEntry("environment", ENV);
            });
  }

  @Test
  void throttlingIsWaitedOutAsRetryAfterSays() {
    networks(1);
    fake.fail(429, 2, Optional.of("7"));

    List<JsonNode> all = client().list("/networking/v1/networks", Map.of("environment", ENV));

    assertThat(all).hasSize(1);
    assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    assertThat(fake.requests())
        .extracting(ConfluentFake.Request::status)
        .containsExactly(429, 429, 200);
  }

  @Test
  void serverErrorsAreRetriedThenSucceed() {
    networks(1);
    fake.fail(503, 2, Optional.empty());

    assertThat(client().list("/networking/v1/networks", Map.of("environment", ENV))).hasSize(1);
    assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isLessThan(Duration.ofSeconds(2)));
  }

  @Test
  void serverErrorsPastTheAttemptsFailNamingTheStatus() {
    fake.fail(500, 10, Optional.empty());

    assertThatThrownBy(() -> client().list("/networking/v1/networks", Map.of("environment", ENV)))
        .isInstanceOf(ConfluentUnavailableException.class)
        .hasMessageContaining("answered 500 to GET /networking/v1/networks")
        .hasMessageContaining("after 4 attempts");
    assertThat(fake.requests()).hasSize(4);
  }

  @Test
  void wrongCredentialsFailAtOnceNamingTheKeyIdNeverTheSecret() {
    assertThatThrownBy(
            () -> client("WRONGKEY0000", "not-the-secret").list("/org/v2/environments", Map.of()))
        .isInstanceOf(ConfluentUnavailableException.class)
        .hasMessageContaining("LINKDNS_CONFLUENT_API_KEY='WRONGKEY0000'")
        .hasMessageContaining("401 Unauthorized")
        .hasMessageNotContaining("not-the-secret");
    assertThat(fake.requests()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aMissingEnvironmentIsABadRequestNotRetried() {
    assertThatThrownBy(() -> client().list("/networking/v1/networks", Map.of()))
        .isInstanceOf(ConfluentUnavailableException.class)
        .hasMessageContaining("answered 400")
        .hasMessageContaining("environment is required");
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void retryAfterAsAnHttpDateIsHonouredToo() {
    networks(1);
    fake.fail(429, 1, Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"));

    assertThat(client().list("/networking/v1/networks", Map.of("environment", ENV))).hasSize(1);
    assertThat(waits).containsExactly(Duration.ZERO);
  }

  // ---- metadata.next stays on the configured origin ----

  static Stream<Arguments> hostileNext() {
    return Stream.of(
        arguments("@{trap}/networking/v1/networks?environment=env-prod01"),
        arguments("@{other}/networking/v1/networks?environment=env-prod01"),
        arguments(".evil.example/networking/v1/networks?environment=env-prod01"),
        arguments("@evil.example/networking/v1/networks?environment=env-prod01"),
        arguments("//{trap}/networking/v1/networks?environment=env-prod01"),
        arguments("http://{trap}/networking/v1/networks?environment=env-prod01"),
        arguments("https://{fake}/networking/v1/networks?environment=env-prod01"),
        arguments("http://{other}/networking/v1/networks?environment=env-prod01"),
        arguments("http://{fake}@{trap}/networking/v1/networks?environment=env-prod01"),
        arguments("http://{trap}\\@{fake}/networking/v1/networks?environment=env-prod01"),
        arguments("http://{trap}%40{fake}/networking/v1/networks?environment=env-prod01"),
        arguments(
            "http://{fake}/networking/v1/%2e%2e/%2e%2e/networking/v1/networks?environment=env-prod01"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileNext")
  void aNextOffTheConfiguredOriginFailsTheListingAndTheKeyGoesNowhereElse(String next) {
    Trap trap = Trap.on("127.0.0.2");
    Trap other = Trap.on("127.0.0.1");
    traps.add(trap);
    traps.add(other);
    String hostile =
        next.replace("{trap}", trap.hostPort())
            .replace("{other}", other.hostPort())
            .replace("{fake}", fake.url().substring("http://".length()));
    networks(2);
    fake.maxPageSize(1).nextAs(n -> hostile);

    assertThatThrownBy(() -> client().list("/networking/v1/networks", Map.of("environment", ENV)))
        .isInstanceOf(ConfluentUnavailableException.class)
        .hasMessageContaining(
            "metadata.next='" + hostile.substring(0, Math.min(hostile.length(), 100)));

    assertThat(trap.authorizations()).isEmpty();
    assertThat(other.authorizations()).isEmpty();
    assertThat(reached)
        .hasSize(1)
        .allSatisfy(
            u ->
                assertThat(u.getHost() + ":" + u.getPort())
                    .isEqualTo(fake.url().substring("http://".length())));
  }

  static Stream<Arguments> sameOrigin() {
    String api = "https://api.confluent.cloud";
    String gw = "https://gateway.example/confluent";
    return Stream.of(
        arguments(
            api,
            "https://api.confluent.cloud/org/v2/environments?page_token=a",
            api + "/org/v2/environments?page_token=a"),
        arguments(
            api, "/org/v2/environments?page_token=a", api + "/org/v2/environments?page_token=a"),
        arguments(
            api,
            "https://API.Confluent.Cloud:443/org/v2/environments?page_token=a",
            api + "/org/v2/environments?page_token=a"),
        arguments(
            api, "/org/v2/./environments?page_token=a", api + "/org/v2/environments?page_token=a"),
        arguments(
            gw,
            "/confluent/org/v2/environments?page_token=a",
            gw + "/org/v2/environments?page_token=a"),
        arguments(
            gw,
            "https://gateway.example/confluent/org/v2/environments",
            gw + "/org/v2/environments"),
        arguments(api, "@127.0.0.2/org/v2/environments", "refused: a relative next"),
        arguments(api, ".evil.example/org/v2/environments", "refused: a relative next"),
        arguments(api, "@evil.example/org/v2/environments", "refused: a relative next"),
        arguments(api, "org/v2/environments", "refused: a relative next"),
        arguments(api, "?page_token=a", "refused: a relative next"),
        arguments(api, "//evil.example/org/v2/environments", "refused: host evil.example"),
        arguments(api, "https://evil.example/org/v2/environments", "refused: host evil.example"),
        arguments(
            api,
            "https://api.confluent.cloud.evil.example/org/v2/environments",
            "refused: host api.confluent.cloud.evil.example"),
        arguments(
            api,
            "https://api.confluent.cloud./org/v2/environments",
            "refused: host api.confluent.cloud."),
        arguments(api, "http://api.confluent.cloud/org/v2/environments", "refused: scheme http"),
        arguments(api, "ftp://api.confluent.cloud/org/v2/environments", "refused: scheme ftp"),
        arguments(api, "javascript:alert(1)", "refused: scheme javascript"),
        arguments(
            api, "https://api.confluent.cloud:8443/org/v2/environments", "refused: port 8443"),
        arguments(api, "https://api.confluent.cloud@evil.example/", "refused: user info"),
        arguments(
            api,
            "https://key:secret@api.confluent.cloud/org/v2/environments",
            "refused: user info"),
        arguments(api, "https://api.confluent.cloud\\@evil.example/", "refused: not a URI"),
        arguments(api, "https://evil.example\\.api.confluent.cloud/", "refused: not a URI"),
        arguments(api, "https://api.confluent.cloud%40evil.example/", "refused: host null"),
        arguments(api, "https:///org/v2/environments", "refused: host null"),
        arguments(api, "/org/v2/../../../etc/passwd", "refused: path"),
        arguments(api, "/org/v2/%2e%2e/%2E%2E/x", "refused: path"),
        arguments(api, "/org%2fv2/environments", "refused: path"),
        arguments(
            gw,
            "/org/v2/environments",
            "refused: path /org/v2/environments is not under the configured base path /confluent/"),
        arguments(gw, "https://gateway.example/confluentx/org/v2", "refused: path"));
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("sameOrigin")
  void nextIsResolvedAgainstTheBaseAndFollowedOnlyOnItsOrigin(
      String base, String next, String expected) {
    ConfluentClient c =
        new ConfluentClient(
            URI.create(base),
            () -> new ApiKey("K", "S"),
            HttpClient.newHttpClient(),
            waits::add,
            1);
    if (expected.startsWith("refused: ")) {
      assertThatThrownBy(() -> c.sameOrigin(next))
          .isInstanceOf(ConfluentUnavailableException.class)
          .hasMessageContaining("metadata.next=")
          .hasMessageContaining(expected.substring("refused: ".length()));
    } else {
      assertThat(c.sameOrigin(next)).hasToString(expected);
    }
  }

  @Test
  void aRelativeSameOriginNextIsFollowed() {
    networks(3);
    fake.maxPageSize(1).nextAs(n -> n.substring(fake.url().length()));

    assertThat(client().list("/networking/v1/networks", Map.of("environment", ENV))).hasSize(3);
    assertThat(fake.requests()).hasSize(3);
  }

  // ---- every call bounded by time and size ----

  @Test
  void endlessSlowPagesStopAtTheDeadline() {
    networks(1);
    fake.endless().delay(Duration.ofMillis(400));
    ConfluentClient c =
        new ConfluentClient(
            URI.create(fake.url()),
            () -> new ApiKey(ConfluentFake.KEY, ConfluentFake.SECRET),
            HttpClient.newHttpClient(),
            ConfluentClient.Sleeper.REAL,
            4);

    long start = System.nanoTime();
    try (Deadline.Scope s = Deadline.in(Duration.ofSeconds(3)).enter()) {
      assertThatThrownBy(() -> c.list("/networking/v1/networks", Map.of("environment", ENV)))
          .isInstanceOf(ConfluentUnavailableException.class)
          .hasMessageContaining("deadline");
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    assertThat(fake.requests().size()).isBetween(3, 10);
  }

  @Test
  void endlessFastPagesStopAtThePageCap() {
    networks(1);
    fake.endless();

    assertThatThrownBy(() -> client().list("/networking/v1/networks", Map.of("environment", ENV)))
        .isInstanceOf(ConfluentUnavailableException.class)
        .hasMessageContaining("more than " + ConfluentClient.LIST_PAGES + " pages");
    assertThat(fake.requests()).hasSize(ConfluentClient.LIST_PAGES);
  }

  @ParameterizedTest(name = "Content-Length declared: {0}")
  @ValueSource(booleans = {false, true})
  void aHugePageIsRefusedWhileItStreams(boolean declared) {
    long size = 400L << 20;
    fake.hugeBody(size, declared);
    long heapBefore = usedHeap();
    long start = System.nanoTime();

    assertThatThrownBy(() -> client().list("/org/v2/environments", Map.of()))
        .isInstanceOf(ConfluentUnavailableException.class)
        .hasMessageContaining(Integer.toString(ConfluentClient.PAGE_BYTES))
        .hasMessageContaining("PAGE_BYTES");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(fake.requests()).hasSize(1); // refused for good, not retried
    assertThat(fake.hugeBytesWritten())
        .isLessThan(64L << 20); // the transfer was cancelled, not drained
    assertThat(usedHeap() - heapBefore).isLessThan(200L << 20);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  @Test
  void aRetryAfterPastTheDeadlineFailsAtOnceNamingIt() {
    networks(1);
    fake.fail(429, 1, Optional.of("3600"));

    long start = System.nanoTime();
    try (Deadline.Scope s = Deadline.in(Duration.ofSeconds(2)).enter()) {
      assertThatThrownBy(() -> client().list("/networking/v1/networks", Map.of("environment", ENV)))
          .isInstanceOf(ConfluentUnavailableException.class)
          .hasMessageContaining("Retry-After 3600 s")
          .hasMessageContaining("deadline");
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(waits).isEmpty();
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void eachRequestWaitsNoLongerThanTheTimeLeft() {
    networks(1);
    fake.delay(Duration.ofSeconds(30));

    long start = System.nanoTime();
    try (Deadline.Scope s = Deadline.in(Duration.ofMillis(1500)).enter()) {
      assertThatThrownBy(() -> client().list("/networking/v1/networks", Map.of("environment", ENV)))
          .isInstanceOf(ConfluentUnavailableException.class);
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aBodyThatTricklesIsCutAtTheTimeLeft() {
    fake.trickle(Duration.ofMillis(100));

    long start = System.nanoTime();
    try (Deadline.Scope s = Deadline.in(Duration.ofSeconds(2)).enter()) {
      assertThatThrownBy(() -> client().list("/org/v2/environments", Map.of()))
          .isInstanceOf(ConfluentUnavailableException.class)
          .hasMessageContaining("deadline");
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void oneListingReadsNoMoreThanItsByteBudgetAcrossPages() {
    fake.add("environment", "env", ENV);
    networks(1);
    fake.hugeBody(3L << 20, true).endless();
    ListingCache listings =
        new ListingCache(client(), List.of(ENV), Duration.ofSeconds(60), System::nanoTime);

    assertThatThrownBy(listings::current)
        .isInstanceOf(ConfluentUnavailableException.class)
        .hasMessageContaining("LISTING_BYTES");
    assertThat(fake.requests()).hasSize((int) (ConfluentClient.LISTING_BYTES / (3L << 20)) + 1);
  }

  @Test
  void aListingCutShortByTheInvocationsDeadlineIsNotRememberedForTheNextInvocation() {
    fake.add("environment", "env", ENV);
    networks(1);
    fake.delay(Duration.ofSeconds(3));
    ListingCache listings =
        new ListingCache(client(), List.of(ENV), Duration.ofSeconds(60), System::nanoTime);

    try (Deadline.Scope s = Deadline.in(Duration.ofMillis(500)).enter()) {
      assertThatThrownBy(listings::current)
          .isInstanceOf(ConfluentUnavailableException.class)
          .hasMessageContaining("deadline");
    }
    fake.delay(Duration.ZERO);

    assertThat(listings.current().networks()).hasSize(1);
  }
}
