import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cold start, measured: a minimal AWS Lambda Runtime API on 127.0.0.1:<free port> that starts
 * the given command (a fresh JVM running the runtime interface client) with
 * AWS_LAMBDA_RUNTIME_API pointing at itself, serves it the given events one per /next, in order, and
 * reports
 *
 *   init_ms    process start -> first GET /runtime/invocation/next (JVM boot, runtime client, handler
 *              class loading and the handler's construction: what Lambda bills as Init Duration)
 *   restore_ms process start -> GET /runtime/restore/next, when the runtime is started as a SnapStart
 *              init (its beforeCheckpoint hooks have run by then); NA otherwise
 *   invoke_ms  first event handed out by /next -> its POST .../response (the cold first invocation)
 *   warmN_ms   the same for event N+1 in the same JVM (warm invocations, for comparison)
 *   total_ms   process start -> response to the first event
 *
 * JDK 17 single-file launch:
 *   java bench/LocalRuntime.java --event E1.json [--event E2.json]... --log CHILD.log [--dir WORKDIR]
 *        [-e KEY=VALUE]... -- COMMAND...
 *
 * Prints one line: RESULT init_ms=.. invoke_ms=.. [warm1_ms=..] total_ms=.. peak_rss_mib=..
 * status=ok|error|init_error|timeout|exited(N), then "RESPONSE <body>" per answered event. Exit code 0
 * only when every invocation succeeded.
 */
public class LocalRuntime {
  public static void main(String[] args) throws Exception {
    List<Path> events = new ArrayList<>();
    Path log = Path.of("child.log");
    File dir = new File(".");
    Map<String, String> env = new LinkedHashMap<>();
    List<String> command = new ArrayList<>();
    long timeoutSeconds = 120;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--event" -> events.add(Path.of(args[++i]));
        case "--log" -> log = Path.of(args[++i]);
        case "--dir" -> dir = new File(args[++i]);
        case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
        case "-e" -> {
          String kv = args[++i];
          int eq = kv.indexOf('=');
          env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--" -> {
          command.addAll(List.of(args).subList(i + 1, args.length));
          i = args.length;
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (events.isEmpty() || command.isEmpty()) {
      throw new IllegalArgumentException("usage: --event FILE --log FILE [--dir DIR] [-e K=V]... -- COMMAND...");
    }
    List<byte[]> bodies = new ArrayList<>();
    for (Path e : events) {
      bodies.add(Files.readAllBytes(e));
    }
    int count = bodies.size();
    String[] requestIds = new String[count];
    long[] served = new long[count];
    long[] answered = new long[count];
    for (int i = 0; i < count; i++) {
      requestIds[i] = UUID.randomUUID().toString();
    }
    AtomicInteger nextIndex = new AtomicInteger();
    CompletableFuture<Long> firstNext = new CompletableFuture<>();
    CompletableFuture<Long> restored = new CompletableFuture<>();
    CompletableFuture<String[]> outcome = new CompletableFuture<>(); // {status, last body, nanos}
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<String> responses = new java.util.concurrent.CopyOnWriteArrayList<>();

    // Answer each request in one go: with Nagle's algorithm a response's body can wait for the ACK of
    // its headers, which the client may delay by up to 40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/2018-06-01/runtime/", ex -> {
      long now = System.nanoTime();
      try (ex) {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String errorType = ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        if (path.endsWith("/restore/next")) {
          // SnapStart init: the runtime ran its beforeCheckpoint hooks; the "restore" follows at once.
          restored.complete(now);
          send(ex, 200, new byte[0]);
          return;
        }
        if (path.endsWith("/invocation/next")) {
          firstNext.complete(now);
          int i = nextIndex.getAndIncrement();
          if (i >= count) {
            done.join(); // nothing more to serve: this poll waits until the process is stopped
            return;
          }
          var h = ex.getResponseHeaders();
          h.set("Content-Type", "application/json");
          h.set("Lambda-Runtime-Aws-Request-Id", requestIds[i]);
          h.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
          h.set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-2:123456789012:function:linkdns");
          h.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
              + "-" + requestIds[i].replace("-", "").substring(0, 24) + ";Parent=0123456789abcdef;Sampled=0");
          served[i] = System.nanoTime();
          send(ex, 200, bodies.get(i));
          return;
        }
        int i = indexOf(requestIds, path);
        if (i >= 0 && path.endsWith("/response")) {
          answered[i] = now;
          responses.add(body);
          send(ex, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
          if (i == count - 1) {
            outcome.complete(new String[] {"ok", body, Long.toString(now)});
          }
        } else if (i >= 0 && path.endsWith("/error")) {
          answered[i] = now;
          send(ex, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
          outcome.complete(new String[] {"error", errorType + " " + body, Long.toString(now)});
        } else if (path.endsWith("/init/error")) {
          send(ex, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
          outcome.complete(new String[] {"init_error", errorType + " " + body, Long.toString(now)});
        } else {
          send(ex, 404, ("{\"errorType\":\"NotFound\",\"errorMessage\":\"" + path + "\"}")
              .getBytes(StandardCharsets.UTF_8));
        }
      }
    });
    server.start();
    env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
    warm(server);

    ProcessBuilder pb = new ProcessBuilder(command).directory(dir).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process child = pb.start();
    child.onExit().thenRun(() -> outcome.complete(new String[] {"exited(" + child.exitValue() + ")", "", Long.toString(System.nanoTime())}));

    String[] result;
    try {
      result = outcome.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      result = new String[] {"timeout", "", Long.toString(System.nanoTime())};
    }
    String peakRss = peakRssMib(child.pid());
    child.destroy(); // before releasing the waiting poll, so the runtime does not log a failed /next
    if (!child.waitFor(5, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    done.complete(null);
    server.stop(0);

    boolean ok = result[0].equals("ok");
    StringBuilder line = new StringBuilder("RESULT");
    line.append(" init_ms=").append(firstNext.isDone() ? ms(firstNext.join() - start) : "NA");
    line.append(" restore_ms=").append(restored.isDone() ? ms(restored.join() - start) : "NA");
    line.append(" invoke_ms=").append(ok ? ms(answered[0] - served[0]) : "NA");
    for (int i = 1; i < count; i++) {
      line.append(" warm").append(i).append("_ms=").append(ok ? ms(answered[i] - served[i]) : "NA");
    }
    line.append(" total_ms=").append(ok ? ms(answered[0] - start) : "NA");
    line.append(" peak_rss_mib=").append(peakRss).append(" status=").append(result[0]);
    System.out.println(line);
    for (String r : ok ? responses : List.of(result[1])) {
      System.out.println("RESPONSE " + r.replace('\n', ' '));
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * This JVM is as cold as the function's: its server's first responses (the Date header's formatter,
   * the response path's classes) would take tens of milliseconds, counted against the function's first
   * invocation. Lambda's Runtime API is a warm native server, so the server answers a few requests
   * of both kinds (a GET, a POST with a body) before the function starts.
   */
  private static void warm(HttpServer server) throws IOException {
    for (int i = 0; i < 20; i++) {
      for (String method : List.of("GET", "POST")) {
        var c = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:" + server.getAddress().getPort()
            + "/2018-06-01/runtime/invocation/warm-up/" + method.toLowerCase()).openConnection();
        c.setRequestMethod(method);
        if (method.equals("POST")) {
          c.setDoOutput(true);
          c.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        }
        c.getResponseCode();
        c.getErrorStream().readAllBytes();
      }
    }
  }

  private static int indexOf(String[] requestIds, String path) {
    for (int i = 0; i < requestIds.length; i++) {
      if (path.contains("/invocation/" + requestIds[i] + "/")) {
        return i;
      }
    }
    return -1;
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static String ms(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
  }

  /** VmHWM of the child (Linux), read before it is stopped. */
  private static String peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(java.util.Locale.ROOT, "%.0f", kb / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or already gone
    }
    return "NA";
  }
}
