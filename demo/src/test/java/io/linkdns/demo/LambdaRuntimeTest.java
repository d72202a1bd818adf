package io.linkdns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.testing.confluent.ConfluentFake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The function as Lambda runs it: the real runtime interface client (the one the java25 managed
 * runtime uses, {@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) in a child JVM,
 * loading {@code io.linkdns.aws.Handler::handleRequest} through its no-arg constructor, so
 * configuration comes from environment variables only, and talking to a local Runtime API. Catches
 * what in-process tests cannot: a handler the runtime cannot load or construct, wiring that reads
 * the wrong variables, output the runtime cannot post.
 *
 * <p>The child's class path is this module's test class path: linkdns's classes over the full,
 * untrimmed SDK and the runtime client, so a failure here is the function's, not the packaging's;
 * {@link ShadedFunctionTest} runs the shipped jar alone the same way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LambdaRuntimeTest {
  static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  static final String HANDLER = "io.linkdns.aws.Handler::handleRequest";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalRuntimeApi api;
  private Process child;
  private final List<String> childOutput = new CopyOnWriteArrayList<>();
  private Path childLog;

  @BeforeEach
  void startRuntimeApi() throws IOException {
    api = LocalRuntimeApi.start();
  }

  /**
   * Starts the runtime client in a child JVM, as the java25 managed runtime does, for the given
   * handler.
   */
  private void startRuntime(String handler, String... extraEnv) throws IOException {
    Path taskRoot = Files.createDirectories(Path.of("target", "lambda-runtime-test", "task"));
    childLog = taskRoot.getParent().resolve("child.log");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RIC_MAIN, handler)
            .directory(
                taskRoot
                    .toFile()) // the runtime client's task root is user.dir (on Lambda /var/task)
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    // Nothing of the developer's AWS setup may leak in: the child sees what Lambda would set.
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("AWS_")
                    || k.startsWith("LINKDNS_")
                    || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("_JAVA_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS"));
    env.putAll(lambdaEnvironment(api.address(), AwsEmulator.get().endpoint().toString(), taskRoot));
    env.put("_HANDLER", handler);
    for (int i = 0; i + 1 < extraEnv.length; i += 2) {
      env.put(extraEnv[i], extraEnv[i + 1]);
    }
    child = pb.start();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                  var log = Files.newBufferedWriter(childLog, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                  childOutput.add(line);
                  log.write(line);
                  log.newLine();
                  log.flush();
                }
              } catch (IOException ignored) {
                // child gone
              }
            },
            "lambda-child-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * What the java25 managed runtime sets for a function (Runtime API reserved variables), plus the
   * template's own.
   */
  static Map<String, String> lambdaEnvironment(
      String runtimeApi, String awsEndpoint, Path taskRoot) {
    return Map.ofEntries(
        Map.entry("AWS_LAMBDA_RUNTIME_API", runtimeApi),
        Map.entry("_HANDLER", HANDLER),
        Map.entry("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString()),
        Map.entry("LAMBDA_RUNTIME_DIR", taskRoot.toAbsolutePath().toString()),
        Map.entry("AWS_EXECUTION_ENV", "AWS_Lambda_java25"),
        Map.entry("AWS_LAMBDA_FUNCTION_NAME", "linkdns"),
        Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"),
        Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
        Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/linkdns"),
        Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef"),
        Map.entry("AWS_LAMBDA_LOG_FORMAT", "Text"),
        Map.entry("TZ", ":UTC"),
        Map.entry("AWS_REGION", "us-east-2"),
        Map.entry("AWS_DEFAULT_REGION", "us-east-2"),
        Map.entry("AWS_ENDPOINT_URL", awsEndpoint),
        Map.entry("AWS_ACCESS_KEY_ID", "test"),
        Map.entry("AWS_SECRET_ACCESS_KEY", "test"),
        Map.entry("LINKDNS_OWNER_ID", "linkdns-us-east-2"),
        Map.entry("LINKDNS_MAX_ATTEMPTS", "3"),
        Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"));
  }

  @AfterEach
  void stopRuntime() throws InterruptedException {
    if (child != null) {
      child.destroy();
      if (!child.waitFor(5, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void sqsBatchThroughTheRealRuntimeClientWritesTheZoneAndDropsTheMalformedMessage()
      throws Exception {
    AwsWorld world = new AwsWorld();
    startRuntime(HANDLER);
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    String malformed =
        "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"detail\":{";

    LocalRuntimeApi.Result result =
        await(
            api.invoke(
                AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES), malformed)));

    // (a) success, and no message goes back to the queue: the malformed one cannot be fixed by a
    // retry
    assertThat(result.succeeded())
        .as("runtime error %s %s", result.errorType(), result.errorBody())
        .isTrue();
    assertThat(JSON.readTree(result.body().orElseThrow()))
        .isEqualTo(JSON.readTree("{\"batchItemFailures\":[]}"));

    // (b) the zone holds what the layout prescribes for a three-AZ endpoint
    Map<String, List<String>> answers = world.answers(domain);
    Map<String, List<String>> expected = new java.util.TreeMap<>();
    expected.put("*." + domain + " CNAME", List.of(world.regionalName(vpce)));
    for (String az : AwsWorld.AZ_NAMES) {
      expected.put(
          "*." + world.azIdByName.get(az) + "." + domain + " CNAME",
          List.of(world.zonalName(vpce, az)));
    }
    assertThat(answers).containsExactlyInAnyOrderEntriesOf(expected);

    // (c) the malformed body is logged, on stdout (the function's log), under this invocation's id
    List<JsonNode> lines = jsonLines();
    assertThat(lines)
        .anySatisfy(
            l -> {
              assertThat(l.path("level").asText()).isEqualTo("ERROR");
              assertThat(l.path("message").asText()).isEqualTo("event rejected");
              assertThat(l.path("error").asText()).contains("not valid JSON");
              assertThat(l.path("correlation_id").asText()).isEqualTo(result.requestId());
            });
    assertThat(lines)
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconciled");
              assertThat(l.path("correlation_id").asText()).isEqualTo(result.requestId());
            });
    assertThat(api.initError()).isNotDone();
    assertThat(child.isAlive()).as("the runtime keeps polling for the next invocation").isTrue();
  }

  @Test
  void withOnlyTheConfluentSettingsAnUntaggedEndpointIsWiredAsConfluentDocuments()
      throws Exception {
    AwsWorld world = new AwsWorld();
    String domain = AwsWorld.uniqueDomain();
    try (ConfluentFake confluent = ConfluentFake.start()) {
      confluent
          .add("environment", "env", "env-prod01")
          .add(
              "aws-dedicated-network-ready",
              "id",
              "n-runtime",
              "env",
              "env-prod01",
              "domain",
              domain,
              "service",
              AwsWorld.SERVICE,
              "resolution",
              "PRIVATE");
      // The key lives in Secrets Manager, as the template deploys it; the function reads it by
      // name.
      String secret = "linkdns/confluent-" + java.util.UUID.randomUUID();
      world
          .admin
          .secrets()
          .get()
          .createSecret(
              r ->
                  r.name(secret)
                      .secretString(
                          "{\"api_key\":\""
                              + ConfluentFake.KEY
                              + "\",\"api_secret\":\""
                              + ConfluentFake.SECRET
                              + "\"}"));
      startRuntime(
          HANDLER,
          "LINKDNS_CONFLUENT_API_URL",
          confluent.url(),
          "LINKDNS_CONFLUENT_SECRET",
          secret);
      String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of());

      LocalRuntimeApi.Result result =
          await(api.invoke(AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES))));

      assertThat(result.succeeded())
          .as("runtime error %s %s", result.errorType(), result.errorBody())
          .isTrue();
      Map<String, List<String>> expected = new java.util.TreeMap<>();
      expected.put("*." + domain + " CNAME", List.of(world.regionalName(vpce)));
      for (String az : AwsWorld.AZ_NAMES) {
        expected.put(
            "*." + world.azIdByName.get(az) + "." + domain + " CNAME",
            List.of(world.zonalName(vpce, az)));
      }
      assertThat(world.answers(domain)).containsExactlyInAnyOrderEntriesOf(expected);
    }
  }

  @Test
  void aHandlerClassTheRuntimeCannotFindFailsEachInvocation() throws Exception {
    startRuntime("io.linkdns.aws.NoSuchHandler::handleRequest");

    LocalRuntimeApi.Result result = await(api.invoke("{\"linkdns\":\"sweep\"}"));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.errorType()).hasValue("Runtime.BadFunctionCode");
    assertThat(JSON.readTree(result.errorBody().orElseThrow()).path("errorType").asText())
        .isEqualTo("java.lang.ClassNotFoundException");
  }

  @Test
  void aBadSettingFailsInitAndTheRuntimeExits() throws Exception {
    startRuntime(HANDLER, "LINKDNS_MAX_ATTEMPTS", "zero");
    var pending = api.invoke("{\"linkdns\":\"sweep\"}");

    String error = api.initError().get(30, TimeUnit.SECONDS);

    // The no-arg constructor reads the environment; its refusal reaches Lambda as an init error.
    assertThat(error)
        .startsWith("Runtime.BadFunctionCode ")
        .contains("LINKDNS_MAX_ATTEMPTS='zero'")
        .contains("io.linkdns.core.InvalidInputException");
    assertThat(pending).failsWithin(5, TimeUnit.SECONDS);
    assertThat(child.waitFor(10, TimeUnit.SECONDS))
        .as("the runtime exits after an init error")
        .isTrue();
    assertThat(child.exitValue()).isNotZero();
  }

  private LocalRuntimeApi.Result await(
      java.util.concurrent.CompletableFuture<LocalRuntimeApi.Result> f)
      throws InterruptedException, ExecutionException {
    try {
      return f.get(40, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "no response from the runtime within 40 s (child alive: "
              + child.isAlive()
              + ", /next calls: "
              + api.nextCalls()
              + ", init error: "
              + api.initError().getNow(null)
              + "); output:\n"
              + String.join("\n", childOutput),
          e);
    }
  }

  /**
   * The function's JSON log lines among the child's output (the runtime client's own lines are
   * text).
   */
  private List<JsonNode> jsonLines() throws InterruptedException {
    // The log line is written before the response is posted, but the pump thread may trail a
    // little.
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    do {
      out.clear();
      for (String line : childOutput) {
        if (line.startsWith("{")) {
          try {
            out.add(JSON.readTree(line));
          } catch (IOException ignored) {
            // a line that merely starts with a brace
          }
        }
      }
      if (out.stream().anyMatch(l -> l.path("message").asText().equals("event rejected"))) {
        break;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return out;
  }
}
