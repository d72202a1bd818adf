package io.linkdns.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A fake of the few Azure Resource Manager calls linkdns makes, served over HTTPS on 127.0.0.1 with
 * a certificate generated at test time. Bodies follow the azure-rest-api-specs examples (Network
 * 2024-05-01 private endpoints and network interfaces; Private DNS 2024-06-01 zones, virtual
 * network links and record sets). It keeps ETags and honours If-Match / If-None-Match, answers zone
 * and link PUTs, zone PATCHes (tags) and zone and link DELETEs as long-running operations (202 +
 * Azure-AsyncOperation + Location), any of which it can make end Failed or Canceled, and can inject
 * faults (429 with Retry-After, 5xx) and a concurrent writer. It serves several subscriptions
 * (endpoints and NICs in each, private DNS in the first) and refuses links as ARM does: {@code
 * LinkedAuthorizationFailed} for a VNet the caller may not join, {@code BadRequest} for a second
 * same-named zone on one VNet. It is NOT Azure.
 */
final class ArmFake implements AutoCloseable {
  static final String TOKEN = "linkdns-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile(
          "/subscriptions/([^/]+)(?:/resourceGroups/([^/]+))?/providers/Microsoft\\.Network/(.*)",
          Pattern.CASE_INSENSITIVE);
  private static volatile Tls tls;

  /** One request as the fake saw it. */
  record Request(String method, String path, Map<String, String> headers, int status) {
    boolean isWrite() {
      return !method.equals("GET")
          && !path.toLowerCase(Locale.ROOT).contains("privatednsoperation");
    }
  }

  /** A fault answered instead of the real response, {@code times} times, to requests it matches. */
  record Fault(
      String method, Pattern path, int status, Optional<String> retryAfter, AtomicInteger times) {}

  private record Tls(SSLContext server, SSLContext client) {}

  private final HttpsServer server;
  private final String subscription;
  private final Map<String, ObjectNode> endpoints = new LinkedHashMap<>();
  private final Map<String, ObjectNode> interfaces = new LinkedHashMap<>();

  /** zones by (group|name), links and record sets by zone key. */
  private final Map<String, ObjectNode> zones = new LinkedHashMap<>();

  private final Map<String, Map<String, ObjectNode>> links = new LinkedHashMap<>();
  private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private volatile Consumer<ArmFake> beforeRecordWrite;
  private volatile Consumer<ArmFake> beforeZoneWrite;
  private final AtomicInteger operations = new AtomicInteger();

  private ArmFake(String subscription) throws IOException {
    this.subscription = subscription;
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls().server()));
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  static ArmFake start(String subscription) {
    try {
      return new ArmFake(subscription);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the ARM fake", e);
    }
  }

  /** The base URL to give the SDK as its Resource Manager endpoint. */
  String endpoint() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** An SSL context that trusts exactly the fake's test certificate. */
  static SSLContext clientTls() {
    return tls().client();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  // ---- test-side state ------------------------------------------------------------------------

  synchronized void putEndpoint(ObjectNode endpoint) {
    endpoints.put(endpoint.get("id").asText().toLowerCase(Locale.ROOT), endpoint);
  }

  synchronized void putInterface(ObjectNode nic) {
    interfaces.put(nic.get("id").asText().toLowerCase(Locale.ROOT), nic);
  }

  synchronized void removeEndpoint(String id) {
    ObjectNode pe = endpoints.remove(id.toLowerCase(Locale.ROOT));
    if (pe != null) {
      pe.path("properties")
          .path("networkInterfaces")
          .forEach(n -> interfaces.remove(n.get("id").asText().toLowerCase(Locale.ROOT)));
    }
  }

  synchronized Optional<ObjectNode> zone(String group, String name) {
    return Optional.ofNullable(zones.get(zoneKey(group, name)));
  }

  synchronized List<ObjectNode> linksOf(String group, String zone) {
    return List.copyOf(links.getOrDefault(zoneKey(group, zone), Map.of()).values());
  }

  /** Record sets of a zone keyed "TYPE name" (relative name), as stored. */
  synchronized Map<String, ObjectNode> recordsOf(String group, String zone) {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    records
        .getOrDefault(zoneKey(group, zone), Map.of())
        .forEach((k, v) -> out.put(k, v.deepCopy()));
    return out;
  }

  /**
   * Creates a zone directly (as another tool would), with its SOA record, optionally linked to a
   * VNet.
   */
  synchronized void createZone(String group, String name, Optional<String> linkedVnet) {
    createZone(group, name, linkedVnet, Map.of());
  }

  /**
   * The same, with zone tags (for example the {@code linkdns-owner} mark a linkdns installation
   * writes).
   */
  synchronized void createZone(
      String group, String name, Optional<String> linkedVnet, Map<String, String> tags) {
    ObjectNode t = JSON.createObjectNode();
    tags.forEach(t::put);
    storeZone(group, name, t);
    linkedVnet.ifPresent(v -> storeLink(group, name, "existing-link", v));
  }

  /** Links one more VNet to a zone directly, as an operator would. */
  synchronized void linkZone(String group, String name, String linkName, String vnet) {
    storeLink(group, name, linkName, vnet);
  }

  /** Writes a record set directly, bypassing preconditions: the "someone else" of the tests. */
  synchronized ObjectNode writeRecordDirectly(
      String group, String zone, String type, String relativeName, JsonNode properties) {
    return storeRecord(group, zone, type, relativeName, properties);
  }

  synchronized void deleteRecordDirectly(
      String group, String zone, String type, String relativeName) {
    records
        .getOrDefault(zoneKey(group, zone), new LinkedHashMap<>())
        .remove(type.toUpperCase(Locale.ROOT) + " " + relativeName.toLowerCase(Locale.ROOT));
  }

  void inject(String method, String pathRegex, int status, Optional<String> retryAfter, int times) {
    faults.add(
        new Fault(
            method,
            Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE),
            status,
            retryAfter,
            new AtomicInteger(times)));
  }

  /** Holds every answer whose path matches for the given time: a stalled Resource Manager. */
  void stall(String pathRegex, java.time.Duration d) {
    stallPath = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
    stallFor = d;
  }

  private volatile Pattern stallPath;
  private volatile java.time.Duration stallFor = java.time.Duration.ZERO;

  /** Runs once, just before the next record-set PUT or DELETE is processed. */
  void beforeNextRecordWrite(Consumer<ArmFake> writer) {
    this.beforeRecordWrite = writer;
  }

  /**
   * Runs once, just before the next zone PATCH or DELETE is processed: a concurrent writer of the
   * zone.
   */
  void beforeNextZoneWrite(Consumer<ArmFake> writer) {
    this.beforeZoneWrite = writer;
  }

  /** Replaces a zone's tags directly, as an operator would (the ETag changes). */
  synchronized void tagZoneDirectly(String group, String name, Map<String, String> tags) {
    ObjectNode zone = zones.get(zoneKey(group, name));
    ObjectNode t = JSON.createObjectNode();
    tags.forEach(t::put);
    zone.set("tags", t);
    zone.put("etag", UUID.randomUUID().toString());
  }

  private void runBeforeZoneWrite() {
    Consumer<ArmFake> writer = beforeZoneWrite;
    if (writer != null) {
      beforeZoneWrite = null;
      writer.accept(this);
    }
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  long writes() {
    return requests.stream().filter(Request::isWrite).count();
  }

  void clearRequests() {
    requests.clear();
  }

  // ---- several subscriptions, and what ARM refuses to link
  // ---------------------------------------

  /**
   * Subscriptions served besides the zones' one: their endpoints and NICs (private DNS stays in the
   * zones' one).
   */
  private final java.util.Set<String> served = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * VNets (lower-case ids) on which the caller lacks Microsoft.Network/virtualNetworks/join/action.
   */
  private final java.util.Set<String> unjoinable =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Serves one more subscription: an application (spoke) subscription holding endpoints and NICs.
   */
  ArmFake serve(String another) {
    served.add(another.toLowerCase(Locale.ROOT));
    return this;
  }

  /**
   * The per-VNet switch: whether the caller may join the VNet (link a zone to it); true unless set.
   */
  void mayJoin(String vnet, boolean may) {
    if (may) {
      unjoinable.remove(vnet.toLowerCase(Locale.ROOT));
    } else {
      unjoinable.add(vnet.toLowerCase(Locale.ROOT));
    }
  }

  /** Deletes the zone's link to a VNet directly, as an operator would. */
  synchronized void unlinkDirectly(String group, String zone, String vnet) {
    links
        .getOrDefault(zoneKey(group, zone), new LinkedHashMap<>())
        .values()
        .removeIf(
            l ->
                l.path("properties")
                    .path("virtualNetwork")
                    .path("id")
                    .asText()
                    .equalsIgnoreCase(vnet));
  }

  /** Operation ids whose status is a failure, with the status body to answer. */
  private final Map<String, ObjectNode> failedOperations =
      new java.util.concurrent.ConcurrentHashMap<>();

  private volatile boolean overlapAsFailedOperation;

  /**
   * Answers a second same-named zone on a VNet past the 202, as the failed operation's error (the
   * ARO report's shape).
   */
  void overlapAsFailedOperation(boolean async) {
    overlapAsFailedOperation = async;
  }

  private Reply operationStatus(String[] rest) {
    ObjectNode failed = rest.length > 1 ? failedOperations.get(rest[1]) : null;
    return new Reply(
        200, failed != null ? failed : JSON.createObjectNode().put("status", "Succeeded"));
  }

  /** Requests whose path names the subscription (read or write). */
  List<Request> requestsIn(String sub) {
    String marker = "/subscriptions/" + sub.toLowerCase(Locale.ROOT) + "/";
    return requests.stream()
        .filter(r -> r.path().toLowerCase(Locale.ROOT).contains(marker))
        .toList();
  }

  private boolean serves(String sub) {
    return isZoneSubscription(sub) || served.contains(sub.toLowerCase(Locale.ROOT));
  }

  private boolean isZoneSubscription(String sub) {
    return sub.equalsIgnoreCase(subscription);
  }

  private static boolean inSubscription(ObjectNode resource, String sub) {
    return resource
        .get("id")
        .asText()
        .toLowerCase(Locale.ROOT)
        .startsWith("/subscriptions/" + sub.toLowerCase(Locale.ROOT) + "/");
  }

  /**
   * What ARM answers to a link PUT it refuses: 403 {@code LinkedAuthorizationFailed} when the
   * caller may not join the remote VNet (message as ARM words it), and 400 {@code BadRequest} when
   * the VNet is already linked to another zone of the same name (message as Azure words it).
   */
  private Optional<Reply> linkRefusal(String zoneKey, String zoneName, String vnet) {
    String v = vnet.toLowerCase(Locale.ROOT);
    if (unjoinable.contains(v)) {
      return Optional.of(
          error(
              403,
              "LinkedAuthorizationFailed",
              "The client '"
                  + ArmShapes.SELF_PRINCIPAL
                  + "' with object id '"
                  + ArmShapes.SELF_PRINCIPAL
                  + "' has permission to perform action"
                  + " 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/write' on scope '/subscriptions/"
                  + subscription
                  + "/resourceGroups/.../privateDnsZones/"
                  + zoneName
                  + "'; however, it does not have permission to perform action"
                  + " 'Microsoft.Network/virtualNetworks/join/action' on the linked scope(s) '"
                  + vnet
                  + "' or the linked scope(s) are invalid."));
    }
    for (Map.Entry<String, Map<String, ObjectNode>> other : links.entrySet()) {
      boolean sameName = other.getKey().endsWith("|" + zoneName.toLowerCase(Locale.ROOT));
      if (sameName
          && !other.getKey().equals(zoneKey)
          && other.getValue().values().stream()
              .anyMatch(
                  l ->
                      l.path("properties")
                          .path("virtualNetwork")
                          .path("id")
                          .asText()
                          .equalsIgnoreCase(v))) {
        String message =
            "A virtual network cannot be linked to multiple zones with overlapping"
                + " namespaces. You tried to link virtual network with '"
                + zoneName
                + "' and '"
                + zoneName
                + "' zones.";
        if (overlapAsFailedOperation) {
          String group = zoneKey.substring(0, zoneKey.indexOf('|'));
          Reply accepted = accepted(group, null);
          String status = accepted.headers.get("Azure-AsyncOperation");
          String op = status.substring(status.lastIndexOf('/') + 1, status.indexOf('?'));
          ObjectNode failed = JSON.createObjectNode().put("status", "Failed");
          failed.putObject("error").put("code", "BadRequest").put("message", message);
          failedOperations.put(op, failed);
          return Optional.of(accepted);
        }
        return Optional.of(error(400, "BadRequest", message));
      }
    }
    return Optional.empty();
  }

  // ---- ARM's throttling (off unless a test switches it on) -------------------------------------

  private volatile ArmBuckets buckets;
  private final ThreadLocal<ArmBuckets.Verdict> verdict = new ThreadLocal<>();

  /** Switches ARM's token buckets on (or, with null, off) for the calls that follow. */
  void throttle(ArmBuckets buckets) {
    this.buckets = buckets;
  }

  /** A 429 as ARM answers it when the call's bucket is empty; the call is not processed. */
  private Optional<Reply> throttled(String method, String path) {
    ArmBuckets b = buckets;
    verdict.remove();
    if (b == null) {
      return Optional.empty();
    }
    ArmBuckets.Verdict v = b.take(method, path);
    verdict.set(v);
    if (!v.throttled()) {
      return Optional.empty();
    }
    String kind = ArmBuckets.kind(method);
    return Optional.of(
        error(
                429,
                "SubscriptionRequestsThrottled",
                "Number of '"
                    + kind.substring(0, kind.length() - 1)
                    + "' requests for subscription '"
                    + subscription
                    + "' exceeded. Please try again after '"
                    + v.retryAfterSeconds()
                    + "' seconds after additional tokens are available.")
            .header("Retry-After", b.retryAfter(v)));
  }

  private void remainingQuota(Reply reply) {
    ArmBuckets.Verdict v = verdict.get();
    if (v != null) {
      reply.header(v.header(), Long.toString(v.remaining()));
      verdict.remove();
    }
  }

  // ---- long-running operations that fail past the 202 ------------------------------------------

  /** An operation the fake accepts and then reports as ended {@code status}, with ARM's error. */
  private record AsyncFailure(
      String method,
      Pattern path,
      String status,
      String code,
      String message,
      AtomicInteger times) {}

  private final List<AsyncFailure> asyncFailures = new CopyOnWriteArrayList<>();

  /**
   * The next {@code times} requests matching the method and path are accepted as ARM accepts a
   * long-running operation (202, Azure-AsyncOperation, Location) but change nothing, and their
   * operation status answers {@code {"status": status, "error": {"code", "message"}}} (no error
   * when {@code code} is null), as ARM reports an asynchronous operation that failed ({@code
   * Failed}) or was canceled ({@code Canceled}). Zone PUT, PATCH and DELETE and link PUT and DELETE
   * are long-running operations in Private DNS; nothing else should be matched.
   */
  void failAsync(
      String method, String pathRegex, String status, String code, String message, int times) {
    asyncFailures.add(
        new AsyncFailure(
            method,
            Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE),
            status,
            code,
            message,
            new AtomicInteger(times)));
  }

  private Optional<Reply> failedAsync(String method, String path, String group) {
    if (group == null) {
      return Optional.empty();
    }
    for (AsyncFailure f : asyncFailures) {
      if (f.method().equals(method)
          && f.path().matcher(path).find()
          && f.times().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        Reply accepted = accepted(group, null);
        String status = accepted.headers.get("Azure-AsyncOperation");
        String op = status.substring(status.lastIndexOf('/') + 1, status.indexOf('?'));
        // The operation status body of Azure Resource Manager's asynchronous operations ("Track
        // asynchronous Azure operations").
        ObjectNode body =
            JSON.createObjectNode()
                .put("id", status.substring(status.indexOf("/subscriptions/"), status.indexOf('?')))
                .put("name", op)
                .put("status", f.status())
                .put("startTime", java.time.Instant.now().toString())
                .put("endTime", java.time.Instant.now().toString());
        if (f.code() != null) {
          body.putObject("error").put("code", f.code()).put("message", f.message());
        }
        failedOperations.put(op, body);
        return Optional.of(accepted);
      }
    }
    return Optional.empty();
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private void handle(HttpExchange x) throws IOException {
    String method = x.getRequestMethod();
    String path = x.getRequestURI().getPath();
    Pattern stalled = stallPath;
    if (stalled != null && stalled.matcher(path).find()) {
      try {
        Thread.sleep(stallFor.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    x.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    byte[] body;
    try (InputStream in = x.getRequestBody()) {
      body = in.readAllBytes();
    }
    Reply reply;
    try {
      reply = throttled(method, path).orElse(null);
      if (reply == null) {
        reply = route(method, path, headers, body);
      }
    } catch (RuntimeException e) {
      reply = error(500, "InternalServerError", "fake failed: " + e);
    }
    remainingQuota(reply);
    requests.add(new Request(method, path, headers, reply.status));
    reply.headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
    x.getResponseHeaders().add("x-ms-request-id", UUID.randomUUID().toString());
    byte[] out = reply.body == null ? new byte[0] : JSON.writeValueAsBytes(reply.body);
    if (reply.body != null) {
      x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    }
    x.sendResponseHeaders(reply.status, out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      x.getResponseBody().write(out);
    }
    x.close();
  }

  private static final class Reply {
    final int status;
    final JsonNode body;
    final Map<String, String> headers = new LinkedHashMap<>();

    Reply(int status, JsonNode body) {
      this.status = status;
      this.body = body;
    }

    Reply header(String k, String v) {
      headers.put(k, v);
      return this;
    }
  }

  private Reply route(String method, String path, Map<String, String> headers, byte[] body)
      throws IOException {
    if (!("Bearer " + TOKEN).equals(headers.get("authorization"))) {
      return error(401, "AuthenticationFailed", "missing or wrong bearer token");
    }
    for (Fault f : faults) {
      if (f.method().equals(method)
          && f.path().matcher(path).find()
          && f.times().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        Reply r =
            error(
                f.status(),
                f.status() == 429 ? "TooManyRequests" : "InternalServerError",
                "injected fault");
        f.retryAfter().ifPresent(v -> r.header("Retry-After", v));
        return r;
      }
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches() || !serves(m.group(1))) {
      return error(404, "SubscriptionNotFound", "no such subscription or path " + path);
    }
    String group = m.group(2);
    String[] rest = m.group(3).split("/");
    String kind = rest[0].toLowerCase(Locale.ROOT);
    String sub = m.group(1);
    if (!isZoneSubscription(sub)
        && !kind.equals("privateendpoints")
        && !kind.equals("networkinterfaces")) {
      return error(
          404,
          "NotFound",
          "the fake keeps private DNS in subscription " + subscription + " only, not " + sub);
    }
    Optional<Reply> failedLater = failedAsync(method, path, group);
    if (failedLater.isPresent()) {
      return failedLater.get();
    }
    synchronized (this) {
      switch (kind) {
        case "privateendpoints":
          return privateEndpoints(method, sub, group, rest);
        case "networkinterfaces":
          return networkInterfaces(method, sub, group, rest);
        case "privatednsoperationstatuses":
          return operationStatus(rest);
        case "privatednsoperationresults":
          return new Reply(204, null);
        case "privatednszones":
          return privateDnsZones(method, group, rest, headers, body);
        default:
          return error(404, "NotFound", "the fake does not serve " + path);
      }
    }
  }

  private Reply privateEndpoints(String method, String subscription, String group, String[] rest) {
    if (!method.equals("GET")) {
      return error(405, "MethodNotAllowed", "read only");
    }
    if (rest.length == 1) {
      ArrayNode value = JSON.createArrayNode();
      endpoints.values().stream()
          .filter(e -> inSubscription(e, subscription))
          .filter(
              e ->
                  group == null
                      || e.get("id")
                          .asText()
                          .toLowerCase(Locale.ROOT)
                          .contains("/resourcegroups/" + group.toLowerCase(Locale.ROOT) + "/"))
          .forEach(value::add);
      return new Reply(200, JSON.createObjectNode().set("value", value));
    }
    String id =
        ("/subscriptions/"
                + subscription
                + "/resourceGroups/"
                + group
                + "/providers/Microsoft.Network/privateEndpoints/"
                + rest[1])
            .toLowerCase(Locale.ROOT);
    ObjectNode pe = endpoints.get(id);
    return pe == null
        ? error(
            404,
            "ResourceNotFound",
            "The Resource 'Microsoft.Network/privateEndpoints/"
                + rest[1]
                + "' under resource group '"
                + group
                + "' was not found.")
        : new Reply(200, pe);
  }

  private Reply networkInterfaces(String method, String subscription, String group, String[] rest) {
    if (!method.equals("GET") || rest.length != 2) {
      return error(405, "MethodNotAllowed", "read only");
    }
    String id =
        ("/subscriptions/"
                + subscription
                + "/resourceGroups/"
                + group
                + "/providers/Microsoft.Network/networkInterfaces/"
                + rest[1])
            .toLowerCase(Locale.ROOT);
    ObjectNode nic = interfaces.get(id);
    return nic == null
        ? error(
            404,
            "ResourceNotFound",
            "The Resource 'Microsoft.Network/networkInterfaces/" + rest[1] + "' was not found.")
        : new Reply(200, nic);
  }

  private Reply privateDnsZones(
      String method, String group, String[] rest, Map<String, String> headers, byte[] body)
      throws IOException {
    if (group == null) {
      return error(404, "NotFound", "the fake lists zones per resource group only");
    }
    if (rest.length == 1) {
      ArrayNode value = JSON.createArrayNode();
      zones.forEach(
          (k, z) -> {
            if (k.startsWith(group.toLowerCase(Locale.ROOT) + "|")) {
              value.add(z);
            }
          });
      return new Reply(200, JSON.createObjectNode().set("value", value));
    }
    String zoneName = rest[1].toLowerCase(Locale.ROOT);
    String key = zoneKey(group, zoneName);
    ObjectNode zone = zones.get(key);
    if (rest.length == 2) {
      switch (method) {
        case "GET":
          return zone == null ? notFound("privateDnsZones", zoneName) : new Reply(200, zone);
        case "PUT":
          {
            Optional<Reply> refused = precondition(zone, headers);
            if (refused.isPresent()) {
              return refused.get();
            }
            JsonNode requested = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            ObjectNode stored =
                storeZone(
                    group,
                    zoneName,
                    requested.path("tags").isObject()
                        ? (ObjectNode) requested.get("tags")
                        : JSON.createObjectNode());
            return accepted(group, stored);
          }
        case "PATCH":
          {
            // PrivateZones_Update (PrivateZonePatch example): the body's tags replace the zone's
            // tags.
            if (zone == null) {
              return notFound("privateDnsZones", zoneName);
            }
            runBeforeZoneWrite();
            Optional<Reply> refused = precondition(zone, headers);
            if (refused.isPresent()) {
              return refused.get();
            }
            JsonNode requested = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            if (requested.path("tags").isObject()) {
              zone.set("tags", requested.get("tags").deepCopy());
            }
            zone.put("etag", UUID.randomUUID().toString());
            return accepted(group, zone);
          }
        case "DELETE":
          {
            // PrivateZones_Delete: 202 as a long-running operation; a zone with links is refused,
            // as Azure does.
            if (zone == null) {
              return new Reply(204, null);
            }
            runBeforeZoneWrite();
            Optional<Reply> refused = precondition(zone, headers);
            if (refused.isPresent()) {
              return refused.get();
            }
            if (!links.getOrDefault(key, Map.of()).isEmpty()) {
              return error(
                  409,
                  "CannotDeleteResource",
                  "Can not delete resource before nested resources are deleted (virtualNetworkLinks).");
            }
            zones.remove(key);
            links.remove(key);
            records.remove(key);
            return accepted(group, null);
          }
        default:
          return error(405, "MethodNotAllowed", method);
      }
    }
    if (zone == null) {
      return notFound("privateDnsZones", zoneName);
    }
    String child = rest[2];
    if (child.equalsIgnoreCase("virtualNetworkLinks")) {
      Map<String, ObjectNode> zoneLinks = links.computeIfAbsent(key, k -> new LinkedHashMap<>());
      if (rest.length == 3) {
        ArrayNode value = JSON.createArrayNode();
        zoneLinks.values().forEach(value::add);
        return new Reply(200, JSON.createObjectNode().set("value", value));
      }
      String linkName = rest[3];
      ObjectNode link = zoneLinks.get(linkName.toLowerCase(Locale.ROOT));
      if (method.equals("GET")) {
        return link == null ? notFound("virtualNetworkLinks", linkName) : new Reply(200, link);
      }
      if (method.equals("PUT")) {
        Optional<Reply> refused = precondition(link, headers);
        if (refused.isPresent()) {
          return refused.get();
        }
        JsonNode req = JSON.readTree(body);
        JsonNode props = req.path("properties");
        if (props.path("registrationEnabled").asBoolean(true)) {
          return error(
              400, "BadRequest", "linkdns must create links with registrationEnabled=false");
        }
        Optional<Reply> linkRefused =
            linkRefusal(key, zoneName, props.path("virtualNetwork").path("id").asText());
        if (linkRefused.isPresent()) {
          return linkRefused.get();
        }
        return accepted(
            group,
            storeLink(group, zoneName, linkName, props.path("virtualNetwork").path("id").asText()));
      }
      if (method.equals("DELETE")) {
        // VirtualNetworkLinks_Delete: 202 as a long-running operation, 204 when there is no such
        // link.
        if (link == null) {
          return new Reply(204, null);
        }
        Optional<Reply> refused = precondition(link, headers);
        if (refused.isPresent()) {
          return refused.get();
        }
        zoneLinks.remove(linkName.toLowerCase(Locale.ROOT));
        return accepted(group, link);
      }
      return error(405, "MethodNotAllowed", method);
    }
    Map<String, ObjectNode> zoneRecords = records.computeIfAbsent(key, k -> new LinkedHashMap<>());
    if (rest.length == 3) {
      String type = child.toUpperCase(Locale.ROOT);
      ArrayNode value = JSON.createArrayNode();
      zoneRecords.forEach(
          (k, r) -> {
            if (type.equals("ALL") || k.startsWith(type + " ")) {
              value.add(r);
            }
          });
      return new Reply(200, JSON.createObjectNode().set("value", value));
    }
    String type = child.toUpperCase(Locale.ROOT);
    String relative = rest[3].toLowerCase(Locale.ROOT);
    String recordKey = type + " " + relative;
    if (!method.equals("GET")) {
      Consumer<ArmFake> writer = beforeRecordWrite;
      if (writer != null) {
        beforeRecordWrite = null;
        writer.accept(this);
      }
    }
    ObjectNode existing = zoneRecords.get(recordKey);
    switch (method) {
      case "GET":
        return existing == null ? notFound(type, relative) : new Reply(200, existing);
      case "PUT":
        {
          Optional<Reply> refused = precondition(existing, headers);
          if (refused.isPresent()) {
            return refused.get();
          }
          JsonNode props = JSON.readTree(body).path("properties");
          ObjectNode stored = storeRecord(group, zoneName, type, relative, props);
          return new Reply(existing == null ? 201 : 200, stored);
        }
      case "DELETE":
        {
          String ifMatch = headers.get("if-match");
          if (existing == null) {
            return ifMatch == null
                ? new Reply(204, null)
                : error(412, "PreconditionFailed", "record set " + recordKey + " does not exist");
          }
          if (ifMatch != null && !ifMatch.equals(existing.get("etag").asText())) {
            return error(
                412,
                "PreconditionFailed",
                "The Record set " + relative + " has been modified (etag mismatch).");
          }
          zoneRecords.remove(recordKey);
          return new Reply(200, null);
        }
      default:
        return error(405, "MethodNotAllowed", method);
    }
  }

  /** If-None-Match: * refuses an existing resource; If-Match refuses a missing or changed one. */
  private static Optional<Reply> precondition(ObjectNode existing, Map<String, String> headers) {
    String ifNoneMatch = headers.get("if-none-match");
    String ifMatch = headers.get("if-match");
    if ("*".equals(ifNoneMatch) && existing != null) {
      return Optional.of(
          error(412, "PreconditionFailed", "The resource already exists (If-None-Match: *)."));
    }
    if (ifMatch != null
        && (existing == null
            || (!ifMatch.equals("*") && !ifMatch.equals(existing.get("etag").asText())))) {
      return Optional.of(
          error(412, "PreconditionFailed", "The resource has been modified (etag mismatch)."));
    }
    return Optional.empty();
  }

  /** 202 with the long-running-operation headers of the Private DNS examples. */
  private Reply accepted(String group, ObjectNode resource) {
    String op = "op-" + operations.incrementAndGet();
    String base =
        endpoint()
            + "subscriptions/"
            + subscription
            + "/resourceGroups/"
            + group
            + "/providers/Microsoft.Network/";
    return new Reply(202, null)
        .header(
            "Azure-AsyncOperation",
            base + "privateDnsOperationStatuses/" + op + "?api-version=2024-06-01")
        .header("Location", base + "privateDnsOperationResults/" + op + "?api-version=2024-06-01");
  }

  private ObjectNode storeZone(String group, String name, ObjectNode tags) {
    String key = zoneKey(group, name);
    ObjectNode z = JSON.createObjectNode();
    if (!tags.isEmpty()) {
      z.set("tags", tags.deepCopy());
    }
    z.put(
        "id",
        "/subscriptions/"
            + subscription
            + "/resourceGroups/"
            + group
            + "/providers/Microsoft.Network/privateDnsZones/"
            + name);
    z.put("name", name);
    z.put("type", "Microsoft.Network/privateDnsZones");
    z.put("etag", UUID.randomUUID().toString());
    z.put("location", "global");
    ObjectNode p = z.putObject("properties");
    p.put("maxNumberOfRecordSets", 25000);
    p.put("maxNumberOfVirtualNetworkLinks", 1000);
    p.put("maxNumberOfVirtualNetworkLinksWithRegistration", 100);
    p.put("numberOfRecordSets", 1);
    p.put("numberOfVirtualNetworkLinks", 0);
    p.put("numberOfVirtualNetworkLinksWithRegistration", 0);
    p.put("provisioningState", "Succeeded");
    p.put("internalId", UUID.randomUUID().toString());
    zones.put(key, z);
    ObjectNode soa = JSON.createObjectNode();
    ObjectNode soaRecord = soa.putObject("soaRecord");
    soaRecord.put("email", "azureprivatedns-host.microsoft.com");
    soaRecord.put("expireTime", 2419200);
    soaRecord.put("host", "azureprivatedns.net");
    soaRecord.put("minimumTtl", 10);
    soaRecord.put("refreshTime", 3600);
    soaRecord.put("retryTime", 300);
    soaRecord.put("serialNumber", 1);
    soa.put("ttl", 3600);
    storeRecord(group, name, "SOA", "@", soa);
    return z;
  }

  private ObjectNode storeLink(String group, String zone, String linkName, String vnetId) {
    ObjectNode l = JSON.createObjectNode();
    l.put(
        "id",
        "/subscriptions/"
            + subscription
            + "/resourceGroups/"
            + group
            + "/providers/Microsoft.Network/privateDnsZones/"
            + zone
            + "/virtualNetworkLinks/"
            + linkName);
    l.put("name", linkName);
    l.put("type", "Microsoft.Network/privateDnsZones/virtualNetworkLinks");
    l.put("etag", UUID.randomUUID().toString());
    l.put("location", "global");
    ObjectNode p = l.putObject("properties");
    p.put("provisioningState", "Succeeded");
    p.put("registrationEnabled", false);
    p.putObject("virtualNetwork").put("id", vnetId);
    p.put("virtualNetworkLinkState", "Completed");
    links
        .computeIfAbsent(zoneKey(group, zone), k -> new LinkedHashMap<>())
        .put(linkName.toLowerCase(Locale.ROOT), l);
    return l;
  }

  private ObjectNode storeRecord(
      String group, String zone, String type, String relative, JsonNode properties) {
    String t = type.toUpperCase(Locale.ROOT);
    String name = relative.toLowerCase(Locale.ROOT);
    ObjectNode r = JSON.createObjectNode();
    r.put(
        "id",
        "/subscriptions/"
            + subscription
            + "/resourceGroups/"
            + group
            + "/providers/Microsoft.Network/privateDnsZones/"
            + zone
            + "/"
            + t
            + "/"
            + name);
    r.put("name", name);
    r.put("type", "Microsoft.Network/privateDnsZones/" + t);
    r.put("etag", UUID.randomUUID().toString());
    ObjectNode p =
        properties.isObject() ? ((ObjectNode) properties).deepCopy() : JSON.createObjectNode();
    p.put("fqdn", (name.equals("@") ? zone : name + "." + zone) + ".");
    p.put("isAutoRegistered", false);
    if (!p.has("metadata")) {
      p.putObject("metadata");
    }
    r.set("properties", p);
    records
        .computeIfAbsent(zoneKey(group, zone), k -> new LinkedHashMap<>())
        .put(t + " " + name, r);
    return r;
  }

  private static Reply notFound(String type, String name) {
    return error(
        404, "ResourceNotFound", "The Resource '" + type + "/" + name + "' was not found.");
  }

  private static Reply error(int status, String code, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.putObject("error").put("code", code).put("message", message);
    return new Reply(status, e);
  }

  private static String zoneKey(String group, String zone) {
    return group.toLowerCase(Locale.ROOT) + "|" + zone.toLowerCase(Locale.ROOT);
  }

  // ---- TLS ------------------------------------------------------------------------------------

  /** A self-signed certificate for 127.0.0.1, made by keytool once per test JVM. */
  private static synchronized Tls tls() {
    if (tls != null) {
      return tls;
    }
    try {
      Path dir = Files.createTempDirectory("linkdns-arm-fake");
      Path keystore = dir.resolve("fake.p12");
      Path cert = dir.resolve("fake.crt");
      char[] pass = "changeit".toCharArray();
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(
          keytool,
          "-genkeypair",
          "-alias",
          "arm-fake",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-validity",
          "2",
          "-dname",
          "CN=127.0.0.1",
          "-ext",
          "san=ip:127.0.0.1,dns:localhost",
          "-storetype",
          "PKCS12",
          "-keystore",
          keystore.toString(),
          "-storepass",
          "changeit",
          "-keypass",
          "changeit");
      run(
          keytool,
          "-exportcert",
          "-alias",
          "arm-fake",
          "-keystore",
          keystore.toString(),
          "-storepass",
          "changeit",
          "-rfc",
          "-file",
          cert.toString());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        ks.load(in, pass);
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, null);

      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      Certificate c;
      try (InputStream in = Files.newInputStream(cert)) {
        c = CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      trust.setCertificateEntry("arm-fake", c);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      tls = new Tls(server, client);
      return tls;
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the ARM fake's test certificate", e);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
