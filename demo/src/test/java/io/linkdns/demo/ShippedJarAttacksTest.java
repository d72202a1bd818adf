package io.linkdns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.testing.confluent.ConfluentFake;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The second hostile pass's attacks, rerun against the artifact Lambda gets: the shaded, trimmed
 * jar alone in a child JVM behind the real runtime interface client, with the stack's default
 * settings. Each attack changes nothing it should not, answers within its deadline and says why in
 * a log line. The in-process suites (HostileTenantTest, ResilienceTest, ConfluentClientTest) hold
 * the full tables; this proves the shipped jar behaves the same.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShippedJarAttacksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FUNCTION_JAR =
      Path.of(
          System.getProperty(
              "linkdns.functionJar", "../aws-function/target/linkdns-aws-function.jar"));
  private static final Path RIC = Path.of(System.getProperty("linkdns.ricDir", "target/ric"));
  private static final String SEAL_KEY = "shipped-jar-attacks-seal-key";

  private final List<AutoCloseable> open = new ArrayList<>();
  private LocalRuntimeApi api;
  private Process child;
  private Path log;

  @AfterEach
  void stop() throws Exception {
    if (child != null) {
      child.destroy();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private void start(String name, Duration invocationTimeout, Map<String, String> extra)
      throws IOException {
    assertThat(FUNCTION_JAR)
        .as("the shaded function jar (mvn package builds it before this module's tests)")
        .isRegularFile();
    api = LocalRuntimeApi.start(invocationTimeout);
    open.add(api);
    Path dir = Files.createDirectories(Path.of("target", "shipped-jar-attacks", name));
    log = dir.resolve("function.log");
    Map<String, String> env =
        LambdaProcess.environment(
            api.address(),
            AwsEmulator.get().endpoint().toString(),
            dir.resolve("task"),
            "on-demand",
            LambdaProcess.JAVA_OPTIONS);
    env.put("LINKDNS_SEAL_KEY", SEAL_KEY);
    env.putAll(extra);
    child =
        LambdaProcess.start(
            LambdaProcess.currentJava(),
            LambdaProcess.classPath(FUNCTION_JAR, RIC),
            env,
            dir.resolve("task"),
            log,
            List.of());
  }

  private LocalRuntimeApi.Result invoke(String payload) throws Exception {
    return api.invoke(payload).get(120, TimeUnit.SECONDS);
  }

  @Test
  void aPageWhoseNextPointsElsewhereSendsTheKeyNowhereAndWiresNothing() throws Exception {
    AwsWorld world = new AwsWorld();
    ConfluentFake confluent = ConfluentFake.start();
    open.add(confluent);
    Trap trap = Trap.on("127.0.0.2");
    open.add(trap);
    String domain = AwsWorld.uniqueDomain();
    // two environments, one a page: the first page's next is the attacker's
    confluent
        .add("environment", "env", "env-prod01")
        .add("environment", "env", "env-prod02")
        .add(
            "aws-dedicated-network-ready",
            "id",
            "n-shipped",
            "env",
            "env-prod01",
            "domain",
            domain,
            "service",
            AwsWorld.SERVICE,
            "resolution",
            "PRIVATE");
    confluent
        .maxPageSize(1)
        .nextAs(n -> "@" + trap.hostPort() + "/org/v2/environments?page_token=x");
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of());
    start("confluent-next", Duration.ofSeconds(60), confluent.env());

    long started = System.nanoTime();
    LocalRuntimeApi.Result result =
        invoke(AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES)));

    assertThat(result.succeeded())
        .as("%s %s; log:%n%s", result.errorType(), result.errorBody(), logText())
        .isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    assertThat(trap.requests()).as("requests that reached the other host").isEmpty();
    assertThat(world.zoneId(domain)).isEmpty();
    assertThat(jsonLines()).anySatisfy(l -> assertThat(l.toString()).contains("metadata.next"));
    assertThat(logText()).doesNotContain(ConfluentFake.SECRET);
  }

  @Test
  void aThousandMadeUpIdsBesideALegitimateCreateLeaveTheCreateDoneWithinTheDeadline()
      throws Exception {
    AwsWorld world = new AwsWorld();
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    String[] madeUp =
        IntStream.range(0, 1000)
            .mapToObj(i -> String.format("vpce-0bad%013x", i))
            .toArray(String[]::new);
    start("amplification", Duration.ofSeconds(20), Map.of());

    long started = System.nanoTime();
    LocalRuntimeApi.Result result =
        invoke(
            AwsWorld.sqsBatch(
                world.deleteEvent(madeUp), world.createEvent(vpce, domain, AwsWorld.AZ_NAMES)));

    assertThat(result.succeeded())
        .as("%s %s; log:%n%s", result.errorType(), result.errorBody(), logText())
        .isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("answered within the invocation's 20 s")
        .isLessThan(Duration.ofSeconds(20));
    assertThat(world.answers(domain)).hasSize(4);
    JsonNode response = JSON.readTree(result.body().orElseThrow());
    assertThat(response.path("batchItemFailures").toString()).doesNotContain("msg-2");
  }

  @Test
  void aMarkerAnyoneWhoMayWriteTxtCanComputeLetsTheSweepDeleteNothing() throws Exception {
    AwsWorld world = new AwsWorld();
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    start("forged-seal", Duration.ofSeconds(60), Map.of());
    assertThat(
            invoke(AwsWorld.sqsBatch(world.createEvent(vpce, domain, List.of("us-east-2a"))))
                .succeeded())
        .isTrue();
    String zone = world.zoneId(domain).orElseThrow();
    String name = "*.legacy." + domain;
    RecordSet foreign =
        RecordSet.values(name, RecordType.CNAME, 300, List.of("kafka.partner.example.net"));
    OwnerMarker forged =
        OwnerMarker.of(
                "linkdns-us-east-2", "confluent-aws-dedicated", List.of("vpce-0made0up0000000001"))
            .sealing(foreign);
    write(world, zone, name, "CNAME", "kafka.partner.example.net");
    write(world, zone, "_linkdns-cname-wildcard.legacy." + domain, "TXT", txt(forged));
    Map<String, List<String>> attacked = world.records(domain);

    LocalRuntimeApi.Result swept = invoke(AwsWorld.fixture("eventbridge/scheduled-event.json"));

    assertThat(swept.succeeded())
        .as("%s %s; log:%n%s", swept.errorType(), swept.errorBody(), logText())
        .isTrue();
    assertThat(world.records(domain)).isEqualTo(attacked);
    assertThat(jsonLines())
        .anySatisfy(
            l ->
                assertThat(l.path("notes").toString())
                    .contains("marker for " + name + " CNAME ignored"));
  }

  @Test
  void aTagNamingARegionOfConfluentsPublicNamesCreatesNoZone() throws Exception {
    AwsWorld world = new AwsWorld();
    String shadow = "us-east-2.aws.confluent.cloud";
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", shadow));
    start("shadow", Duration.ofSeconds(60), Map.of());

    LocalRuntimeApi.Result result =
        invoke(AwsWorld.sqsBatch(world.createEvent(vpce, shadow, List.of("us-east-2a"))));

    assertThat(result.succeeded()).as("%s %s", result.errorType(), result.errorBody()).isTrue();
    assertThat(world.zoneId(shadow)).isEmpty();
    assertThat(jsonLines())
        .anySatisfy(
            l -> {
              assertThat(l.path("status").asText()).isEqualTo("REFUSED");
              assertThat(l.toString()).contains(shadow);
            });
  }

  @Test
  void theCommandLineRefusesWhatItDoesNotKnowBeforeWriting() throws Exception {
    AwsWorld world = new AwsWorld();
    String domain = AwsWorld.uniqueDomain();
    world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    for (List<String> args :
        List.of(
            List.of("sweep", "--dryrun", "yes"),
            List.of("sweep", "--dry_run", "true"),
            List.of("sweep", "--dry-run=true", "1"),
            List.of("sweep", "--vpc", world.vpcId))) {
      List<String> command =
          new ArrayList<>(
              List.of(LambdaProcess.currentJava().toString(), "-jar", FUNCTION_JAR.toString()));
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment()
          .putAll(
              Map.of(
                  "AWS_ENDPOINT_URL",
                  AwsEmulator.get().endpoint().toString(),
                  "AWS_REGION",
                  "us-east-2",
                  "AWS_ACCESS_KEY_ID",
                  "test",
                  "AWS_SECRET_ACCESS_KEY",
                  "test"));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("%s: %s", args, out).isEqualTo(2);
      assertThat(out).as("%s", args).containsIgnoringCase("usage: linkdns sweep");
    }
    assertThat(world.zoneId(domain)).isEmpty();
  }

  /** A marker's TXT value as Route 53 takes it: quoted strings. */
  private static String txt(OwnerMarker owner) {
    return String.join(
        " ",
        owner.strings(255).stream()
            .map(s -> '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
            .toList());
  }

  private static void write(AwsWorld world, String zone, String name, String type, String value) {
    world
        .admin
        .route53()
        .changeResourceRecordSets(
            r ->
                r.hostedZoneId(zone)
                    .changeBatch(
                        b ->
                            b.changes(
                                c ->
                                    c.action("CREATE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(name)
                                                    .type(type)
                                                    .ttl(300L)
                                                    .resourceRecords(v -> v.value(value))))));
  }

  private String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  private List<JsonNode> jsonLines() {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logText().split("\n")) {
      if (line.startsWith("{")) {
        try {
          lines.add(JSON.readTree(line));
        } catch (IOException notJson) {
          // the runtime client's own lines
        }
      }
    }
    return lines;
  }

  /** A listener on another loopback address that records whatever reaches it. */
  private static final class Trap implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Trap(HttpServer server) {
      this.server = server;
    }

    static Trap on(String address) throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
      Trap trap = new Trap(server);
      server.createContext(
          "/",
          exchange -> {
            trap.requests.add(
                exchange.getRequestURI()
                    + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
          });
      server.start();
      return trap;
    }

    String hostPort() {
      return server.getAddress().getAddress().getHostAddress()
          + ":"
          + server.getAddress().getPort();
    }

    List<String> requests() {
      return List.copyOf(requests);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
