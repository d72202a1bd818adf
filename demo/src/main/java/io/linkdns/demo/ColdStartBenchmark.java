package io.linkdns.demo;

import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Measures the function's cold start outside AWS, side by side with a minimal Python boto3
 * function: every run starts a fresh process the way Lambda starts one (the real Java runtime
 * interface client with the shaded jar first on the class path, or bench/python's runtime loop),
 * each interpreter's binary executed directly, against the {@link LocalRuntimeApi}, which hands out
 * two CloudTrail CreateVpcEndpoint events as EventBridge delivers them: a fresh tagged 3-AZ
 * endpoint in the run's own VPC (cold), then a second one in the same VPC and process (warm). A run
 * counts when both zones hold exactly what the layout prescribes.
 *
 * <p>Variants: jdk21 (when installed), jdk17 (stands in when not), jdk25, jdk25-aot,
 * jdk25-snapstart, python; round r runs each once, in an order rotated by r. Run from the
 * repository root (bench/cold-start.sh does): {@code ColdStartBenchmark --function-jar JAR --ric
 * DIR --aot FILE --python-dir DIR --out DIR [--rounds N] [--variants "a b"] [--jdk17 HOME] [--jdk21
 * HOME] [--jdk25 HOME] [--python EXE] [--java-extra "opts"]}. Writes OUT/results.tsv and
 * OUT/variant-round.log; prints the summary; exits 1 unless every run was ok.
 */
public final class ColdStartBenchmark {
  /** How long one run may take, init and both invocations. */
  private static final long TIMEOUT_SECONDS = 120;

  private static final List<String> ALL =
      List.of("jdk21", "jdk17", "jdk25", "jdk25-aot", "jdk25-snapstart", "python");

  private ColdStartBenchmark() {}

  /**
   * One run's measurements in milliseconds (NaN when the run did not get that far) and its verdict.
   */
  record Run(
      String variant,
      int round,
      double initMs,
      double restoreMs,
      double invokeMs,
      double warmMs,
      double totalMs,
      double peakRssMib,
      String status,
      boolean wired) {
    boolean ok() {
      return status.equals("ok") && wired;
    }

    String tsv() {
      return String.join(
          "\t",
          variant,
          Integer.toString(round),
          ms(initMs),
          ms(restoreMs),
          ms(invokeMs),
          ms(warmMs),
          ms(totalMs),
          ms(peakRssMib),
          status,
          wired ? "yes" : "no");
    }
  }

  /** What a variant starts: a command line and its environment on top of Lambda's. */
  private record Launch(
      List<String> command, String initType, String javaOptions, Map<String, String> env) {}

  /** One endpoint of the world and its event. */
  private record Target(AwsWorld world, String endpoint, String domain, String event) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unknown argument " + args[i]);
      }
      opt.put(args[i].substring(2), args[i + 1]);
    }
    for (String required : List.of("function-jar", "ric", "aot", "python-dir", "out")) {
      if (!opt.containsKey(required)) {
        throw new IllegalArgumentException(
            "missing --" + required + " (see the class comment for the usage)");
      }
    }
    Path jar = Path.of(opt.get("function-jar")).toAbsolutePath();
    Path ric = Path.of(opt.get("ric")).toAbsolutePath();
    Path aot = Path.of(opt.get("aot")).toAbsolutePath();
    Path pythonDir = Path.of(opt.get("python-dir")).toAbsolutePath();
    Path out = Files.createDirectories(Path.of(opt.get("out")).toAbsolutePath());
    int rounds = Integer.parseInt(opt.getOrDefault("rounds", "5"));
    Optional<Path> jdk21 =
        Optional.ofNullable(opt.get("jdk21")).filter(s -> !s.isBlank()).map(Path::of);
    List<String> variants =
        List.of(
            opt.getOrDefault(
                    "variants",
                    (jdk21.isPresent() ? "jdk21" : "jdk17")
                        + " jdk25 jdk25-aot jdk25-snapstart python")
                .trim()
                .split("\\s+"));
    for (String v : variants) {
      if (!ALL.contains(v)) {
        throw new IllegalArgumentException("unknown variant '" + v + "'; known: " + ALL);
      }
    }
    if (!Files.isRegularFile(jar) || !Files.isDirectory(ric)) {
      throw new IllegalStateException(
          "missing " + jar + " or " + ric + ": build first (bench/cold-start.sh does)");
    }
    if (variants.contains("jdk25-aot") && !Files.isRegularFile(aot)) {
      throw new IllegalStateException("missing " + aot + ": build with -Paot on JDK 25");
    }
    String javaExtra = opt.getOrDefault("java-extra", "").trim();
    String classPath = LambdaProcess.classPath(jar, ric);
    Map<String, Launch> launches = new LinkedHashMap<>();
    for (String v : variants) {
      launches.put(v, launch(v, opt, jdk21, classPath, aot, pythonDir, javaExtra));
    }

    AwsEmulator emulator = AwsEmulator.get();
    String endpoint = emulator.endpoint().toString();
    PrintStream err = System.err;
    err.printf(
        ">> %s at %s; variants %s; %d rounds%n",
        emulator.kind(), endpoint, String.join(" ", variants), rounds);
    launches.forEach(
        (v, l) -> err.printf("   %-16s %s%n", v, String.join(" ", l.command().subList(0, 1))));

    // The world first, so that no run shares the emulator with its own setup: per round and variant
    // one VPC
    // holding that run's two endpoints (every run reads a VPC of the same size).
    Map<String, List<Target>> world = new TreeMap<>();
    for (int r = 1; r <= rounds; r++) {
      for (String v : variants) {
        AwsWorld w = new AwsWorld();
        List<Target> pair = new ArrayList<>();
        for (String kind : List.of("cold", "warm")) {
          String domain = AwsWorld.uniqueDomain();
          String vpce = w.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
          pair.add(new Target(w, vpce, domain, w.createEvent(vpce, domain, AwsWorld.AZ_NAMES)));
        }
        world.put(v + "-" + r, pair);
      }
    }

    List<Run> runs = new ArrayList<>();
    Path tsv = out.resolve("results.tsv");
    Files.writeString(
        tsv,
        "variant\tround\tinit_ms\trestore_ms\tinvoke_ms\twarm_ms\ttotal_ms\tpeak_rss_mib\tstatus\twired\n");
    for (int r = 1; r <= rounds; r++) {
      for (int i = 0; i < variants.size(); i++) {
        String v = variants.get((i + r - 1) % variants.size());
        Run run = run(v, r, launches.get(v), world.get(v + "-" + r), endpoint, out);
        runs.add(run);
        Files.writeString(tsv, run.tsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        err.printf(
            "   %-16s round %d: init %s, 1st %s, warm %s, init+1st %s ms, %s MiB, %s, wired=%s%n",
            v,
            r,
            ms(run.initMs()),
            ms(run.invokeMs()),
            ms(run.warmMs()),
            ms(run.totalMs()),
            ms(run.peakRssMib()),
            run.status(),
            run.wired() ? "yes" : "no");
      }
    }
    err.println(">> load: " + Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.print(
        summary(runs, variants, jar, aot, pythonDir.resolve("linkdns_min.py"), jdk21.isPresent()));
    System.exit(
        runs.stream().allMatch(Run::ok) ? 0 : 1); // the emulator's reader threads are not daemons
  }

  private static Launch launch(
      String v,
      Map<String, String> opt,
      Optional<Path> jdk21,
      String classPath,
      Path aot,
      Path pythonDir,
      String javaExtra)
      throws IOException, InterruptedException {
    String java = LambdaProcess.JAVA_OPTIONS + (javaExtra.isEmpty() ? "" : " " + javaExtra);
    List<String> ricMain = List.of("-cp", classPath, LambdaProcess.RIC_MAIN, LambdaProcess.HANDLER);
    return switch (v) {
      case "jdk17" ->
          new Launch(
              javaCommand(
                  Path.of(opt.getOrDefault("jdk17", "/usr/lib/jvm/java-17-openjdk-amd64")),
                  ricMain),
              "on-demand",
              java,
              Map.of());
      case "jdk21" ->
          new Launch(
              javaCommand(
                  jdk21.orElseThrow(() -> new IllegalStateException("no JDK 21 given (--jdk21)")),
                  ricMain),
              "on-demand",
              java,
              Map.of());
      case "jdk25" -> new Launch(javaCommand(jdk25(opt), ricMain), "on-demand", java, Map.of());
      // ArchiveRelocationMode=0: map the cache at its own base address instead of relocating all of
      // it, as
      // aws-function/Dockerfile does; AOTMode=on: a cache the JVM cannot use fails the run instead
      // of being ignored
      case "jdk25-aot" ->
          new Launch(
              javaCommand(jdk25(opt), ricMain),
              "on-demand",
              java
                  + " -XX:AOTCache="
                  + aot
                  + " -XX:AOTMode=on -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0",
              Map.of());
      // how Lambda's java runtime connects org.crac to its own checkpoint context; no snapshot is
      // taken here
      case "jdk25-snapstart" ->
          new Launch(
              javaCommand(jdk25(opt), ricMain),
              "snap-start",
              java + " -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
              Map.of());
      case "python" ->
          new Launch(
              List.of(python(opt).toString(), pythonDir.resolve("bootstrap.py").toString()),
              "on-demand",
              "",
              Map.of(
                  "_HANDLER",
                  "linkdns_min.handler",
                  "AWS_EXECUTION_ENV",
                  "AWS_Lambda_python",
                  "PYTHONDONTWRITEBYTECODE",
                  "1"));
      default -> throw new IllegalArgumentException("unknown variant " + v);
    };
  }

  private static Path jdk25(Map<String, String> opt) {
    return Path.of(opt.getOrDefault("jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
  }

  /** The JDK's own java binary, not a chain of alternatives links. */
  private static List<String> javaCommand(Path home, List<String> rest) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin").resolve("java").toRealPath().toString());
    command.addAll(rest);
    return command;
  }

  /**
   * The Python interpreter's own binary, resolved once: python3 on PATH may be a pyenv shim (a bash
   * script costing 60-130 ms before Python starts), which Lambda's Python runtime never pays. A
   * virtual environment's python is kept where it is: it finds the environment's packages (boto3)
   * by its location.
   */
  private static Path python(Map<String, String> opt) throws IOException, InterruptedException {
    if (opt.containsKey("python")) {
      return Path.of(opt.get("python"));
    }
    Process p =
        new ProcessBuilder(
                "python3",
                "-c",
                "import sys; print(sys.executable); print(sys.prefix != sys.base_prefix)")
            .redirectErrorStream(true)
            .start();
    List<String> lines =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    if (p.waitFor() != 0 || lines.size() != 2) {
      throw new IllegalStateException(
          "python3 -c 'import sys; print(sys.executable)' failed: " + lines);
    }
    Path executable = Path.of(lines.get(0));
    return lines.get(1).equals("True") ? executable : executable.toRealPath();
  }

  private static Run run(
      String v, int round, Launch launch, List<Target> targets, String awsEndpoint, Path out)
      throws Exception {
    Path task = Files.createDirectories(out.resolve("task"));
    Path log = out.resolve(v + "-" + round + ".log");
    double init = Double.NaN;
    double restore = Double.NaN;
    double invoke = Double.NaN;
    double warm = Double.NaN;
    double total = Double.NaN;
    String status;
    double rss;
    try (LocalRuntimeApi api = LocalRuntimeApi.start()) {
      api.warmUp();
      Map<String, String> env =
          LambdaProcess.environment(
              api.address(), awsEndpoint, task, launch.initType(), launch.javaOptions());
      env.put("LINKDNS_LAYOUT", "confluent-aws-dedicated");
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench-" + v + "-" + round);
      env.putAll(launch.env());
      if (launch.javaOptions().isEmpty()) {
        env.remove("JAVA_TOOL_OPTIONS");
      }
      CompletableFuture<LocalRuntimeApi.Result> cold = api.invoke(targets.get(0).event());
      CompletableFuture<LocalRuntimeApi.Result> second = api.invoke(targets.get(1).event());
      long start = System.nanoTime();
      Process child = LambdaProcess.start(launch.command(), env, task, log);
      try {
        status = await(second, api, child);
        rss = peakRssMib(child.pid());
      } finally {
        // stopped before the API closes, so that the runtime does not log a failed /next
        child.destroy();
        if (!child.waitFor(5, TimeUnit.SECONDS)) {
          child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
      if (api.firstNext().isDone()) {
        init = (api.firstNext().join() - start) / 1e6;
      }
      if (api.firstRestore().isDone()) {
        restore = (api.firstRestore().join() - start) / 1e6;
      }
      if (status.equals("ok")) {
        LocalRuntimeApi.Result first = cold.join();
        LocalRuntimeApi.Result next = second.join();
        if (!first.succeeded() || !next.succeeded()) {
          status = "error";
          Files.writeString(
              log,
              "\nBENCH " + (first.succeeded() ? next : first) + "\n",
              StandardOpenOption.APPEND);
        } else {
          invoke = first.duration().toNanos() / 1e6;
          warm = next.duration().toNanos() / 1e6;
          total = (first.completedNanos() - start) / 1e6;
        }
      }
    }
    boolean wired = targets.stream().allMatch(ColdStartBenchmark::wired);
    return new Run(v, round, init, restore, invoke, warm, total, rss, status, wired);
  }

  /** Waits for the last invocation, the runtime's init error or its exit, whichever comes first. */
  private static String await(
      CompletableFuture<LocalRuntimeApi.Result> last, LocalRuntimeApi api, Process child)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (last.isDone()) {
        return last.isCompletedExceptionally() ? "error" : "ok";
      }
      if (api.initError().isDone()) {
        return "init_error";
      }
      if (!child.isAlive()) {
        return "exited(" + child.exitValue() + ")";
      }
      try {
        last.get(20, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        // checked again above
      }
    }
    return "timeout";
  }

  /**
   * Exactly *.domain CNAME -> the regional name and *.az-id.domain CNAME -> each zonal name, read
   * back.
   */
  private static boolean wired(Target t) {
    try {
      return t.world().answers(t.domain()).equals(expected(t));
    } catch (AssertionError noZone) {
      return false;
    }
  }

  private static Map<String, List<String>> expected(Target t) {
    Map<String, List<String>> expected = new TreeMap<>();
    expected.put("*." + t.domain() + " CNAME", List.of(t.world().regionalName(t.endpoint())));
    for (String az : AwsWorld.AZ_NAMES) {
      expected.put(
          "*." + t.world().azIdByName.get(az) + "." + t.domain() + " CNAME",
          List.of(t.world().zonalName(t.endpoint(), az)));
    }
    return expected;
  }

  /** VmHWM of the child (Linux), read before it is stopped. */
  private static double peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or already gone
    }
    return Double.NaN;
  }

  /**
   * Medians per variant, Java over Python by medians and paired by round, and the artifacts' sizes.
   */
  static String summary(
      List<Run> runs, List<String> variants, Path jar, Path aot, Path python, boolean jdk21)
      throws IOException {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-16s %5s %8s %10s %6s %9s %9s %7s%n",
            "variant",
            "ok",
            "init ms",
            "1st invoke",
            "warm",
            "init+1st",
            "vs python",
            "RSS MiB"));
    double pythonTotal = median(runs, "python", Run::totalMs);
    for (String v : variants) {
      long ok = runs.stream().filter(r -> r.variant().equals(v) && r.ok()).count();
      long n = runs.stream().filter(r -> r.variant().equals(v)).count();
      double total = median(runs, v, Run::totalMs);
      // a SnapStart instance starts from the snapshot: its init is not on the event's path, its 1st
      // invoke is
      String ratio =
          variants.contains("python") && !v.equals("jdk25-snapstart")
              ? String.format(Locale.ROOT, "%.2fx", total / pythonTotal)
              : "-";
      s.append(
          String.format(
              Locale.ROOT,
              "%-16s %2d/%-2d %8.0f %10.0f %6.0f %9.0f %9s %7.0f%n",
              v,
              ok,
              n,
              median(runs, v, Run::initMs),
              median(runs, v, Run::invokeMs),
              median(runs, v, Run::warmMs),
              total,
              ratio,
              median(runs, v, Run::peakRssMib)));
    }
    if (variants.contains("python")) {
      for (String v : variants) {
        if (v.equals("python") || v.equals("jdk25-snapstart")) {
          continue;
        }
        List<Double> pairs = new ArrayList<>();
        for (Run a : runs) {
          for (Run b : runs) {
            if (a.variant().equals(v)
                && b.variant().equals("python")
                && a.round() == b.round()
                && a.ok()
                && b.ok()) {
              pairs.add(a.totalMs() / b.totalMs());
            }
          }
        }
        if (!pairs.isEmpty()) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "paired init+1st %s / python: median %.2fx over %d rounds%n",
                  v,
                  median(pairs.stream().mapToDouble(Double::doubleValue).toArray()),
                  pairs.size()));
        }
      }
    }
    long jarBytes = Files.size(jar);
    long aotBytes = Files.isRegularFile(aot) ? Files.size(aot) : 0;
    s.append(
        String.format(
            Locale.ROOT,
            "function jar: %d bytes (%.1f MiB); AOT cache: %d bytes (%.1f MiB); "
                + "python function: %d bytes (boto3 comes with the runtime)%n",
            jarBytes,
            jarBytes / 1048576.0,
            aotBytes,
            aotBytes / 1048576.0,
            Files.size(python)));
    if (!jdk21) {
      s.append("no JDK 21 given: jdk17 stands in for Lambda's java21\n");
    }
    return s.toString();
  }

  private static double median(List<Run> runs, String variant, ToDoubleFunction<Run> field) {
    return median(
        runs.stream()
            .filter(r -> r.variant().equals(variant) && r.ok())
            .mapToDouble(field)
            .filter(d -> !Double.isNaN(d))
            .toArray());
  }

  private static double median(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double[] sorted = xs.clone();
    java.util.Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static String ms(double value) {
    return Double.isNaN(value) ? "NA" : String.format(Locale.ROOT, "%.1f", value);
  }
}
