package io.linkdns.core.confluent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.core.testing.confluent.ConfluentFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The client against the Confluent API fake: envelopes, pages, credentials, throttling and failures. */
class ConfluentClientTest {
  private static final String ENV = "env-prod01";
  private final ConfluentFake fake = ConfluentFake.start();
  private final List<Duration> waits = new ArrayList<>();

  @AfterEach
  void stop() {
    fake.close();
  }

  private ConfluentClient client(String key, String secret) {
    return new ConfluentClient(URI.create(fake.url()), () -> new ApiKey(key, secret), HttpClient.newHttpClient(), waits::add, 4);
  }

  private ConfluentClient client() {
    return client(ConfluentFake.KEY, ConfluentFake.SECRET);
  }

  private void networks(int n) {
    IntStream.range(0, n).forEach(i -> fake.add("aws-dedicated-network-ready", "id", "n-" + i, "env", ENV,
        "domain", "pr" + i + ".us-east-2.aws.confluent.cloud", "service", "com.amazonaws.vpce.us-east-2.vpce-svc-" + i,
        "resolution", "PRIVATE"));
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

    assertThat(all).extracting(n -> n.path("id").asText())
        .containsExactlyElementsOf(IntStream.range(0, items).mapToObj(i -> "n-" + i).toList());
    assertThat(fake.requests()).hasSize(requests).allSatisfy(r -> {
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
    assertThat(fake.requests()).extracting(ConfluentFake.Request::status).containsExactly(429, 429, 200);
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
    assertThatThrownBy(() -> client("WRONGKEY0000", "not-the-secret").list("/org/v2/environments", Map.of()))
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
}
