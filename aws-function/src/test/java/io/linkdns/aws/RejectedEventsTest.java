package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.aws.testing.AwsWorld;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Malformed, irrelevant or unactionable events: each gets a clear log line naming what was wrong
 * (or why it was skipped), and nothing is written, directly or inside an SQS batch.
 */
class RejectedEventsTest {
  private static AwsWorld world;
  private static String untagged;
  private static String badTag;
  private static String badLayout;

  @BeforeAll
  static void endpoints() {
    world = new AwsWorld();
    untagged = world.createEndpoint(List.of("us-east-2a"), Map.of("Name", "not-for-linkdns"));
    badTag = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", "not a domain!"));
    badLayout =
        world.createEndpoint(
            List.of("us-east-2a"),
            Map.of("linkdns:domain", AwsWorld.uniqueDomain(), "linkdns:layout", "no-such-layout"));
  }

  private static String event(String fixture) {
    return AwsWorld.fixture("rejected/" + fixture)
        .replace("{{vpcId}}", world.vpcId)
        .replace("{{untagged}}", untagged)
        .replace("{{badTag}}", badTag)
        .replace("{{badLayout}}", badLayout);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = "/rejected.csv")
  void deliveredDirectly(String fixture, String ending, String words) {
    Handler handler =
        world.handler(
            world.env(
                "AWS_LAMBDA_FUNCTION_NAME",
                "linkdns",
                "LINKDNS_ROLE_ARN",
                "arn:aws:iam::123456789012:role/linkdns-FunctionRole-1A2B3C"));
    world.counter.reset();
    world.clearLogs();

    JsonNode response = handler.handle(event(fixture));

    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(world.counter.writes("Ec2")).isEmpty();
    assertThat(world.logs()).hasSize(1);
    JsonNode line = world.logs().get(0);
    switch (ending) {
      case "rejected" -> {
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("message").asText()).isEqualTo("event rejected");
        assertThat(line.path("error").asText()).contains(words);
      }
      case "ignored" -> {
        assertThat(line.path("message").asText()).isEqualTo("event skipped");
        assertThat(line.path("reason").asText()).contains(words);
      }
      case "skipped" -> {
        assertThat(line.path("message").asText()).isEqualTo("reconcile skipped");
        assertThat(line.path("notes").toString()).contains(words);
        assertThat(response.at("/outcomes/0/status").asText()).isEqualTo("SKIPPED");
      }
      case "failed" -> {
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("error").asText()).contains(words);
        assertThat(response.at("/outcomes/0/status").asText()).isEqualTo("FAILED");
      }
      default -> throw new AssertionError("unknown ending " + ending);
    }
  }

  @ParameterizedTest(name = "{0} in an SQS batch")
  @CsvFileSource(resources = "/rejected.csv")
  void insideAnSqsBatchNoneIsRetried(String fixture, String ending, String words) {
    Handler handler =
        world.handler(
            world.env(
                "AWS_LAMBDA_FUNCTION_NAME",
                "linkdns",
                "LINKDNS_ROLE_ARN",
                "arn:aws:iam::123456789012:role/linkdns-FunctionRole-1A2B3C"));
    world.counter.reset();
    world.clearLogs();

    JsonNode response = handler.handle(AwsWorld.sqsBatch(event(fixture)));

    assertThat(response.path("batchItemFailures")).as("retrying cannot fix %s", fixture).isEmpty();
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(world.logs().toString()).contains(words.replace("'", "'"));
  }
}
