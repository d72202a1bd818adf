package io.linkdns.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Trains the function's AOT cache (JDK 25: JEP 483 class loading and linking, 514 ergonomics, 515
 * method profiles). The shaded function jar runs as Lambda runs it ({@link LambdaProcess}: the real
 * runtime client, the handler built from the environment) in a child JVM started with {@code
 * -XX:AOTCacheOutput}, against moto (with linkdns's fidelity patches), and handles the deployed
 * kinds of event: an endpoint created, modified, a managed record deleted by someone else (drift),
 * the scheduled sweep, the endpoint deleted. Every response is checked. The child then stops
 * through the JVM's orderly shutdown (SIGTERM, as Lambda ends an execution environment), which is
 * when the JVM writes the cache.
 *
 * <p>The training class path is the production one (function jar first, then the runtime client); a
 * production class path that starts with the same jars uses the cache.
 *
 * <p>Usage: {@code AotTraining --function-jar JAR --ric DIR --out FILE [--java-options "..."]}
 */
public final class AotTraining {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    Path functionJar = null;
    Path ric = null;
    Path out = null;
    String javaOptions = LambdaProcess.JAVA_OPTIONS;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--function-jar" -> functionJar = Path.of(args[i + 1]);
        case "--ric" -> ric = Path.of(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]).toAbsolutePath().normalize();
        case "--java-options" -> javaOptions = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (functionJar == null || ric == null || out == null) {
      throw new IllegalArgumentException(
          "usage: AotTraining --function-jar JAR --ric DIR --out FILE [--java-options OPTS]");
    }
    if (Runtime.version().feature() < 25) {
      System.err.println(
          "linkdns AOT training: the AOT cache needs JDK 25 or later (run Maven with JAVA_HOME on one);"
              + " this is "
              + Runtime.version());
      System.exit(2);
    }
    if (!Files.isRegularFile(functionJar)) {
      throw new IllegalStateException(
          "no function jar at " + functionJar.toAbsolutePath() + ": package aws-function first");
    }
    Files.deleteIfExists(out);
    Path work = Files.createDirectories(out.getParent().resolve("aot-training"));
    Path log = work.resolve("function.log");

    AwsWorld world = new AwsWorld();
    String endpoint = AwsEmulator.get().endpoint().toString();
    long started = System.nanoTime();
    try (LocalRuntimeApi api = LocalRuntimeApi.start()) {
      Map<String, String> env =
          LambdaProcess.environment(
              api.address(),
              endpoint,
              work.resolve("task"),
              "on-demand",
              javaOptions + " -XX:AOTCacheOutput=" + out);
      Process child =
          LambdaProcess.start(
              LambdaProcess.currentJava(),
              LambdaProcess.classPath(functionJar, ric),
              env,
              work.resolve("task"),
              log,
              List.of());
      try {
        train(world, api);
      } finally {
        child.destroy();
        if (!child.waitFor(300, TimeUnit.SECONDS)) {
          child.destroyForcibly();
          throw new IllegalStateException(
              "the training JVM did not finish writing the cache in 300 s; see " + log);
        }
      }
    }
    if (!Files.isRegularFile(out) || Files.size(out) == 0) {
      throw new IllegalStateException(
          "the training JVM wrote no AOT cache at " + out + "; see " + log);
    }
    System.out.printf(
        "[linkdns] AOT cache %s: %d bytes, trained in %.1f s on %s (java %s; options: %s)%n",
        out,
        Files.size(out),
        (System.nanoTime() - started) / 1e9,
        functionJar.getFileName(),
        Runtime.version(),
        javaOptions);
    System.exit(0); // the emulator's reader threads are not daemons
  }

  /** The five kinds of event, each checked by what the zone holds afterwards. */
  private static void train(AwsWorld world, LocalRuntimeApi api) throws Exception {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));

    expectNoFailures(
        "create",
        api.invoke(AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES))));
    require(
        world.answers(domain).size() == 4,
        "create: 4 records in " + domain + ", found " + world.answers(domain));

    world.modifyEndpoint(vpce, List.of(), List.of("us-east-2c"));
    expectNoFailures(
        "modify",
        api.invoke(AwsWorld.sqsBatch(world.modifyEvent(vpce, List.of(), List.of("us-east-2c")))));
    require(
        world.answers(domain).size() == 3,
        "modify: 3 records in " + domain + ", found " + world.answers(domain));

    String zone = world.zoneId(domain).orElseThrow();
    String victim = "*." + world.azIdByName.get("us-east-2a") + "." + domain;
    String value = world.zonalName(vpce, "us-east-2a");
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
                                    c.action("DELETE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(victim)
                                                    .type("CNAME")
                                                    .ttl(60L)
                                                    .resourceRecords(v -> v.value(value))))));
    expectNoFailures(
        "drift", api.invoke(AwsWorld.sqsBatch(world.recordChangeEvent(zone, victim + ".", value))));
    require(world.answers(domain).containsKey(victim + " CNAME"), "drift: " + victim + " restored");

    expectNoFailures("sweep", api.invoke("{\"linkdns\":\"sweep\"}"));

    world.deleteEndpoints(vpce);
    expectNoFailures("delete", api.invoke(AwsWorld.sqsBatch(world.deleteEvent(vpce))));
    require(
        world.answers(domain).isEmpty(),
        "delete: no records left in " + domain + ", found " + world.answers(domain));
  }

  private static void expectNoFailures(
      String what, CompletableFuture<LocalRuntimeApi.Result> pending) throws Exception {
    LocalRuntimeApi.Result result = pending.get(120, TimeUnit.SECONDS);
    require(
        result.succeeded(),
        what
            + ": the function failed: "
            + result.errorType().orElse("")
            + " "
            + result.errorBody().orElse(""));
    JsonNode body = JSON.readTree(result.body().orElseThrow());
    require(
        body.path("batchItemFailures").isEmpty(),
        what + ": messages returned to the queue: " + body);
    System.out.printf(
        "[linkdns] training %-6s %5d ms  %s%n", what, result.duration().toMillis(), body);
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("AOT training check failed: " + what);
    }
  }
}
