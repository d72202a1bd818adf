package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.testing.LogSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler's log lines, from real invocations on moto, fit the log schema both functions
 * share.
 */
class LogSchemaTest {

  @Test
  void everyLineOfReconciledSkippedRejectedAndSweptInvocationsFitsTheSchema() throws Exception {
    AwsWorld world = new AwsWorld();
    Handler handler = world.handler(world.env("AWS_LAMBDA_FUNCTION_NAME", "linkdns"));
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    world.clearLogs();

    invoke(handler, "req-create", world.createEvent(vpce, domain, List.of("us-east-2a")));
    invoke(
        handler,
        "req-sqs",
        AwsWorld.sqsBatch(AwsWorld.fixture("rejected/wrong-source.json"), "{\"truncated"));
    invoke(handler, "req-sweep", AwsWorld.fixture("eventbridge/scheduled-event.json"));

    List<JsonNode> lines = world.logs();
    LogSchema.checkAll(lines);
    assertThat(lines).extracting(l -> l.path("cloud").asText()).containsOnly("aws");
    assertThat(lines)
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconciled");
              assertThat(l.path("trigger").asText()).isEqualTo("endpoint-write");
              assertThat(l.path("correlation_id").asText()).isEqualTo("req-create");
            });
    assertThat(lines)
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("event rejected");
              assertThat(l.path("correlation_id").asText()).isEqualTo("req-sqs");
            });
    assertThat(lines).anySatisfy(l -> assertThat(l.path("trigger").asText()).isEqualTo("sweep"));
    assertThat(lines)
        .filteredOn(l -> l.path("message").asText().equals("metrics"))
        .hasSize(3)
        .allSatisfy(
            l -> {
              assertThat(l.has("_aws")).as("EMF directive").isTrue();
              assertThat(l.path("function").asText()).isEqualTo("linkdns");
            });
    assertThat(lines).anySatisfy(l -> assertThat(l.path("RecordsCreated").asDouble()).isPositive());
  }

  private static void invoke(Handler handler, String requestId, String body) throws Exception {
    Context context =
        (Context)
            Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getAwsRequestId" -> requestId;
                      case "getRemainingTimeInMillis" -> 60_000;
                      default -> null;
                    });
    handler.handleRequest(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(),
        context);
  }
}
