package io.linkdns.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.config.Settings;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.reconcile.Reconciler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.regions.Region;

/**
 * The Lambda entry point and composition root. Accepts an SQS batch whose bodies are EventBridge
 * events (the deployed path; reports partial batch failures), an EventBridge event directly, or the
 * scheduled sweep. Clients and configuration are built once per container, during initialisation,
 * so SnapStart snapshots them.
 */
public final class Handler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Reconciler reconciler;
  private final AwsWiring wiring;
  private final List<HealthCheck.Target> healthTargets;
  private final EventParser parser;
  private final JsonLog log;
  private final Metrics metrics;
  private final Optional<Requeue> requeue;
  private SnapStartPriming priming; // held here: a checkpoint context may hold its resources weakly

  /**
   * Used by the Lambda runtime, which makes one instance per container while it initialises, so
   * clients and configuration are built once and land in the SnapStart snapshot.
   */
  public Handler() {
    this(System.getenv(), System.out);
  }

  private Handler(Map<String, String> env, PrintStream out) {
    this(env, AwsClients.build(clientConfig(env)), region(env), out);
    // The runtime calls its beforeCheckpoint hook only while SnapStart initialises a version.
    priming = SnapStartPriming.register(wiring, parser, JSON, log, () -> Rehearsal.run(env, region(env), JsonLog.NOWHERE));
  }

  /** Wires a handler over given clients from the documented environment variables (see README, "Configuration"). */
  public Handler(Map<String, String> env, AwsClients clients, Region region, PrintStream out) {
    this(AwsWiring.of(env, clients, region), Settings.value(env, "AWS_LAMBDA_FUNCTION_NAME"),
        Settings.value(env, "LINKDNS_ROLE_ARN"), out,
        HealthCheck.targets(Settings.value(env, "LINKDNS_VERIFY_TARGETS").orElse("")),
        Settings.value(env, "LINKDNS_QUEUE_URL").map(url -> new Requeue(clients.sqs(), url)));
  }

  public Handler(AwsWiring wiring, Optional<String> functionName, Optional<String> roleArn, PrintStream out,
      List<HealthCheck.Target> healthTargets) {
    this(wiring, functionName, roleArn, out, healthTargets, Optional.empty());
  }

  /**
   * @param requeue the event queue (LINKDNS_QUEUE_URL): a message for an endpoint still pending comes
   *     back after a short, growing delay instead of waiting for the sweep; without it the message is
   *     only reported as failed and comes back after the queue's visibility timeout
   */
  public Handler(AwsWiring wiring, Optional<String> functionName, Optional<String> roleArn, PrintStream out,
      List<HealthCheck.Target> healthTargets, Optional<Requeue> requeue) {
    this.requeue = requeue;
    this.wiring = wiring;
    this.reconciler = wiring.reconciler(false);
    this.healthTargets = List.copyOf(healthTargets);
    this.parser = new EventParser(JSON, roleArn);
    this.log = new JsonLog(JSON, out);
    this.metrics = new Metrics(JSON, out, functionName.orElse("linkdns"));
  }

  private static Region region(Map<String, String> env) {
    return Region.of(Settings.value(env, "AWS_REGION").orElse("us-east-1"));
  }

  private static AwsClients.Config clientConfig(Map<String, String> env) {
    return new AwsClients.Config(region(env), Optional.empty(),
        (int) Settings.number(env, "LINKDNS_MAX_ATTEMPTS", 8, 1, 20),
        Settings.number(env, "LINKDNS_ROUTE53_RATE", 10.0, 0.1, 10),
        List.of());
  }

  public AwsWiring wiring() {
    return wiring;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    log.correlate(context == null ? "" : context.getAwsRequestId());
    try {
      JsonNode result = handle(body);
      output.write(JSON.writeValueAsBytes(result));
    } finally {
      metrics.flush();
    }
  }

  /** Handles one invocation payload and returns the response document. */
  public JsonNode handle(String body) {
    JsonNode event;
    try {
      event = parser.read(body);
    } catch (InvalidInputException e) {
      rejected(e);
      return JSON.createObjectNode().put("rejected", e.getMessage());
    }
    if (event.path("Records").isArray()) {
      return sqsBatch((ArrayNode) event.get("Records"));
    }
    ObjectNode response = JSON.createObjectNode();
    ArrayNode outcomes = response.putArray("outcomes");
    process(event, new LinkedHashMap<>(), new TreeSet<>()).forEach(o -> outcomes.add(JSON.valueToTree(o.summary())));
    return response;
  }

  private JsonNode sqsBatch(ArrayNode records) {
    ObjectNode response = JSON.createObjectNode();
    ArrayNode failures = response.putArray("batchItemFailures");
    Map<String, List<Outcome>> seen = new LinkedHashMap<>();
    for (JsonNode record : records) {
      String messageId = record.path("messageId").asText("");
      try {
        JsonNode event = parser.read(record.path("body").asText(null));
        parser.requireNoControl(event);
        Set<String> pending = new TreeSet<>();
        process(event, seen, pending);
        if (!pending.isEmpty() && retrySoon(record, messageId, pending)) {
          failures.addObject().put("itemIdentifier", messageId);
        }
      } catch (InvalidInputException e) {
        rejected(e); // retrying cannot fix a malformed event: drop it, loudly
      } catch (RuntimeException e) {
        metrics.add("Failures", 1);
        log.error("reconcile failed; message returns to the queue", Map.of("message_id", messageId,
            "error", String.valueOf(e.getMessage()), "exception", e.getClass().getName()));
        failures.addObject().put("itemIdentifier", messageId);
      }
    }
    return response;
  }

  /**
   * Turns one event into reconciles. Within one invocation each endpoint, zone or sweep runs once:
   * later duplicates in the same SQS batch reuse the first outcome.
   */
  private List<Outcome> process(JsonNode event, Map<String, List<Outcome>> seen, Set<String> pending) {
    Trigger trigger;
    try {
      trigger = parser.parse(event);
    } catch (InvalidInputException e) {
      rejected(e);
      return List.of();
    }
    List<Outcome> outcomes = new ArrayList<>();
    if (trigger instanceof Trigger.Ignored ignored) {
      metrics.add("EventsIgnored", 1);
      log.info("event skipped", Map.of("reason", ignored.reason(), "event_id", event.path("id").asText("")));
    } else if (trigger instanceof Trigger.Verify v) {
      List<HealthCheck.Target> targets = v.targets().isEmpty() ? healthTargets : v.targets();
      int problems = new HealthCheck(wiring, log).run(targets);
      metrics.add("VerifyProblems", problems);
      metrics.add("VerifyRuns", 1);
    } else if (trigger instanceof Trigger.Sweep) {
      outcomes.addAll(seen.computeIfAbsent("sweep", k -> reconciler.sweep()));
    } else if (trigger instanceof Trigger.ZoneChanged z) {
      outcomes.addAll(seen.computeIfAbsent("zone " + z.hostedZoneId(),
          k -> List.of(reconciler.zone(z.hostedZoneId()))));
    } else if (trigger instanceof Trigger.Endpoints e) {
      boolean deleted = e.eventName().equals("DeleteVpcEndpoints");
      for (String id : e.endpointIds()) {
        if (!seen.containsKey("endpoint " + id)) {
          wiring.catalog().forget(id); // only what this reconcile reads counts as pending
        }
        outcomes.addAll(seen.computeIfAbsent("endpoint " + id,
            k -> deleted ? reconciler.deleted(id) : List.of(reconciler.endpoint(id, e.vpcHint()))));
        if (!deleted && wiring.catalog().lastSeenState(id).filter(s -> s == EndpointState.PENDING).isPresent()) {
          pending.add(id);
        }
      }
    }
    outcomes.forEach(this::report);
    return outcomes;
  }

  /**
   * Asks for the message back after 30 s, 60 s, 120 s ... (15 minutes at most), counted by its
   * receives; true when it is to be reported failed. After {@link Requeue#MAX_RECEIVES} receives the
   * endpoint is left to the sweep (acceptance can take days), so the message never reaches the DLQ.
   */
  private boolean retrySoon(JsonNode record, String messageId, Set<String> pending) {
    int receives = Math.max(1, record.path("attributes").path("ApproximateReceiveCount").asInt(1));
    int seconds = Requeue.delaySeconds(receives);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message_id", messageId);
    fields.put("endpoints", List.copyOf(pending));
    fields.put("receive_count", receives);
    metrics.add("EndpointsPending", pending.size());
    if (receives >= Requeue.MAX_RECEIVES) {
      log.info("endpoint still pending; left to the sweep", fields);
      return false;
    }
    if (requeue.isEmpty()) {
      log.info("endpoint pending; message returns to the queue after its visibility timeout", fields);
      return true;
    }
    fields.put("visibility_timeout_seconds", seconds);
    try {
      requeue.get().later(record.path("receiptHandle").asText(""), seconds);
      log.info("endpoint pending; message returns to the queue soon", fields);
    } catch (RuntimeException e) {
      fields.put("error", String.valueOf(e.getMessage()));
      log.warn("endpoint pending; could not shorten the message's visibility timeout", fields);
    }
    return true;
  }

  private void report(Outcome o) {
    Map<String, Object> fields = o.summary();
    metrics.add("RecordsCreated", o.count(io.linkdns.core.plan.Change.Create.class));
    metrics.add("RecordsUpdated", o.count(io.linkdns.core.plan.Change.Update.class));
    metrics.add("RecordsDeleted", o.count(io.linkdns.core.plan.Change.Delete.class));
    metrics.add("Conflicts", o.conflicts().size());
    metrics.add("Refused", o.refusals().size());
    if (o.zoneCreated()) {
      metrics.add("ZonesCreated", 1);
    }
    switch (o.status()) {
      case FAILED -> {
        metrics.add("Failures", 1);
        log.error("reconcile failed", fields);
      }
      case SKIPPED -> log.info("reconcile skipped", fields);
      case REFUSED -> log.warn("refused", fields);
      default -> {
        if (!o.refusals().isEmpty()) {
          log.warn("reconciled; some requests refused", fields);
        } else if (!o.conflicts().isEmpty()) {
          log.warn("reconciled with conflicts", fields);
        } else {
          log.info("reconciled", fields);
        }
      }
    }
  }

  private void rejected(InvalidInputException e) {
    metrics.add("EventsRejected", 1);
    log.error("event rejected", Map.of("field", e.field(), "error", e.getMessage()));
  }
}
