package io.linkdns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The artifact Lambda gets, as Lambda runs it: the shaded, trimmed function jar first on the class
 * path of a child JVM running the real runtime interface client, with nothing else of linkdns or
 * the SDK beside it. A class that minimisation or trimming dropped but the function needs fails
 * here, whatever the in-process tests say.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShadedFunctionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FUNCTION_JAR =
      Path.of(
          System.getProperty(
              "linkdns.functionJar", "../aws-function/target/linkdns-aws-function.jar"));
  private static final Path RIC = Path.of(System.getProperty("linkdns.ricDir", "target/ric"));

  private LocalRuntimeApi api;
  private Process child;
  private Path log;

  @BeforeEach
  void startRuntimeApi() throws IOException {
    assertThat(FUNCTION_JAR)
        .as("the shaded function jar (mvn package builds it before this module's tests)")
        .isRegularFile();
    api = LocalRuntimeApi.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (child != null) {
      child.destroy();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    api.close();
  }

  private void start(String name, String initType, String extraJavaOptions) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "shaded-function-test", name));
    log = dir.resolve("function.log");
    Map<String, String> env =
        LambdaProcess.environment(
            api.address(),
            AwsEmulator.get().endpoint().toString(),
            dir.resolve("task"),
            initType,
            LambdaProcess.JAVA_OPTIONS + extraJavaOptions);
    child =
        LambdaProcess.start(
            LambdaProcess.currentJava(),
            LambdaProcess.classPath(FUNCTION_JAR, RIC),
            env,
            dir.resolve("task"),
            log,
            List.of());
  }

  @Test
  void theShippedJarWiresAndUnwiresAnEndpointThroughTheRuntimeClient() throws Exception {
    AwsWorld world = new AwsWorld();
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    start("wire", "on-demand", "");

    LocalRuntimeApi.Result created =
        api.invoke(AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES)))
            .get(60, TimeUnit.SECONDS);

    assertThat(created.succeeded())
        .as("%s %s; log:%n%s", created.errorType(), created.errorBody(), logText())
        .isTrue();
    assertThat(JSON.readTree(created.body().orElseThrow()))
        .isEqualTo(JSON.readTree("{\"batchItemFailures\":[]}"));
    Map<String, List<String>> expected = new TreeMap<>();
    expected.put("*." + domain + " CNAME", List.of(world.regionalName(vpce)));
    for (String az : AwsWorld.AZ_NAMES) {
      expected.put(
          "*." + world.azIdByName.get(az) + "." + domain + " CNAME",
          List.of(world.zonalName(vpce, az)));
    }
    assertThat(world.answers(domain)).isEqualTo(expected);

    world.deleteEndpoints(vpce);
    LocalRuntimeApi.Result deleted =
        api.invoke(AwsWorld.sqsBatch(world.deleteEvent(vpce))).get(60, TimeUnit.SECONDS);

    assertThat(deleted.succeeded()).as("%s %s", deleted.errorType(), deleted.errorBody()).isTrue();
    assertThat(world.answers(domain)).isEmpty();
    // the SDK and dnsjava log through SLF4J: the jar carries a binding, so a cold start warns of
    // none
    assertThat(logText())
        .as("the function's output (stdout and stderr)")
        .contains("\"message\"")
        .doesNotContain("SLF4J");
  }

  @Test
  void aSnapStartInitPrimesTheReadPathsBeforeTheSnapshotAndWritesNothing() throws Exception {
    AwsWorld world = new AwsWorld();
    // a zone for the priming to read, as an account that already runs linkdns has
    String existing = AwsWorld.uniqueDomain();
    String first = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", existing));
    world.handler(world.env()).handle(world.createEvent(first, existing, AwsWorld.AZ_NAMES));
    int zonesBefore = world.admin.route53().listHostedZones().hostedZones().size();
    Map<String, List<String>> recordsBefore = world.records(existing);

    // how Lambda's java runtime connects org.crac to its own checkpoint context
    start("snapstart", "snap-start", " -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    api.firstNext().get(60, TimeUnit.SECONDS);

    assertThat(api.restoreCalls())
        .as("the runtime took the SnapStart path; log:%n%s", logText())
        .isEqualTo(1);
    JsonNode primed =
        jsonLines().stream()
            .filter(l -> l.path("message").asText().equals("primed before the SnapStart snapshot"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no priming line in the log:\n" + logText()));
    assertThat(primed.path("problems")).as("priming problems").isEmpty();
    assertThat(world.admin.route53().listHostedZones().hostedZones()).hasSize(zonesBefore);
    assertThat(world.records(existing)).isEqualTo(recordsBefore);

    // the restored instance serves events as usual
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    LocalRuntimeApi.Result result =
        api.invoke(AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES)))
            .get(60, TimeUnit.SECONDS);
    assertThat(result.succeeded()).as("%s %s", result.errorType(), result.errorBody()).isTrue();
    assertThat(world.answers(domain)).hasSize(4);
  }

  @Test
  void theSnapStartRehearsalRunsOnTheShippedJarAlone() throws Exception {
    AwsEmulator.get(); // credentials for the SDK's default chain, as Lambda's environment has them
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    Object served;
    ClassLoader caller = Thread.currentThread().getContextClassLoader();
    try (java.net.URLClassLoader jar =
        new java.net.URLClassLoader(
            new java.net.URL[] {FUNCTION_JAR.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(jar);
      Class<?> region = Class.forName("software.amazon.awssdk.regions.Region", true, jar);
      var rehearsal =
          Class.forName("io.linkdns.aws.Rehearsal", true, jar)
              .getDeclaredMethod("run", Map.class, region, java.io.PrintStream.class);
      rehearsal.setAccessible(true);
      served =
          rehearsal.invoke(
              null,
              Map.of("AWS_REGION", "us-east-2"),
              region.getMethod("of", String.class).invoke(null, "us-east-2"),
              new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
    } finally {
      Thread.currentThread().setContextClassLoader(caller);
    }

    assertThat(served)
        .as("log:%n%s", log)
        .isEqualTo(
            List.of(
                "DescribeVpcEndpoints",
                "DescribeAvailabilityZones",
                "DescribeNetworkInterfaces",
                "ListHostedZonesByVPC",
                "ListHostedZonesByVPC",
                "CreateHostedZone",
                "ChangeResourceRecordSets"));
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("\"status\":\"CHANGED\"")
        .contains("\"creates\":4");
  }

  @Test
  void everyClassTheJarNamesForLookupByNameIsInIt() throws IOException {
    List<String> missing = new ArrayList<>();
    int named = 0;
    try (ZipFile jar = new ZipFile(FUNCTION_JAR.toFile())) {
      for (ZipEntry e : Collections.list(jar.entries())) {
        boolean serviceFile = e.getName().startsWith("META-INF/services/") && !e.isDirectory();
        if (!serviceFile && !e.getName().endsWith("/execution.interceptors")) {
          continue;
        }
        try (InputStream in = jar.getInputStream(e)) {
          for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String cls = line.replaceAll("#.*", "").trim();
            if (cls.isEmpty()) {
              continue;
            }
            named++;
            if (jar.getEntry(cls.replace('.', '/') + ".class") == null) {
              missing.add(e.getName() + " -> " + cls);
            }
          }
        }
      }
      assertThat(jar.getEntry("io/linkdns/aws/priming-event.json"))
          .as("the priming sample event")
          .isNotNull();
    }
    assertThat(named).as("service and interceptor entries found").isPositive();
    assertThat(missing).isEmpty();
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private List<JsonNode> jsonLines() {
    List<JsonNode> out = new ArrayList<>();
    for (String line : logText().split("\n")) {
      if (line.startsWith("{")) {
        try {
          out.add(JSON.readTree(line));
        } catch (IOException ignored) {
          // the runtime client's own lines are text
        }
      }
    }
    return out;
  }
}
