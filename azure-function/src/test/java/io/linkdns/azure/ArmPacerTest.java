package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pacer in a real azure-core pipeline, on a fake clock where timing is the point: sleeping is
 * exactly what ARM's buckets need, never more, and never past the deadline.
 */
class ArmPacerTest {
  private static final String SUB_A =
      "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/z";
  private static final String SUB_B =
      "/subscriptions/00000000-0000-0000-0000-00000000000b/providers/Microsoft.Network/privateEndpoints";
  private static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong slept = new AtomicLong();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final AtomicInteger sent = new AtomicInteger();

  /** Answers in order from the script, then 200 with no headers. */
  private final HttpClient client =
      request -> {
        sent.incrementAndGet();
        Answer a = script.isEmpty() ? new Answer(200, Map.of()) : script.poll();
        return Mono.just(a.on(request));
      };

  private ArmPacer pacer() {
    return new ArmPacer(
        ArmPacer.ARM_LIMITS,
        clock::get,
        Clock.fixed(NOW, ZoneOffset.UTC),
        d ->
            Mono.fromRunnable(
                () -> {
                  slept.addAndGet(d.toNanos());
                  clock.addAndGet(d.toNanos());
                }));
  }

  private static HttpPipeline pipeline(
      HttpClient client, com.azure.core.http.policy.HttpPipelinePolicy... policies) {
    return new HttpPipelineBuilder().httpClient(client).policies(policies).build();
  }

  private static int call(HttpPipeline p, HttpMethod method, String path) {
    try (HttpResponse r =
        p.send(new HttpRequest(method, "https://management.azure.com" + path)).block()) {
      return r.getStatusCode();
    }
  }

  private double sleptSeconds() {
    return slept.get() / 1e9;
  }

  @Test
  void aBurstWithinEveryBucketGoesWithoutSleeping() {
    HttpPipeline p = pipeline(client, pacer());
    for (int i = 0; i < 250; i++) {
      call(p, HttpMethod.GET, SUB_A);
    }
    for (int i = 0; i < 200; i++) {
      call(p, HttpMethod.PUT, SUB_A);
      call(p, HttpMethod.DELETE, SUB_A);
    }
    // A second subscription has buckets of its own.
    for (int i = 0; i < 250; i++) {
      call(p, HttpMethod.GET, SUB_B);
    }
    assertThat(sent.get()).isEqualTo(900);
    assertThat(slept.get()).isZero();
  }

  @ParameterizedTest(name = "{1} x {0} sleeps {2} s")
  @CsvSource({
    // method, calls, least seconds from full buckets (reads 250 + 25/s, writes and deletes 200 +
    // 10/s)
    "GET,    251, 0.04",
    "GET,    300, 2",
    "PUT,    220, 2",
    "PATCH,  210, 1",
    "POST,   201, 0.1",
    "DELETE, 230, 3",
  })
  void sleepsExactlyWhatArmsBucketsNeed(HttpMethod method, int calls, double seconds) {
    HttpPipeline p = pipeline(client, pacer());
    for (int i = 0; i < calls; i++) {
      call(p, method, SUB_A);
    }
    assertThat(sleptSeconds()).isCloseTo(seconds, within(0.001));
  }

  @Test
  void armsRemainingCountSlowsTheNextCallsDown() {
    HttpPipeline p = pipeline(client, pacer());
    script.add(new Answer(200, Map.of("x-ms-ratelimit-remaining-subscription-reads", "1")));
    call(p, HttpMethod.GET, SUB_A);
    call(p, HttpMethod.GET, SUB_A);
    assertThat(slept.get()).as("one left: the second read goes at once").isZero();
    call(p, HttpMethod.GET, SUB_A);
    assertThat(sleptSeconds()).as("then one token per 1/25 s").isCloseTo(0.04, within(0.001));
    // Writes are a bucket of their own, and a garbled or hostile count changes nothing.
    script.add(new Answer(200, Map.of("x-ms-ratelimit-remaining-subscription-writes", "-5")));
    script.add(new Answer(200, Map.of("x-ms-ratelimit-remaining-subscription-writes", "lots")));
    call(p, HttpMethod.PUT, SUB_A);
    call(p, HttpMethod.PUT, SUB_A);
    call(p, HttpMethod.PUT, SUB_A);
    assertThat(sleptSeconds()).isCloseTo(0.04, within(0.001));
  }

  @Test
  void a429HoldsItsBucketUntilRetryAfterAndTheOthersGoOn() {
    HttpPipeline p = pipeline(client, pacer());
    script.add(new Answer(429, Map.of("Retry-After", "7")));
    assertThat(call(p, HttpMethod.PUT, SUB_A)).isEqualTo(429);
    call(p, HttpMethod.GET, SUB_A);
    call(p, HttpMethod.PUT, SUB_B);
    assertThat(slept.get()).as("reads, and another subscription's writes, are not held").isZero();
    call(p, HttpMethod.PUT, SUB_A);
    assertThat(sleptSeconds()).isCloseTo(7, within(0.001));
  }

  @Test
  void theSdksRetryPolicyWaitsRetryAfterOnceAndThePacerNotAgain() {
    // Real clocks here: the point is that the two waits do not add up.
    AtomicLong paced = new AtomicLong();
    ArmPacer pacer =
        new ArmPacer(
            ArmPacer.ARM_LIMITS,
            System::nanoTime,
            Clock.systemUTC(),
            d -> Mono.delay(d).doOnSubscribe(s -> paced.addAndGet(d.toNanos())).then());
    HttpPipeline p = pipeline(client, AzureWiring.retryPolicy(), pacer);
    call(p, HttpMethod.PUT, SUB_A); // warms the pipeline up (class loading, Reactor's timer)
    script.add(new Answer(429, Map.of("Retry-After", "1")));
    long start = System.nanoTime();
    assertThat(call(p, HttpMethod.PUT, SUB_A)).isEqualTo(200);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(sent.get()).isEqualTo(3);
    assertThat(paced.get())
        .as("the pacer's own wait on the retry")
        .isLessThan(Duration.ofMillis(50).toNanos());
    assertThat(millis).isBetween(1000L, 1900L);
  }

  @Test
  void aRetryAfterGivenAsAnHttpDateIsHonoured() {
    HttpPipeline p = pipeline(client, AzureWiring.retryPolicy(), new ArmPacer());
    String at =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2).withNano(0));
    script.add(new Answer(429, Map.of("Retry-After", at)));
    long start = System.nanoTime();
    assertThat(call(p, HttpMethod.GET, SUB_A)).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 2900L);
    assertThat(sent.get()).isEqualTo(2);
  }

  @Test
  void aRetryAfterPastTheDeadlineFailsAtOnceAndIsNotRetried() {
    HttpPipeline p = pipeline(client, new DeadlinePolicy(), AzureWiring.retryPolicy(), pacer());
    script.add(new Answer(429, Map.of("Retry-After", "600")));
    long start = System.nanoTime();
    try (Deadline.Scope ignored = Deadline.in(Duration.ofSeconds(30)).enter()) {
      assertThatThrownBy(() -> call(p, HttpMethod.PUT, SUB_A))
          .isInstanceOf(DeadlineExceededException.class)
          .hasMessageContaining("Retry-After 600 s")
          .hasMessageContaining("deadline")
          .hasMessageContaining("PUT " + SUB_A);
    }
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    assertThat(sent.get()).isEqualTo(1);
    assertThat(slept.get()).isZero();
  }

  @Test
  void aPacedWaitPastTheDeadlineFailsAtOnceWithoutSending() {
    HttpPipeline p = pipeline(client, pacer());
    try (Deadline.Scope ignored = Deadline.in(Duration.ofMillis(500), clock::get).enter()) {
      for (int i = 0; i < 200 + 5; i++) {
        call(p, HttpMethod.DELETE, SUB_A);
      }
      assertThat(sleptSeconds()).isCloseTo(0.5, within(0.001));
      assertThatThrownBy(() -> call(p, HttpMethod.DELETE, SUB_A))
          .isInstanceOf(DeadlineExceededException.class)
          .hasMessageContaining("paced")
          .hasMessageContaining("deletes");
    }
    assertThat(sent.get()).isEqualTo(205);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Retry-After         | 5                             | PT5S",
        "Retry-After         | Fri, 04 Dec 2026 15:00:10 GMT | PT10S",
        "Retry-After         | Fri, 04 Dec 2026 14:59:00 GMT | PT0S",
        "Retry-After         | 99999999999                   | PT24H",
        "Retry-After         | -3                            | none",
        "Retry-After         | soon                          | none",
        "x-ms-retry-after-ms | 1500                          | PT1.5S",
        "retry-after-ms      | 250                           | PT0.25S",
      })
  void retryAfterIsReadAsSecondsOrADateAndNotTrusted(String header, String value, String expected) {
    HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.fromString(header), value);
    Optional<Duration> parsed = ArmPacer.retryAfter(headers, NOW);
    assertThat(parsed.map(Duration::toString).orElse("none")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "/subscriptions/ABC-1/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/z, abc-1",
    "/subscriptions/abc-1, abc-1",
    "/providers/Microsoft.Network/operations, tenant",
    "/, tenant",
  })
  void callsAreCountedAgainstTheirSubscription(String path, String scope) {
    assertThat(ArmPacer.scope(path)).isEqualTo(scope);
  }

  /** A scripted answer. */
  private record Answer(int status, Map<String, String> headers) {
    HttpResponse on(HttpRequest request) {
      HttpHeaders h = new HttpHeaders();
      headers.forEach((k, v) -> h.set(HttpHeaderName.fromString(k), v));
      return new HttpResponse(request) {
        @Override
        public int getStatusCode() {
          return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
          return h.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
          return h;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
          return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
          return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
          return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
          return Mono.just("");
        }
      };
    }
  }
}
