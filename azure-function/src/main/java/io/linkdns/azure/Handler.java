package io.linkdns.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.linkdns.core.Deadline;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.config.Settings;
import io.linkdns.core.log.Counts;
import io.linkdns.core.log.LogLines;
import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.reconcile.ZoneScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Azure Functions entry points: Event Grid resource events (private endpoint writes and
 * deletes, record-set changes by someone else) and the scheduled sweep. Clients are built once per
 * process; each invocation reconciles, logs one JSON line per outcome and ends with one metrics
 * line. A failed reconcile or a malformed event fails the invocation, so Event Grid retries it and
 * finally dead-letters it.
 */
public class Handler {
  private static AzureWiring shared;

  /**
   * Built on first use and kept; a bad setting fails each invocation with the variable's name, not
   * a class-init error.
   */
  private static synchronized AzureWiring shared() {
    if (shared == null) {
      shared = AzureWiring.fromEnvironment(System.getenv());
    }
    return shared;
  }

  /**
   * How long an invocation may run: Azure Functions has no remaining-time API, so this is the
   * host's functionTimeout (host.json: 10 minutes) less a margin, from LINKDNS_INVOCATION_SECONDS
   * (default 540).
   */
  static Duration invocationTime(Map<String, String> env) {
    return Duration.ofSeconds(
        (long) Settings.number(env, "LINKDNS_INVOCATION_SECONDS", 540, 1, 3600));
  }

  private final Supplier<AzureWiring> wiring;
  private final Duration invocation;

  public Handler() {
    this(Handler::shared, invocationTime(System.getenv()));
  }

  public Handler(AzureWiring wiring) {
    this(() -> wiring, invocationTime(System.getenv()));
  }

  public Handler(AzureWiring wiring, Duration invocation) {
    this(() -> wiring, invocation);
  }

  private Handler(Supplier<AzureWiring> wiring, Duration invocation) {
    this.wiring = wiring;
    this.invocation = invocation;
  }

  @FunctionName("linkdns-events")
  public void events(
      @EventGridTrigger(name = "event") String event, final ExecutionContext context) {
    List<Outcome> outcomes = handle(event, log(context.getLogger()), context.getInvocationId());
    failIfAnyFailed(outcomes);
  }

  @FunctionName("linkdns-sweep")
  public void sweep(
      @TimerTrigger(name = "timer", schedule = "%LINKDNS_SWEEP_SCHEDULE%") String timer,
      final ExecutionContext context) {
    List<Outcome> outcomes = sweepAll(log(context.getLogger()), context.getInvocationId());
    failIfAnyFailed(outcomes);
  }

  /**
   * Log lines of the shared schema (README, "Logs and metrics") written to the function's logger.
   */
  public static LogLines log(Logger logger) {
    return new LogLines(
        "azure",
        (level, line) ->
            logger.log(
                switch (level) {
                  case ERROR -> Level.SEVERE;
                  case WARN -> Level.WARNING;
                  case INFO -> Level.INFO;
                },
                line));
  }

  /** Handles one delivery within the invocation's time (LINKDNS_INVOCATION_SECONDS). */
  public List<Outcome> handle(String body, LogLines log, String invocationId) {
    return handle(body, log, invocationId, Deadline.in(invocation));
  }

  /**
   * Handles one delivery; returns the outcomes (skips included). Malformed input raises after it is
   * logged. Each event of the delivery gets a fair share of the time left; one that fails or runs
   * out of time (a LinkageError from a trimmed client included) is logged and the others still run,
   * then the invocation fails so Event Grid delivers it again. Deletes of endpoints the cloud no
   * longer knows share one pass over linkdns's zones for the whole delivery. The invocation's
   * counts end it as one metrics line (Azure has no EMF pipeline).
   */
  public List<Outcome> handle(String body, LogLines log, String invocationId, Deadline deadline) {
    Counts counts = new Counts();
    try (Deadline.Scope ignored = deadline.enter()) {
      return handleWithin(body, log, invocationId, deadline, counts);
    } finally {
      log.correlate(invocationId);
      log.trigger("event");
      log.metrics(counts.drain(), Map.of());
    }
  }

  private List<Outcome> handleWithin(
      String body, LogLines log, String invocationId, Deadline deadline, Counts counts) {
    AzureWiring w = wiring.get();
    List<Trigger> triggers;
    log.correlate(invocationId);
    log.trigger("event");
    try {
      triggers = w.events().parse(body);
    } catch (InvalidInputException e) {
      counts.add(Counts.EVENTS_REJECTED, 1);
      log.failed("event rejected", e, Map.of("field", e.field()));
      throw e;
    }
    List<Outcome> outcomes = new ArrayList<>();
    ZoneScan scan = new ZoneScan();
    RuntimeException first = null;
    for (int i = 0; i < triggers.size(); i++) {
      Trigger t = triggers.get(i);
      String correlation = t.eventId().isEmpty() ? invocationId : t.eventId();
      log.correlate(correlation);
      log.trigger("event");
      long start = System.nanoTime();
      Deadline share = deadline.bounded() ? deadline.share(triggers.size() - i) : deadline;
      try (Deadline.Scope inShare = share.enter()) {
        share.check("event " + correlation);
        if (t instanceof Trigger.Skip s) {
          counts.add(Counts.EVENTS_IGNORED, 1);
          log.info(
              "event skipped",
              Map.of("status", Outcome.Status.SKIPPED.name(), "reason", s.reason()));
          outcomes.add(Outcome.skipped("", List.of(), s.reason()));
        } else if (t instanceof Trigger.Refused r) {
          // Logged as an outcome (status REFUSED, the reason naming both subscriptions), not
          // failed:
          // Event Grid delivering it again would change nothing.
          Outcome o = Outcome.refused("", List.of(), Optional.empty(), r.reason());
          report(log, counts, o, start);
          outcomes.add(o);
        } else if (t instanceof Trigger.ZoneChanged z) {
          log.trigger("record-set-change");
          Outcome o = w.reconciler().zone(z.zoneId());
          report(log, counts, o, start);
          outcomes.add(o);
        } else if (t instanceof Trigger.EndpointChanged e) {
          log.trigger(e.deleted() ? "endpoint-delete" : "endpoint-write");
          for (Outcome o : endpoint(w, e, scan)) {
            report(log, counts, o, start);
            outcomes.add(o);
          }
        }
      } catch (InvalidInputException e) {
        counts.add(Counts.EVENTS_REJECTED, 1);
        log.failed("event rejected", e, Map.of("field", e.field()));
        first = first == null ? e : first;
      } catch (RuntimeException e) {
        counts.add(Counts.FAILURES, 1);
        log.failed("reconcile failed", e, Map.of());
        first = first == null ? e : first;
      } catch (LinkageError e) {
        // A class missing from a trimmed client fails this event, not the others of the delivery.
        counts.add(Counts.FAILURES, 1);
        log.failed("reconcile failed", e, Map.of());
        first =
            first == null ? new IllegalStateException("event " + correlation + ": " + e, e) : first;
      }
    }
    if (first != null) {
      throw first;
    }
    return List.copyOf(outcomes);
  }

  private static void report(LogLines log, Counts counts, Outcome o, long start) {
    counts.outcome(o);
    log.outcome(o, Map.of("duration_ms", millisSince(start)));
  }

  /**
   * Once deleted, an endpoint can no longer be read, so neither can its VNet: the zones whose owner
   * markers name it are reconciled instead. A write (or a delete still in progress) goes the usual
   * way, plus the other zones of ours in its VNet whose markers still name it.
   */
  private static List<Outcome> endpoint(AzureWiring w, Trigger.EndpointChanged e, ZoneScan scan) {
    if (!e.deleted()) {
      // A write event does not say whether the tags changed: the endpoint may have moved to another
      // domain (or none), and the records it backed under the old one go in this invocation too.
      return w.reconciler().retagged(e.endpointId(), Optional.empty());
    }
    return w.reconciler().deleted(List.of(e.endpointId()), scan);
  }

  public List<Outcome> sweepAll(LogLines log, String invocationId) {
    long start = System.nanoTime();
    Counts counts = new Counts();
    log.correlate(invocationId);
    log.trigger("sweep");
    try (Deadline.Scope ignored = Deadline.in(invocation).enter()) {
      List<Outcome> outcomes;
      try {
        outcomes = wiring.get().reconciler().sweep();
      } catch (RuntimeException e) {
        counts.add(Counts.FAILURES, 1);
        log.failed("reconcile failed", e, Map.of());
        throw e;
      } catch (LinkageError e) {
        counts.add(Counts.FAILURES, 1);
        log.failed("reconcile failed", e, Map.of());
        throw new IllegalStateException("sweep: " + e, e);
      }
      outcomes.forEach(o -> report(log, counts, o, start));
      return outcomes;
    } finally {
      log.metrics(counts.drain(), Map.of());
    }
  }

  private static void failIfAnyFailed(List<Outcome> outcomes) {
    List<String> errors =
        outcomes.stream()
            .filter(o -> o.status() == Outcome.Status.FAILED)
            .map(o -> o.domain() + ": " + o.error().orElse("failed"))
            .toList();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("reconcile failed: " + String.join("; ", errors));
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
