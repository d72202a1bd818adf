package io.linkdns.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.linkdns.core.Deadline;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.config.Settings;
import io.linkdns.core.reconcile.ZoneScan;
import io.linkdns.core.reconcile.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Azure Functions entry points: Event Grid resource events (private endpoint writes and
 * deletes, record-set changes by someone else) and the scheduled sweep. Clients are built once per
 * process; each invocation reconciles and logs one JSON line per outcome. A failed reconcile or a
 * malformed event fails the invocation, so Event Grid retries it and finally dead-letters it.
 */
public class LinkDnsFunction {
  private static Wiring shared;

  /** Built on first use and kept; a bad setting fails each invocation with the variable's name, not a class-init error. */
  private static synchronized Wiring shared() {
    if (shared == null) {
      shared = Wiring.fromEnvironment(System.getenv());
    }
    return shared;
  }

  /**
   * How long an invocation may run: Azure Functions has no remaining-time API, so this is the host's
   * functionTimeout (host.json: 10 minutes) less a margin, from LINKDNS_INVOCATION_SECONDS (default 540).
   */
  static Duration invocationTime(Map<String, String> env) {
    return Duration.ofSeconds((long) Settings.number(env, "LINKDNS_INVOCATION_SECONDS", 540, 1, 3600));
  }

  private final Supplier<Wiring> wiring;
  private final Duration invocation;

  public LinkDnsFunction() {
    this(LinkDnsFunction::shared, invocationTime(System.getenv()));
  }

  public LinkDnsFunction(Wiring wiring) {
    this(() -> wiring, invocationTime(System.getenv()));
  }

  public LinkDnsFunction(Wiring wiring, Duration invocation) {
    this(() -> wiring, invocation);
  }

  private LinkDnsFunction(Supplier<Wiring> wiring, Duration invocation) {
    this.wiring = wiring;
    this.invocation = invocation;
  }

  @FunctionName("linkdns-events")
  public void events(@EventGridTrigger(name = "event") String event, final ExecutionContext context) {
    List<Outcome> outcomes = handle(event, new OutcomeLog(context.getLogger()), context.getInvocationId());
    failIfAnyFailed(outcomes);
  }

  @FunctionName("linkdns-sweep")
  public void sweep(@TimerTrigger(name = "timer", schedule = "%LINKDNS_SWEEP_SCHEDULE%") String timer,
      final ExecutionContext context) {
    List<Outcome> outcomes = sweepAll(new OutcomeLog(context.getLogger()), context.getInvocationId());
    failIfAnyFailed(outcomes);
  }

  /** Handles one delivery within the invocation's time (LINKDNS_INVOCATION_SECONDS). */
  public List<Outcome> handle(String body, OutcomeLog log, String invocationId) {
    return handle(body, log, invocationId, Deadline.in(invocation));
  }

  /**
   * Handles one delivery; returns the outcomes (skips included). Malformed input raises after it is
   * logged. Each event of the delivery gets a fair share of the time left; one that fails or runs out
   * of time (a LinkageError from a trimmed client included) is logged and the others still run, then
   * the invocation fails so Event Grid delivers it again. Deletes of endpoints the cloud no longer
   * knows share one pass over linkdns's zones for the whole delivery.
   */
  public List<Outcome> handle(String body, OutcomeLog log, String invocationId, Deadline deadline) {
    try (Deadline.Scope ignored = deadline.enter()) {
      return handleWithin(body, log, invocationId, deadline);
    }
  }

  private List<Outcome> handleWithin(String body, OutcomeLog log, String invocationId, Deadline deadline) {
    Wiring w = wiring.get();
    List<Trigger> triggers;
    try {
      triggers = w.events().parse(body);
    } catch (InvalidInputException e) {
      log.error("event", invocationId, e);
      throw e;
    }
    List<Outcome> outcomes = new ArrayList<>();
    ZoneScan scan = new ZoneScan();
    RuntimeException first = null;
    for (int i = 0; i < triggers.size(); i++) {
      Trigger t = triggers.get(i);
      String correlation = t.eventId().isEmpty() ? invocationId : t.eventId();
      long start = System.nanoTime();
      Deadline share = deadline.bounded() ? deadline.share(triggers.size() - i) : deadline;
      try (Deadline.Scope inShare = share.enter()) {
        share.check("event " + correlation);
        if (t instanceof Trigger.Skip s) {
          log.skip("event", correlation, s.reason());
          outcomes.add(Outcome.skipped("", List.of(), s.reason()));
        } else if (t instanceof Trigger.ZoneChanged z) {
          Outcome o = w.reconciler().zone(z.zoneId());
          log.outcome("record-set-change", correlation, o, millisSince(start));
          outcomes.add(o);
        } else if (t instanceof Trigger.EndpointChanged e) {
          for (Outcome o : endpoint(w, e, scan)) {
            log.outcome(e.deleted() ? "endpoint-delete" : "endpoint-write", correlation, o, millisSince(start));
            outcomes.add(o);
          }
        }
      } catch (RuntimeException e) {
        log.error("event", correlation, e);
        first = first == null ? e : first;
      } catch (LinkageError e) {
        // A class missing from a trimmed client fails this event, not the others of the delivery.
        log.error("event", correlation, e);
        first = first == null ? new IllegalStateException("event " + correlation + ": " + e, e) : first;
      }
    }
    if (first != null) {
      throw first;
    }
    return List.copyOf(outcomes);
  }

  /**
   * Once deleted, an endpoint can no longer be read, so neither can its VNet: the zones whose owner
   * markers name it are reconciled instead. A write (or a delete still in progress) goes the usual way.
   */
  private static List<Outcome> endpoint(Wiring w, Trigger.EndpointChanged e, ZoneScan scan) {
    if (!e.deleted()) {
      return List.of(w.reconciler().endpoint(e.endpointId(), Optional.empty()));
    }
    return w.reconciler().deleted(List.of(e.endpointId()), scan);
  }

  public List<Outcome> sweepAll(OutcomeLog log, String invocationId) {
    long start = System.nanoTime();
    List<Outcome> outcomes;
    try (Deadline.Scope ignored = Deadline.in(invocation).enter()) {
      outcomes = wiring.get().reconciler().sweep();
    } catch (RuntimeException e) {
      log.error("sweep", invocationId, e);
      throw e;
    } catch (LinkageError e) {
      log.error("sweep", invocationId, e);
      throw new IllegalStateException("sweep: " + e, e);
    }
    outcomes.forEach(o -> log.outcome("sweep", invocationId, o, millisSince(start)));
    return outcomes;
  }

  private static void failIfAnyFailed(List<Outcome> outcomes) {
    List<String> errors = outcomes.stream()
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
