package io.linkdns.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one local AWS Lambda Runtime API (version 2018-06-01) on loopback, for running a Lambda
 * runtime (the real Java runtime interface client, or the benchmark's Python loop) against linkdns
 * outside Lambda: the tests, the AOT training and the cold-start benchmark all use it.
 *
 * <ul>
 *   <li>GET /2018-06-01/runtime/invocation/next blocks until an event is queued with {@link
 *       #invoke} and answers with the event and the Lambda-Runtime-* headers;
 *   <li>POST /2018-06-01/runtime/invocation/{id}/response and .../{id}/error complete that
 *       invocation;
 *   <li>POST /2018-06-01/runtime/init/error records an initialisation failure ({@link
 *       #initError()});
 *   <li>GET /2018-06-01/runtime/restore/next (a SnapStart init, after the checkpoint hooks) answers
 *       at once.
 * </ul>
 *
 * One invocation is handed out per /next call, in the order queued; a runtime may hold several
 * /next calls open at once (multi-concurrency), each gets its own event. Instants it reports are
 * {@link System#nanoTime()} readings, so that a benchmark can subtract them from its own.
 */
public final class LocalRuntimeApi implements AutoCloseable {
  public static final String FUNCTION_ARN =
      "arn:aws:lambda:us-east-2:123456789012:function:linkdns";
  private static final String PREFIX = "/2018-06-01/runtime/";
  private static final Pattern INVOCATION =
      Pattern.compile("^/2018-06-01/runtime/invocation/([^/]+)/(response|error)$");

  /**
   * How an invocation ended; {@code servedNanos} and {@code completedNanos} are {@link
   * System#nanoTime()} readings.
   */
  public record Result(
      String requestId,
      long servedNanos,
      long completedNanos,
      Optional<String> body,
      Optional<String> errorType,
      Optional<String> errorBody) {

    public boolean succeeded() {
      return body.isPresent();
    }

    /**
     * Served by /next until the response or error arrived: the handler's time plus the runtime's
     * overhead.
     */
    public Duration duration() {
      return Duration.ofNanos(completedNanos - servedNanos);
    }
  }

  private record Pending(String requestId, String event, CompletableFuture<Result> result) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Duration timeout;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Long> servedAt = new ConcurrentHashMap<>();
  private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
  private final CompletableFuture<Long> firstRestore = new CompletableFuture<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();
  private final AtomicInteger nextCalls = new AtomicInteger();
  private final AtomicInteger restoreCalls = new AtomicInteger();
  private volatile boolean closed;

  static {
    // Answer each request in one go: with Nagle's algorithm a response's body can wait for the ACK
    // of its
    // headers, which the client may delay by up to 40 ms, counted against the function. Read once,
    // when
    // the JDK's server is first used in this JVM.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private LocalRuntimeApi(Duration timeout) throws IOException {
    this.timeout = timeout;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // /next blocks its thread while waiting for an event: the server needs more than its
    // dispatcher.
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "local-runtime-api");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(PREFIX, this::route);
    server.start();
  }

  /**
   * Starts on 127.0.0.1 at a free port; invocations get a 300 s deadline (the template's Timeout).
   */
  public static LocalRuntimeApi start() throws IOException {
    return new LocalRuntimeApi(Duration.ofSeconds(300));
  }

  public static LocalRuntimeApi start(Duration timeout) throws IOException {
    return new LocalRuntimeApi(timeout);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The value for AWS_LAMBDA_RUNTIME_API: host:port, no scheme. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** Queues one event; the future completes when the runtime posts its response or error. */
  public CompletableFuture<Result> invoke(String eventJson) {
    Pending p = new Pending(UUID.randomUUID().toString(), eventJson, new CompletableFuture<>());
    if (closed) {
      p.result.completeExceptionally(new IllegalStateException("runtime API closed"));
      return p.result;
    }
    if (initError.isDone()) {
      p.result.completeExceptionally(
          new IllegalStateException("runtime reported an init error: " + initError.join()));
      return p.result;
    }
    queue.add(p);
    return p.result;
  }

  /**
   * When ({@link System#nanoTime()}) the runtime first asked for an invocation, i.e. finished its
   * init.
   */
  public CompletableFuture<Long> firstNext() {
    return firstNext;
  }

  /**
   * When ({@link System#nanoTime()}) the runtime first asked for a SnapStart restore: its
   * checkpoint hooks had run.
   */
  public CompletableFuture<Long> firstRestore() {
    return firstRestore;
  }

  /**
   * Answers a few requests of both kinds (a GET, a POST with a body) on a route no runtime uses.
   * This JVM may be as cold as the function's, and its server's first answers (the Date header's
   * formatter, the response path's classes) would take tens of milliseconds counted against the
   * function; Lambda's Runtime API is a warm native server.
   */
  public void warmUp() throws IOException {
    for (int i = 0; i < 20; i++) {
      for (String method : List.of("GET", "POST")) {
        var c =
            (HttpURLConnection)
                new URL(
                        "http://"
                            + address()
                            + PREFIX
                            + "warm-up/"
                            + method.toLowerCase(java.util.Locale.ROOT))
                    .openConnection();
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

  /** The body the runtime posted to /runtime/init/error, if it ever does. */
  public CompletableFuture<String> initError() {
    return initError;
  }

  /** How many times the runtime has called /next so far (including a call still waiting). */
  public int nextCalls() {
    return nextCalls.get();
  }

  /** How many times the runtime has asked for a SnapStart restore (once per SnapStart init). */
  public int restoreCalls() {
    return restoreCalls.get();
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    IllegalStateException gone =
        new IllegalStateException("runtime API closed before the invocation completed");
    queue.forEach(p -> p.result.completeExceptionally(gone));
    inFlight.values().forEach(p -> p.result.completeExceptionally(gone));
  }

  // ---- HTTP

  private void route(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals(PREFIX + "invocation/next") && method.equals("GET")) {
        next(ex);
        return;
      }
      if (path.equals(PREFIX + "restore/next") && method.equals("GET")) {
        // A SnapStart init: the runtime ran its beforeCheckpoint hooks and waits here for the
        // restore,
        // which in this local API follows at once (same process, no snapshot taken).
        firstRestore.complete(System.nanoTime());
        restoreCalls.incrementAndGet();
        send(ex, 200, "");
        return;
      }
      if (path.equals(PREFIX + "init/error") && method.equals("POST")) {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type =
            Optional.ofNullable(
                    ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"))
                .orElse("");
        initError.complete(type.isEmpty() ? body : type + " " + body);
        IllegalStateException failed =
            new IllegalStateException("runtime reported an init error: " + initError.join());
        for (Pending p; (p = queue.poll()) != null; ) {
          p.result.completeExceptionally(failed);
        }
        send(ex, 202, "{\"status\":\"OK\"}");
        return;
      }
      Matcher m = INVOCATION.matcher(path);
      if (m.matches() && method.equals("POST")) {
        complete(ex, m.group(1), m.group(2).equals("error"));
        return;
      }
      send(
          ex,
          404,
          "{\"errorMessage\":\"no route for "
              + method
              + " "
              + path
              + "\",\"errorType\":\"NotFound\"}");
    }
  }

  private void next(HttpExchange ex) throws IOException {
    firstNext.complete(System.nanoTime());
    nextCalls.incrementAndGet();
    Pending p;
    try {
      do {
        p = queue.poll(200, TimeUnit.MILLISECONDS);
      } while (p == null && !closed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (p == null) {
      return; // closing: the runtime sees the connection drop
    }
    long served = System.nanoTime();
    servedAt.put(p.requestId, served);
    inFlight.put(p.requestId, p);
    var h = ex.getResponseHeaders();
    h.set("Content-Type", "application/json");
    h.set("Lambda-Runtime-Aws-Request-Id", p.requestId);
    h.set("Lambda-Runtime-Deadline-Ms", Long.toString(Instant.now().plus(timeout).toEpochMilli()));
    h.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
    h.set("Lambda-Runtime-Trace-Id", traceId(Instant.now()));
    try {
      send(ex, 200, p.event);
    } catch (IOException e) {
      inFlight.remove(p.requestId);
      p.result.completeExceptionally(
          new IllegalStateException("runtime dropped /next before reading the event", e));
      throw e;
    }
  }

  private void complete(HttpExchange ex, String requestId, boolean error) throws IOException {
    long completed = System.nanoTime();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Pending p = inFlight.remove(requestId);
    if (p == null) {
      send(
          ex,
          400,
          "{\"errorMessage\":\"unknown or already completed request id "
              + requestId
              + "\",\"errorType\":\"InvalidRequestID\"}");
      return;
    }
    long served = servedAt.remove(requestId);
    Result r =
        error
            ? new Result(
                requestId,
                served,
                completed,
                Optional.empty(),
                Optional.ofNullable(
                    ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")),
                Optional.of(body))
            : new Result(
                requestId,
                served,
                completed,
                Optional.of(body),
                Optional.empty(),
                Optional.empty());
    send(ex, 202, "{\"status\":\"OK\"}");
    p.result.complete(r);
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** An X-Ray style trace header: Root=1-{epoch seconds hex}-{96 bits hex};Parent=..;Sampled=0. */
  private static String traceId(Instant now) {
    String hex = UUID.randomUUID().toString().replace("-", "");
    return "Root=1-"
        + Long.toHexString(now.getEpochSecond())
        + "-"
        + hex.substring(0, 24)
        + ";Parent="
        + hex.substring(16, 32)
        + ";Sampled=0";
  }
}
