package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The hand-made Profiles client against a local server: stalls end at the deadline, throttling is
 * retried, pages are followed.
 */
class Route53ProfilesTest {
  private HttpServer server;
  private final List<String> asked = new ArrayList<>();

  private Route53Profiles client(int stallMillis, int throttledFirst) throws IOException {
    return serving(
        (n, exchange) -> {
          synchronized (asked) {
            asked.add(
                exchange.getRequestURI().toString()
                    + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
          }
          try {
            Thread.sleep(stallMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          boolean throttle = n < throttledFirst;
          boolean first = !exchange.getRequestURI().toString().contains("nextToken");
          byte[] body =
              (throttle
                      ? "{\"Message\":\"Rate exceeded\"}"
                      : first
                          ? "{\"ProfileResourceAssociations\":[{\"ResourceArn\":\"arn:aws:route53:::hostedzone/Z1\"}],\"NextToken\":\"t+1\"}"
                          : "{\"ProfileResourceAssociations\":[{\"ResourceArn\":\"arn:aws:route53:::hostedzone/Z2\"},"
                              + "{\"ResourceArn\":\"arn:aws:route53resolver:us-east-2:123456789012:firewall-rule-group/rslvr-frg-1\"}]}")
                  .getBytes(StandardCharsets.UTF_8);
          if (throttle) {
            exchange
                .getResponseHeaders()
                .add("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/");
          }
          return new Reply(throttle ? 429 : 200, body);
        });
  }

  /** What the local Profiles endpoint answers: status and body. */
  private record Reply(int status, byte[] body) {}

  /**
   * A local Profiles endpoint answering each request (numbered from 0) as told, and the client
   * pointed at it.
   */
  private Route53Profiles serving(BiFunction<Integer, HttpExchange, Reply> answer)
      throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Reply reply = answer.apply(calls.getAndIncrement(), exchange);
          try {
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            exchange.getResponseBody().write(reply.body());
          } catch (IOException gone) {
            // the client hung up (deadline) or stopped reading
          }
          exchange.close();
        });
    server.start();
    return new Route53Profiles(
        UrlConnectionHttpClient.create(),
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        "us-east-2",
        () -> AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aStalledAnswerEndsAtTheDeadline() throws IOException {
    Route53Profiles profiles = client(5_000, 0);
    long start = System.nanoTime();
    try (var scope = Deadline.in(Duration.ofMillis(400)).enter()) {
      assertThatThrownBy(() -> profiles.zones("rp-0123456789abcdef"))
          .isInstanceOf(DeadlineExceededException.class)
          .hasMessageContaining("ListProfileResourceAssociations");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void throttlingIsRetriedAndEveryPageIsRead() throws IOException {
    Route53Profiles profiles = client(0, 2);
    assertThat(profiles.zones("rp-0123456789abcdef")).containsExactlyInAnyOrder("Z1", "Z2");
    assertThat(asked).hasSize(4);
    assertThat(asked.get(3))
        .startsWith("/profileresourceassociations/profileid/rp-0123456789abcdef?")
        .contains("nextToken=t%2B1")
        .contains("resourceType=PRIVATE_HOSTED_ZONE")
        .contains("/us-east-2/route53profiles/aws4_request");
  }

  /** A Profiles endpoint answering every listing with the given body (a hostile upstream). */
  private Route53Profiles answering(java.util.function.IntFunction<byte[]> body)
      throws IOException {
    return serving((n, exchange) -> new Reply(200, body.apply(n)));
  }

  @Test
  void anAnswerLargerThanTheBoundIsRefusedNotRead() throws IOException {
    byte[] huge = new byte[Route53Profiles.MAX_ANSWER_BYTES + 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    Route53Profiles profiles = answering(n -> huge);
    assertThatThrownBy(() -> profiles.zones("rp-0123456789abcdef"))
        .hasMessageContaining("larger than " + Route53Profiles.MAX_ANSWER_BYTES);
  }

  @Test
  void aListingThatNeverEndsStopsAtThePageBound() throws IOException {
    AtomicInteger served = new AtomicInteger();
    Route53Profiles profiles =
        answering(
            n ->
                ("{\"ProfileResourceAssociations\":[],\"NextToken\":\"again-"
                        + served.incrementAndGet()
                        + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> profiles.zones("rp-0123456789abcdef"))
        .hasMessageContaining("more than " + Route53Profiles.MAX_PAGES + " pages");
    assertThat(served).hasValue(Route53Profiles.MAX_PAGES);
  }
}
