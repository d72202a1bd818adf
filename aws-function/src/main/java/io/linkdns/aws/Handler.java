package io.linkdns.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.log.Counts;
import io.linkdns.core.log.LogLines;
import io.linkdns.core.ownership.RefusedException;
import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.reconcile.Reconciler;
import io.linkdns.core.reconcile.SweepCursor;
import io.linkdns.core.reconcile.SweepResult;
import io.linkdns.core.reconcile.ZoneScan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
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
  private final List<HealthCheck.Probe> healthTargets;
  private final EventParser parser;
  private final LogLines log;
  private final Metrics metrics;
  private final Optional<Requeue> requeue;

  /**
   * Signs and checks sweep continuations: present with a queue; without a seal key it can check
   * nothing.
   */
  private final Optional<Continuation.Signer> continuations;

  private SnapStartPriming priming; // held here: a checkpoint context may hold its resources weakly

  /**
   * Used by the Lambda runtime, which makes one instance per container while it initialises, so
   * clients and configuration are built once and land in the SnapStart snapshot.
   */
  public Handler() {
    this(System.getenv(), System.out);
  }

  private Handler(Map<String, String> env, PrintStream out) {
    this(AwsSettings.fromEnvironment(env), out);
  }

  private Handler(AwsSettings settings, PrintStream out) {
    this(settings, AwsClients.build(settings.clientConfig()), out);
    // The runtime calls its beforeCheckpoint hook only while SnapStart initialises a version.
    priming =
        SnapStartPriming.register(
            wiring,
            parser,
            JSON,
            log,
            () -> Rehearsal.run(settings, new PrintStream(OutputStream.nullOutputStream())));
  }

  /**
   * Wires a handler over given clients from the documented environment variables (see README,
   * "Configuration").
   */
  public Handler(Map<String, String> env, AwsClients clients, Region region, PrintStream out) {
    this(AwsSettings.fromEnvironment(env).inRegion(region), clients, out);
  }

  /** Wires a handler over given clients from settings read once. */
  public Handler(AwsSettings settings, AwsClients clients, PrintStream out) {
    this(
        AwsWiring.of(settings, clients),
        settings.functionName(),
        settings.roleArn(),
        out,
        settings.verifyTargets(),
        settings.queueUrl().map(url -> new Requeue(clients.sqs(), url)));
  }

  public Handler(
      AwsWiring wiring,
      Optional<String> functionName,
      Optional<String> roleArn,
      PrintStream out,
      List<HealthCheck.Probe> healthTargets) {
    this(wiring, functionName, roleArn, out, healthTargets, Optional.empty());
  }

  /**
   * @param requeue the event queue (LINKDNS_QUEUE_URL): a message for an endpoint still pending
   *     comes back after a short, growing delay instead of waiting for the sweep; without it the
   *     message is only reported as failed and comes back after the queue's visibility timeout
   */
  public Handler(
      AwsWiring wiring,
      Optional<String> functionName,
      Optional<String> roleArn,
      PrintStream out,
      List<HealthCheck.Probe> healthTargets,
      Optional<Requeue> requeue) {
    this.requeue = requeue;
    this.continuations =
        requeue.map(
            q ->
                new Continuation.Signer(
                    wiring.sealKey(),
                    wiring.options().ownerId(),
                    q.queueUrl(),
                    java.time.Clock.systemUTC()));
    this.wiring = wiring;
    this.reconciler = wiring.reconciler(false);
    this.healthTargets = List.copyOf(healthTargets);
    this.parser = new EventParser(JSON, roleArn);
    this.log = new LogLines("aws", LogLines.printTo(out));
    this.metrics = new Metrics(log, functionName.orElse("linkdns"));
    if (!wiring.sealKey().present()) {
      log.warn(
          "no seal key configured; owner markers are not sealed and only endpoints' own names and addresses vouch for records",
          Map.of("setting", "LINKDNS_SEAL_KEY_SECRET"));
    }
  }

  public AwsWiring wiring() {
    return wiring;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    log.correlate(context == null ? "" : context.getAwsRequestId());
    try {
      JsonNode result = handle(body, deadline(context));
      output.write(JSON.writeValueAsBytes(result));
    } finally {
      metrics.flush();
    }
  }

  /** Time kept back from the Lambda's remaining time to write the answer and flush the metrics. */
  static final Duration RESERVE = Duration.ofSeconds(2);

  static Deadline deadline(Context context) {
    if (context == null || context.getRemainingTimeInMillis() <= 0) {
      return Deadline.none();
    }
    return Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis())).less(RESERVE);
  }

  /**
   * Handles one invocation payload under the current thread's deadline (none, unless one was
   * entered).
   */
  public JsonNode handle(String body) {
    return handle(body, Deadline.current());
  }

  /**
   * Handles one invocation payload and returns the response document; every outside call stops at
   * the deadline. An SQS batch answers for each message; a direct invocation that fails is logged
   * and counted, then rethrown so the caller (scheduler, EventBridge) sees it failed.
   */
  public JsonNode handle(String body, Deadline deadline) {
    try (Deadline.Scope ignored = deadline.enter()) {
      return handleWithin(body, deadline);
    }
  }

  private JsonNode handleWithin(String body, Deadline deadline) {
    log.trigger("event");
    JsonNode event;
    try {
      event = parser.read(body);
    } catch (InvalidInputException e) {
      rejected(e);
      return JSON.createObjectNode().put("rejected", e.getMessage());
    }
    if (event.path("Records").isArray()) {
      return sqsBatch((ArrayNode) event.get("Records"), deadline);
    }
    ObjectNode response = JSON.createObjectNode();
    ArrayNode outcomes = response.putArray("outcomes");
    try {
      process(event, new Invocation(), new TreeSet<>())
          .forEach(o -> outcomes.add(JSON.valueToTree(o.summary())));
    } catch (RuntimeException | LinkageError e) {
      metrics.add(Counts.FAILURES, 1);
      log.failed("invocation failed", e, Map.of("event_id", event.path("id").asText("")));
      throw e;
    }
    return response;
  }

  /**
   * What one invocation has done so far: outcomes by endpoint, zone or sweep, and one scan of our
   * zones for deletes.
   */
  private static final class Invocation {
    final Map<String, List<Outcome>> seen = new LinkedHashMap<>();
    final ZoneScan scan = new ZoneScan();
  }

  /**
   * Each message gets a fair share of the time left among the messages still to do, so one that
   * cannot finish (thousands of ids, a slow API) cannot starve the others: it is returned as a
   * batch item failure when its share runs out, and one whose share is gone before it starts is not
   * started.
   */
  private JsonNode sqsBatch(ArrayNode records, Deadline deadline) {
    ObjectNode response = JSON.createObjectNode();
    ArrayNode failures = response.putArray("batchItemFailures");
    Invocation invocation = new Invocation();
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      String messageId = record.path("messageId").asText("");
      log.trigger("event");
      Deadline share = deadline.bounded() ? deadline.share(records.size() - i) : deadline;
      if (share.bounded() && share.expired()) {
        metrics.add(Counts.MESSAGES_NOT_STARTED, 1);
        log.warn(
            "no time left for the message; it returns to the queue",
            Map.of("message_id", messageId));
        failures.addObject().put("itemIdentifier", messageId);
        continue;
      }
      try (Deadline.Scope ignored = share.enter()) {
        JsonNode event = parser.read(record.path("body").asText(null));
        if (Continuation.claimed(event)) {
          resume(event, messageId, invocation);
          continue;
        }
        parser.requireNoControl(event);
        Set<String> pending = new TreeSet<>();
        process(event, invocation, pending);
        if (!pending.isEmpty() && retrySoon(record, messageId, pending)) {
          failures.addObject().put("itemIdentifier", messageId);
        }
      } catch (InvalidInputException e) {
        rejected(e); // retrying cannot fix a malformed event: drop it, loudly
      } catch (RuntimeException | LinkageError e) {
        // LinkageError: a class missing from a trimmed SDK client fails this message, not the whole
        // batch.
        boolean late = deadlineExceeded(e);
        metrics.add(late ? Counts.MESSAGES_UNFINISHED : Counts.FAILURES, 1);
        log.failed(
            late
                ? "message not finished in its share of the invocation's time; it returns to the queue"
                : "reconcile failed; message returns to the queue",
            e,
            Map.of("message_id", messageId));
        failures.addObject().put("itemIdentifier", messageId);
      }
    }
    return response;
  }

  /** The SDK may hand the interceptor's exception back wrapped. */
  private static boolean deadlineExceeded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DeadlineExceededException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Turns one event into reconciles. Within one invocation each endpoint, zone or sweep runs once:
   * later duplicates in the same SQS batch reuse the first outcome.
   */
  private List<Outcome> process(JsonNode event, Invocation invocation, Set<String> pending) {
    Map<String, List<Outcome>> seen = invocation.seen;
    Trigger trigger;
    try {
      trigger = parser.parse(event);
    } catch (RefusedException e) {
      // Well-formed but naming two accounts: refused like any other request the operator did not
      // allow.
      Outcome refused = Outcome.refused("", List.of(), Optional.empty(), e.getMessage());
      report(refused, event.path("account").asText(""));
      return List.of(refused);
    } catch (InvalidInputException e) {
      rejected(e);
      return List.of();
    }
    log.trigger(trigger.logName());
    List<Outcome> outcomes = new ArrayList<>();
    if (trigger instanceof Trigger.Ignored ignored) {
      metrics.add(Counts.EVENTS_IGNORED, 1);
      log.info(
          "event skipped",
          Map.of("reason", ignored.reason(), "event_id", event.path("id").asText("")));
    } else if (trigger instanceof Trigger.Verify v) {
      List<HealthCheck.Probe> targets = v.targets().isEmpty() ? healthTargets : v.targets();
      int problems = new HealthCheck(wiring, log).run(targets);
      metrics.add(Counts.VERIFY_PROBLEMS, problems);
      metrics.add(Counts.VERIFY_RUNS, 1);
    } else if (trigger instanceof Trigger.Sweep) {
      outcomes.addAll(
          seen.computeIfAbsent(
              "sweep", k -> sweep(UUID.randomUUID().toString(), SweepCursor.START)));
    } else if (trigger instanceof Trigger.ZoneChanged z) {
      outcomes.addAll(
          seen.computeIfAbsent(
              "zone " + z.hostedZoneId(), k -> List.of(reconciler.zone(z.hostedZoneId()))));
    } else if (trigger instanceof Trigger.Endpoints e) {
      String account = e.account();
      Reconciler reconciler;
      try {
        reconciler = reconcilerFor(account);
      } catch (RefusedException refused) {
        // An account not served: nothing is read in, assumed into or written for it.
        outcomes.add(Outcome.refused("", List.of(), Optional.empty(), refused.getMessage()));
        outcomes.forEach(o -> report(o, account));
        return outcomes;
      }
      // The event's VPC is a hint only where it is known to be the event's account's: an event of
      // one
      // account naming another's VPC must not have that VPC's endpoints read for it.
      Optional<String> hint =
          e.vpcHint()
              .filter(v -> wiring.accounts().single() || wiring.catalog().knownIn(v, account));
      boolean deleted = e.eventName().equals("DeleteVpcEndpoints");
      // Once per endpoint and asking account: another account's event naming the id (refused, or
      // finding nothing) must not stand in for the owner's own event later in the batch.
      String asked = "endpoint " + account + " ";
      if (deleted) {
        // All ids of the event in one go: one EC2 lookup per 200 ids and one pass over our zones
        // per invocation.
        List<String> fresh =
            e.endpointIds().stream()
                .filter(id -> !seen.containsKey(asked + id))
                .distinct()
                .toList();
        List<Outcome> done =
            fresh.isEmpty() ? List.of() : reconciler.deleted(fresh, invocation.scan);
        fresh.forEach(id -> seen.put(asked + id, List.of()));
        outcomes.addAll(done);
      }
      for (String id : deleted ? List.<String>of() : e.endpointIds()) {
        // A tag change may move the endpoint to another domain (or none): the records it backed
        // under
        // its old one go in this invocation too.
        boolean retagged = e.eventName().equals("CreateTags") || e.eventName().equals("DeleteTags");
        List<Outcome> done =
            seen.computeIfAbsent(
                asked + id,
                k ->
                    retagged
                        ? reconciler.retagged(id, hint)
                        : List.of(reconciler.endpoint(id, hint)));
        outcomes.addAll(done);
        // Pending as the reconcile read it: the outcome says so, nothing is asked of the catalog
        // afterwards.
        if (done.stream().flatMap(o -> o.pending().stream()).anyMatch(id::equalsIgnoreCase)) {
          pending.add(id);
        }
      }
    }
    String account =
        trigger instanceof Trigger.Endpoints e ? e.account() : event.path("account").asText("");
    outcomes.forEach(o -> report(o, account));
    return outcomes;
  }

  /** Time kept back from a sweep's deadline to put its continuation on the queue. */
  static final Duration CONTINUE_RESERVE = Duration.ofSeconds(2);

  /**
   * A part of a sweep, from the cursor until the end or the deadline (less the time to send the
   * continuation). A sweep stopped after some progress continues through the function's own queue,
   * signed; with no queue or no seal key, or when this part made no progress, it is reported
   * unfinished and the next scheduled sweep starts again.
   */
  private List<Outcome> sweep(String sweepId, SweepCursor from) {
    SweepResult result;
    try (Deadline.Scope ignored = Deadline.current().less(CONTINUE_RESERVE).enter()) {
      result = reconciler.sweep(from);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("sweep_id", sweepId);
    fields.put("zones_done", result.done());
    if (result.unfinished().isEmpty()) {
      log.info("sweep finished", fields);
      return result.outcomes();
    }
    SweepCursor next = result.unfinished().get();
    fields.put("zones_left", result.left());
    fields.put("phase", next.phase().name().toLowerCase(java.util.Locale.ROOT));
    fields.put("after", next.after());
    metrics.add(Counts.SWEEPS_UNFINISHED, 1);
    if (next.equals(from)) {
      log.warn(
          "sweep unfinished and no zone done in this invocation; the next scheduled sweep starts again",
          fields);
    } else if (continuations.isEmpty() || !continuations.get().ready()) {
      fields.put(
          "setting", continuations.isEmpty() ? "LINKDNS_QUEUE_URL" : "LINKDNS_SEAL_KEY_SECRET");
      log.warn(
          "sweep unfinished at the deadline; without a queue and a seal key it cannot continue, the next scheduled sweep starts again",
          fields);
    } else {
      try {
        requeue
            .get()
            .send(continuations.get().write(JSON, new Continuation(sweepId, next, Instant.now())));
        log.info("sweep unfinished at the deadline; it continues from the queue", fields);
      } catch (RuntimeException e) {
        fields.put("error", String.valueOf(e.getMessage()));
        log.warn(
            "sweep unfinished; its continuation could not be queued, the next scheduled sweep starts again",
            fields);
      }
    }
    return result.outcomes();
  }

  /**
   * A sweep's continuation from the queue: checked before anything is read (signed by this
   * installation for this queue, recent); refused and dropped otherwise, as retrying cannot make it
   * ours.
   */
  private void resume(JsonNode event, String messageId, Invocation invocation) {
    Continuation c;
    try {
      if (continuations.isEmpty()) {
        throw new RefusedException(
            Continuation.FIELD,
            "(continuation)",
            "LINKDNS_QUEUE_URL is not set, so this function "
                + "sends no continuations and accepts none");
      }
      c = continuations.get().open(event);
    } catch (InvalidInputException e) {
      metrics.add(Counts.REFUSED, 1);
      log.error(
          "sweep continuation refused",
          Map.of("field", e.field(), "error", e.getMessage(), "message_id", messageId));
      return;
    }
    log.trigger("sweep");
    String key = "sweep " + c.sweepId() + " " + c.cursor();
    List<Outcome> outcomes =
        invocation.seen.computeIfAbsent(key, k -> sweep(c.sweepId(), c.cursor()));
    outcomes.forEach(o -> report(o, ""));
  }

  /**
   * The reconciler for an event of the account. A single-account install that was not told its
   * account id reads in its own account whatever the event says, as it always did (another
   * account's endpoint ids are simply not found there); otherwise an account not served is refused
   * ({@link RefusedException}) before any call.
   */
  private Reconciler reconcilerFor(String account) {
    if (account.isEmpty()) {
      return reconciler;
    }
    if (wiring.accounts().single() && wiring.aws().homeAccount().isEmpty()) {
      return reconciler.asking("account " + account);
    }
    return wiring.reconcilerFor(account);
  }

  /**
   * Asks for the message back after 30 s, 60 s, 120 s ... (15 minutes at most), counted by its
   * receives; true when it is to be reported failed. After {@link Requeue#MAX_RECEIVES} receives
   * the endpoint is left to the sweep (acceptance can take days), so the message never reaches the
   * DLQ.
   */
  private boolean retrySoon(JsonNode record, String messageId, Set<String> pending) {
    int receives = Math.max(1, record.path("attributes").path("ApproximateReceiveCount").asInt(1));
    int seconds = Requeue.delaySeconds(receives);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message_id", messageId);
    fields.put("endpoints", List.copyOf(pending));
    fields.put("receive_count", receives);
    metrics.add(Counts.ENDPOINTS_PENDING, pending.size());
    if (receives >= Requeue.MAX_RECEIVES) {
      log.info("endpoint still pending; left to the sweep", fields);
      return false;
    }
    if (requeue.isEmpty()) {
      log.info(
          "endpoint pending; message returns to the queue after its visibility timeout", fields);
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

  private void report(Outcome o, String account) {
    metrics.outcome(o);
    // the account the event came from, which the catalog was asked about
    log.outcome(o, account.isEmpty() ? Map.of() : Map.of("account", account));
  }

  private void rejected(InvalidInputException e) {
    metrics.add(Counts.EVENTS_REJECTED, 1);
    log.error("event rejected", Map.of("field", e.field(), "error", e.getMessage()));
  }
}
