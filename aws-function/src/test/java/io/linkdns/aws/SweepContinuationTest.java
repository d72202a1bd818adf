package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.aws.testing.QueueDrain;
import io.linkdns.core.Deadline;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.reconcile.SweepCursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A scheduled sweep that meets its invocation's deadline goes on in later invocations through the
 * function's own queue, and only continuations this installation signed for this queue are
 * accepted. Time is a fake clock that moves one second per Route 53 write, so "the deadline" falls
 * after a known amount of work whatever the machine's speed.
 */
class SweepContinuationTest {
  private static final String KEY = "sweep-continuation-test-key-0123";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AwsWorld world = new AwsWorld();
  private final SqsClient sqs = world.admin.sqs().get();
  private final String queue =
      sqs.createQueue(r -> r.queueName("linkdns-sweep-" + UUID.randomUUID())).queueUrl();
  private final WriteClock clock = new WriteClock();

  /**
   * Moves the fake clock a second at each Route 53 write started, and counts the writes Route 53
   * answered, per zone.
   */
  static final class WriteClock implements ExecutionInterceptor {
    final AtomicLong nanos = new AtomicLong();
    final Map<String, Integer> zonesCreated = new HashMap<>();
    final Map<String, Integer> batchesByZone = new HashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof CreateHostedZoneRequest
          || context.request() instanceof ChangeResourceRecordSetsRequest) {
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
      }
    }

    @Override
    public synchronized void afterExecution(
        Context.AfterExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof CreateHostedZoneRequest c) {
        zonesCreated.merge(io.linkdns.core.model.DnsName.normalize(c.name()), 1, Integer::sum);
      } else if (context.request() instanceof ChangeResourceRecordSetsRequest c) {
        batchesByZone.merge(Route53Zones.bareId(c.hostedZoneId()), 1, Integer::sum);
      }
    }

    /**
     * An invocation's deadline: the 2 s kept back to queue the continuation, and time for three
     * writes and a half.
     */
    Deadline tiny() {
      return Deadline.in(Duration.ofMillis(5_500), nanos::get);
    }
  }

  private List<String> endpoints(int n, List<String> domains) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String domain = AwsWorld.uniqueDomain();
      domains.add(domain);
      ids.add(world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain)));
    }
    return ids;
  }

  @Test
  void aSweepUnderATinyDeadlineContinuesThroughTheQueueAndWiresEveryEndpointExactlyOnce() {
    List<String> domains = new ArrayList<>();
    endpoints(7, domains);
    Handler handler =
        world.handler(world.env("LINKDNS_QUEUE_URL", queue, "LINKDNS_SEAL_KEY", KEY), 8, clock);

    handler.handle("{\"linkdns\":\"sweep\"}", clock.tiny());
    assertThat(domains.stream().filter(d -> world.zoneId(d).isPresent()).count())
        .as("the first invocation ends at its deadline before all zones exist")
        .isLessThan(domains.size());
    int invocations = new QueueDrain(sqs, queue).drain(handler, clock::tiny, 10, 200);

    assertThat(invocations).isGreaterThan(1);
    assertThat(world.logs())
        .anySatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("sweep finished"));
    for (String d : domains) {
      assertThat(world.answers(d)).as(d).containsOnlyKeys("*." + d + " CNAME");
      assertThat(clock.zonesCreated.get(d)).as("zones created for " + d).isEqualTo(1);
      assertThat(clock.batchesByZone.get(Route53Zones.bareId(world.zoneId(d).orElseThrow())))
          .as("batches written for " + d)
          .isEqualTo(1);
    }
    // Every part of the chain is the same sweep.
    assertThat(
            world.logs().stream()
                .filter(l -> l.has("sweep_id"))
                .map(l -> l.path("sweep_id").asText())
                .distinct())
        .hasSize(1);
  }

  @Test
  void withoutAQueueTheSweepReportsUnfinishedAndTheNextScheduledSweepCompletes() {
    List<String> domains = new ArrayList<>();
    endpoints(5, domains);
    Handler handler = world.handler(world.env("LINKDNS_SEAL_KEY", KEY), 8, clock);

    handler.handle("{\"linkdns\":\"sweep\"}", clock.tiny());

    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText())
                  .startsWith("sweep unfinished at the deadline; without a queue");
              assertThat(l.path("setting").asText()).isEqualTo("LINKDNS_QUEUE_URL");
            });
    assertThat(domains.stream().filter(d -> world.zoneId(d).isPresent()).count())
        .isLessThan(domains.size());

    handler.handle(AwsWorld.fixture("eventbridge/scheduled-event.json"), Deadline.none());

    domains.forEach(d -> assertThat(world.answers(d)).as(d).containsOnlyKeys("*." + d + " CNAME"));
    assertThat(world.logs())
        .anySatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("sweep finished"));
  }

  static Continuation.Signer signer(String key, String owner, String queueUrl, Clock clock) {
    return new Continuation.Signer(SealKey.of("test", key), owner, queueUrl, clock);
  }

  /** A forged, altered or replayed continuation, made from one this installation would write. */
  static Arguments attack(String name, UnaryOperator<String> forge) {
    return Arguments.of(name, forge);
  }

  static List<Arguments> attacks() {
    return List.of(
        attack(
            "a made-up signature",
            body -> body.replaceAll("\"mac\":\"[0-9a-f]+\"", "\"mac\":\"" + "0".repeat(64) + "\"")),
        attack("no signature", body -> body.replaceAll(",\"mac\":\"[0-9a-f]+\"", "")),
        attack(
            "cursor moved after signing",
            body -> body.replace("\"after\":\"\"", "\"after\":\"zzz\"")),
        attack(
            "zone list injected beside the cursor",
            body -> body.replace("\"v\":1", "\"v\":1,\"zones\":[\"Z123\"]")),
        attack(
            "endpoint list injected at the top",
            body ->
                body.replace(
                    "{\"linkdnsContinuation\"",
                    "{\"endpoints\":[\"vpce-0123456789abcdef0\"],\"linkdnsContinuation\"")));
  }

  private String legit(String queueUrl) {
    return signer(KEY, "linkdns", queueUrl, Clock.systemUTC())
        .write(
            JSON, new Continuation(UUID.randomUUID().toString(), SweepCursor.START, Instant.now()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void aForgedOrAlteredContinuationIsRefusedAndNothingIsReadOrWritten(
      String name, UnaryOperator<String> forge) {
    endpoints(1, new ArrayList<>());
    Handler handler = world.handler(world.env("LINKDNS_QUEUE_URL", queue, "LINKDNS_SEAL_KEY", KEY));
    world.counter.reset();

    JsonNode response =
        handler.handle(
            AwsWorld.sqsRecord("m-1", "rh-1", 1, forge.apply(legit(queue))), Deadline.none());

    assertThat(response.path("batchItemFailures")).as("dropped, not retried").isEmpty();
    assertThat(world.counter.calls()).as("calls made").isEmpty();
    assertThat(world.logs())
        .anySatisfy(
            l -> assertThat(l.path("message").asText()).isEqualTo("sweep continuation refused"));
    assertThat(world.logs())
        .noneSatisfy(l -> assertThat(l.path("message").asText()).startsWith("sweep finished"));
  }

  static List<Arguments> replays() {
    return List.of(
        Arguments.of(
            "another installation's key",
            (SignerFor)
                q -> signer("another-installation-key-0123", "linkdns", q, Clock.systemUTC())),
        Arguments.of(
            "another owner id, same key",
            (SignerFor) q -> signer(KEY, "linkdns-us-west-2", q, Clock.systemUTC())),
        Arguments.of(
            "another queue, same key",
            (SignerFor) q -> signer(KEY, "linkdns", q + "-elsewhere", Clock.systemUTC())),
        Arguments.of(
            "two hours old",
            (SignerFor)
                q ->
                    signer(
                        KEY, "linkdns", q, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))),
        Arguments.of(
            "from the future",
            (SignerFor)
                q ->
                    signer(
                        KEY, "linkdns", q, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))));
  }

  /** Who wrote the message, for the queue it is replayed into. */
  @FunctionalInterface
  interface SignerFor {
    Continuation.Signer of(String queueUrl);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replays")
  void aContinuationReplayedFromElsewhereIsRefusedAndNothingIsReadOrWritten(
      String name, SignerFor writer) {
    Handler handler = world.handler(world.env("LINKDNS_QUEUE_URL", queue, "LINKDNS_SEAL_KEY", KEY));
    Continuation.Signer s = writer.of(queue);
    String body =
        s.write(
            JSON,
            new Continuation(UUID.randomUUID().toString(), SweepCursor.START, s.clock().instant()));
    world.counter.reset();

    handler.handle(AwsWorld.sqsRecord("m-1", "rh-1", 1, body), Deadline.none());

    assertThat(world.counter.calls()).isEmpty();
    assertThat(world.logs())
        .anySatisfy(
            l -> assertThat(l.path("message").asText()).isEqualTo("sweep continuation refused"));
  }

  @Test
  void withoutASealKeyOrAQueueNoContinuationIsAccepted() {
    String body = legit(queue);
    for (Handler handler :
        List.of(
            world.handler(world.env("LINKDNS_QUEUE_URL", queue)),
            world.handler(world.env("LINKDNS_SEAL_KEY", KEY)))) {
      world.counter.reset();
      handler.handle(AwsWorld.sqsRecord("m-1", "rh-1", 1, body), Deadline.none());
      assertThat(world.counter.calls()).isEmpty();
    }
    assertThat(
            world.logs().stream()
                .filter(l -> l.path("message").asText().equals("sweep continuation refused")))
        .hasSize(2);
  }

  @Test
  void theLegitimateContinuationResumesTheSweep() {
    List<String> domains = new ArrayList<>();
    endpoints(2, domains);
    Handler handler = world.handler(world.env("LINKDNS_QUEUE_URL", queue, "LINKDNS_SEAL_KEY", KEY));

    handler.handle(AwsWorld.sqsRecord("m-1", "rh-1", 1, legit(queue)), Deadline.none());

    domains.forEach(d -> assertThat(world.answers(d)).containsOnlyKeys("*." + d + " CNAME"));
  }

  /**
   * The Route 53 calls of one sweep with everything in sync, after a sweep that wired what was new.
   */
  private List<String> inSyncSweep(Handler handler) {
    handler.handle("{\"linkdns\":\"sweep\"}", Deadline.none());
    world.counter.reset();
    handler.handle("{\"linkdns\":\"sweep\"}", Deadline.none());
    assertThat(world.counter.writes("Route53")).isEmpty();
    return world.counter.calls("Route53");
  }

  private static long count(List<String> calls, String operation) {
    return calls.stream().filter(c -> c.equals("Route53." + operation)).count();
  }

  @Test
  void eachFurtherZoneInSyncCostsTheSweepOneRead() {
    // Measured as a difference: the emulator holds other tests' zones and VPCs, whose listings cost
    // what they cost.
    Handler handler = world.handler(world.env());
    endpoints(3, new ArrayList<>());
    List<String> before = inSyncSweep(handler);
    endpoints(12, new ArrayList<>());

    List<String> after = inSyncSweep(handler);

    assertThat(count(after, "ListResourceRecordSets") - count(before, "ListResourceRecordSets"))
        .isEqualTo(12);
    assertThat(count(after, "GetHostedZone"))
        .as("zones looked up one by one")
        .isEqualTo(count(before, "GetHostedZone"));
    assertThat(count(after, "ListHostedZonesByVPC"))
        .as("one listing per VPC")
        .isEqualTo(count(before, "ListHostedZonesByVPC"));
    assertThat(after.size() - before.size())
        .as("calls for 12 more zones in sync")
        .isLessThanOrEqualTo(13);
  }
}
