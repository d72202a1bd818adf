package io.linkdns.core.testing.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * An in-process stand-in for the parts of Confluent Cloud's REST API linkdns reads, following the
 * public API reference: HTTP Basic with a Cloud API key (401 with an errors envelope otherwise),
 * list envelopes {@code {"api_version","kind","metadata":{"first","next"},"data"}} paged by {@code
 * page_size} / {@code page_token}, the {@code environment} parameter required on networking lists
 * (400 without), and injectable 429 (with Retry-After) and 5xx answers. Resources are the fixtures
 * under {@code confluent/}, filed by their {@code kind}.
 */
public final class ConfluentFake implements AutoCloseable {
  public static final String KEY = "ABCDEFGHIJKLMNOP";
  public static final String SECRET = "s3cr3t/never+logged";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> KINDS =
      Map.of(
          "/org/v2/environments", "Environment",
          "/networking/v1/networks", "Network",
          "/networking/v1/private-link-attachments", "PrivateLinkAttachment",
          "/networking/v1/private-link-attachment-connections", "PrivateLinkAttachmentConnection",
          "/networking/v1/access-points", "AccessPoint");

  /** One request as the fake saw it. */
  public record Request(String path, Map<String, String> query, int status) {}

  /** An answer to give instead of the real one. */
  private record Fault(int status, Optional<String> retryAfter) {}

  private final HttpServer server;
  private final Map<String, List<JsonNode>> resources = new LinkedHashMap<>();
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private volatile int maxPageSize = 100;
  private volatile UnaryOperator<String> nextAs = UnaryOperator.identity();
  private volatile boolean endless;
  private volatile Duration delay = Duration.ZERO;
  private volatile long hugeBody = -1;
  private volatile boolean declareLength;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "confluent-fake");
            t.setDaemon(true);
            return t;
          });

  private ConfluentFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
    KINDS.values().forEach(k -> resources.put(k, new ArrayList<>()));
  }

  public static ConfluentFake start() {
    try {
      return new ConfluentFake();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The settings a function needs to reach this fake with the right key. */
  public Map<String, String> env() {
    return Map.of(
        "LINKDNS_CONFLUENT_API_URL",
        url(),
        "LINKDNS_CONFLUENT_API_KEY",
        KEY,
        "LINKDNS_CONFLUENT_API_SECRET",
        SECRET);
  }

  /** Adds a resource from a fixture, {{name}} placeholders replaced by the given pairs. */
  public ConfluentFake add(String fixture, String... pairs) {
    String text = fixture("confluent/" + fixture + ".json");
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      text = text.replace("{{" + pairs[i] + "}}", pairs[i + 1]);
    }
    if (text.contains("{{")) {
      throw new IllegalArgumentException("fixture " + fixture + " has placeholders left: " + text);
    }
    try {
      return add(JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized ConfluentFake add(JsonNode resource) {
    String kind = resource.path("kind").asText();
    List<JsonNode> list = resources.get(kind);
    if (list == null) {
      throw new IllegalArgumentException("the fake serves no kind " + kind);
    }
    list.add(resource);
    return this;
  }

  /** Pages hold at most this many items, whatever page_size asks. */
  public ConfluentFake maxPageSize(int n) {
    maxPageSize = n;
    return this;
  }

  /**
   * Hostile paging: {@code metadata.next} as this function makes it from the link the fake would
   * give.
   */
  public ConfluentFake nextAs(UnaryOperator<String> rewrite) {
    nextAs = rewrite;
    return this;
  }

  /** Hostile paging: every page has a next page, on this origin, for ever. */
  public ConfluentFake endless() {
    endless = true;
    return this;
  }

  /** A slow API: every answer waits this long before its headers. */
  public ConfluentFake delay(Duration d) {
    delay = d;
    return this;
  }

  /**
   * A hostile page: every 200 answer is a list envelope of this many bytes (its data padded with
   * whitespace), generated while it is written (never held in memory); with or without a
   * Content-Length announcing it.
   */
  public ConfluentFake hugeBody(long bytes, boolean declared) {
    hugeBody = bytes;
    declareLength = declared;
    return this;
  }

  /**
   * A hostile page: headers at once, then a body of one space every {@code every}, never ending.
   */
  public ConfluentFake trickle(Duration every) {
    trickle = every;
    return this;
  }

  private volatile Duration trickle = Duration.ZERO;

  /** Bytes of the huge body the fake managed to write before the client stopped reading. */
  public long hugeBytesWritten() {
    return hugeWritten.get();
  }

  private final AtomicLong hugeWritten = new AtomicLong();

  /** The next {@code times} requests get this status (429 with the Retry-After given). */
  public synchronized ConfluentFake fail(int status, int times, Optional<String> retryAfter) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(status, retryAfter));
    }
    return this;
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  public synchronized void clearRequests() {
    requests.clear();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      Reply reply = answer(exchange, path, query);
      synchronized (this) {
        requests.add(new Request(path, query, reply.status));
      }
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (reply.status == 200 && !trickle.isZero()) {
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write("{\"data\":[".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
          while (true) {
            Thread.sleep(trickle.toMillis());
            out.write(' ');
            out.flush();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (reply.status == 200 && hugeBody >= 0) {
        writeHuge(exchange, reply);
        return;
      }
      byte[] body = reply.body.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      reply.retryAfter.ifPresent(r -> exchange.getResponseHeaders().add("Retry-After", r));
      exchange.sendResponseHeaders(reply.status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /**
   * The answer's metadata and an empty data array padded with whitespace (valid JSON) to exactly
   * hugeBody bytes, written in 64 KiB chunks made on the fly.
   */
  private void writeHuge(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, declareLength ? hugeBody : 0);
    byte[] head =
        ("{\"metadata\":" + reply.body.path("metadata") + ",\"data\":[")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "]}".getBytes(StandardCharsets.UTF_8);
    byte[] chunk = new byte[64 << 10];
    java.util.Arrays.fill(chunk, (byte) ' ');
    OutputStream out = exchange.getResponseBody();
    out.write(head);
    long left = hugeBody - head.length - tail.length;
    while (left > 0) {
      int n = (int) Math.min(chunk.length, left);
      out.write(chunk, 0, n);
      hugeWritten.addAndGet(n);
      left -= n;
    }
    out.write(tail);
  }

  private record Reply(int status, JsonNode body, Optional<String> retryAfter) {}

  private synchronized Reply answer(HttpExchange exchange, String path, Map<String, String> query) {
    if (!exchange.getRequestMethod().equals("GET")) {
      return error(405, "method not allowed");
    }
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return error(401, "Unauthorized");
    }
    Fault fault = faults.poll();
    if (fault != null) {
      Reply r =
          error(fault.status, fault.status == 429 ? "Too Many Requests" : "Internal Server Error");
      return new Reply(r.status, r.body, fault.retryAfter);
    }
    String kind = KINDS.get(path);
    if (kind == null) {
      return error(404, "no route " + path);
    }
    boolean networking = path.startsWith("/networking/");
    String env = query.get("environment");
    if (networking && (env == null || env.isBlank())) {
      return error(400, "environment is required");
    }
    List<JsonNode> matching =
        resources.get(kind).stream()
            .filter(
                r ->
                    !networking
                        || env.equals(r.path("spec").path("environment").path("id").asText()))
            .filter(
                r ->
                    !query.containsKey("spec.private_link_attachment")
                        || query
                            .get("spec.private_link_attachment")
                            .equals(
                                r.path("spec").path("private_link_attachment").path("id").asText()))
            .toList();
    int size = Math.min(maxPageSize, Integer.parseInt(query.getOrDefault("page_size", "10")));
    int from =
        query.containsKey("page_token")
            ? Integer.parseInt(
                new String(
                        Base64.getUrlDecoder().decode(query.get("page_token")),
                        StandardCharsets.UTF_8)
                    .replace("offset:", ""))
            : 0;
    int to = Math.min(matching.size(), from + size);
    ObjectNode body = JSON.createObjectNode();
    body.put("api_version", path.startsWith("/org/") ? "org/v2" : "networking/v1");
    body.put("kind", kind + "List");
    ObjectNode meta = body.putObject("metadata");
    meta.put("first", link(path, query, Optional.empty()));
    if (to < matching.size() || endless) {
      meta.put(
          "next",
          nextAs.apply(
              link(
                  path,
                  query,
                  Optional.of(
                      Base64.getUrlEncoder()
                          .withoutPadding()
                          .encodeToString(
                              ("offset:" + (endless ? from : to))
                                  .getBytes(StandardCharsets.UTF_8))))));
    }
    ArrayNode data = body.putArray("data");
    matching.subList(from, to).forEach(data::add);
    return new Reply(200, body, Optional.empty());
  }

  private String link(String path, Map<String, String> query, Optional<String> token) {
    StringBuilder b = new StringBuilder(url()).append(path).append('?');
    List<String> parts = new ArrayList<>();
    query.forEach(
        (k, v) -> {
          if (!k.equals("page_token")) {
            parts.add(k + "=" + v);
          }
        });
    token.ifPresent(t -> parts.add("page_token=" + t));
    return b.append(String.join("&", parts)).toString();
  }

  private static Reply error(int status, String detail) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode e = body.putArray("errors").addObject();
    e.put("status", Integer.toString(status));
    e.put("detail", detail);
    return new Reply(status, body, Optional.empty());
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  public static String fixture(String path) {
    try (InputStream in = ConfluentFake.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
