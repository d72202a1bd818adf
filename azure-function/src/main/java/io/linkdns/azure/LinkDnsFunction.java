package io.linkdns.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.reconcile.Outcome;
import java.util.ArrayList;
import java.util.List;
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

  private final Supplier<Wiring> wiring;

  public LinkDnsFunction() {
    this(LinkDnsFunction::shared);
  }

  public LinkDnsFunction(Wiring wiring) {
    this(() -> wiring);
  }

  private LinkDnsFunction(Supplier<Wiring> wiring) {
    this.wiring = wiring;
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

  /** Handles one delivery; returns the outcomes (skips included). Malformed input raises after it is logged. */
  public List<Outcome> handle(String body, OutcomeLog log, String invocationId) {
    Wiring w = wiring.get();
    List<Trigger> triggers;
    try {
      triggers = w.events().parse(body);
    } catch (InvalidInputException e) {
      log.error("event", invocationId, e);
      throw e;
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Trigger t : triggers) {
      String correlation = t.eventId().isEmpty() ? invocationId : t.eventId();
      long start = System.nanoTime();
      try {
        if (t instanceof Trigger.Skip s) {
          log.skip("event", correlation, s.reason());
          outcomes.add(Outcome.skipped("", List.of(), s.reason()));
        } else if (t instanceof Trigger.ZoneChanged z) {
          Outcome o = w.reconciler().zone(z.zoneId());
          log.outcome("record-set-change", correlation, o, millisSince(start));
          outcomes.add(o);
        } else if (t instanceof Trigger.EndpointChanged e) {
          for (Outcome o : endpoint(w, e)) {
            log.outcome(e.deleted() ? "endpoint-delete" : "endpoint-write", correlation, o, millisSince(start));
            outcomes.add(o);
          }
        }
      } catch (RuntimeException e) {
        log.error("event", correlation, e);
        throw e;
      }
    }
    return List.copyOf(outcomes);
  }

  /**
   * Once deleted, an endpoint can no longer be read, so neither can its VNet: the zones whose owner
   * markers name it are reconciled instead. A write (or a delete still in progress) goes the usual way.
   */
  private static List<Outcome> endpoint(Wiring w, Trigger.EndpointChanged e) {
    if (!e.deleted()) {
      return List.of(w.reconciler().endpoint(e.endpointId(), Optional.empty()));
    }
    return w.reconciler().deleted(e.endpointId());
  }

  public List<Outcome> sweepAll(OutcomeLog log, String invocationId) {
    long start = System.nanoTime();
    List<Outcome> outcomes;
    try {
      outcomes = wiring.get().reconciler().sweep();
    } catch (RuntimeException e) {
      log.error("sweep", invocationId, e);
      throw e;
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
