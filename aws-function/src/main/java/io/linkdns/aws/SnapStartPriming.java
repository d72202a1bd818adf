package io.linkdns.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.log.LogLines;
import io.linkdns.core.reconcile.Reconciler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: just before Lambda snapshots an initialised version, runs the read half of the
 * deployed event path (an SQS-wrapped CloudTrail event parsed, its endpoint looked up, the
 * account's AZ map, the private zones and one zone reconciled in dry-run: records read, planned and
 * diffed) with the real clients, then the write half on canned answers ({@link Rehearsal}: a zone
 * created and records written, none of it leaving the process), so the classes and first-call work
 * of both are in the snapshot and a restored instance's first event costs close to a warm one. It
 * writes nothing and never fails initialisation.
 */
final class SnapStartPriming implements Resource {
  private static final String SAMPLE_EVENT = "priming-event.json";
  private static final int PRIMING_PAGE = 10;

  private final AwsWiring wiring;
  private final EventParser parser;
  private final ObjectMapper json;
  private final LogLines log;
  private final Supplier<List<String>> rehearsal;

  /**
   * @param rehearsal runs the write half on canned answers; returns the operations it made
   */
  SnapStartPriming(
      AwsWiring wiring,
      EventParser parser,
      ObjectMapper json,
      LogLines log,
      Supplier<List<String>> rehearsal) {
    this.wiring = wiring;
    this.parser = parser;
    this.json = json;
    this.log = log;
    this.rehearsal = rehearsal;
  }

  /**
   * Registers with the runtime's checkpoint context. The caller keeps the returned object: a
   * checkpoint context may hold its resources weakly.
   */
  static SnapStartPriming register(
      AwsWiring wiring,
      EventParser parser,
      ObjectMapper json,
      LogLines log,
      Supplier<List<String>> rehearsal) {
    SnapStartPriming priming = new SnapStartPriming(wiring, parser, json, log, rehearsal);
    Core.getGlobalContext().register(priming);
    return priming;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    long start = System.nanoTime();
    List<String> problems = prime();
    log.info(
        "primed before the SnapStart snapshot",
        Map.of("problems", problems, "millis", (System.nanoTime() - start) / 1_000_000));
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing to refresh: clients re-open connections by themselves, credentials come from the
    // restored environment.
  }

  /**
   * Runs the read paths; returns what went wrong, one line per step (an empty account is not a
   * problem).
   */
  List<String> prime() {
    List<String> problems = new ArrayList<>(wiring.prime());
    Reconciler dryRun = wiring.reconciler(true);
    try {
      JsonNode batch = parser.read(sampleEvent());
      for (JsonNode record : batch.path("Records")) {
        // The sample names an endpoint no account has: EC2 answers "not found", the outcome is a
        // skip.
        if (parser.parse(parser.read(record.path("body").asText()))
            instanceof Trigger.Endpoints e) {
          for (String id : e.endpointIds()) {
            json.writeValueAsBytes(dryRun.endpoint(id, e.vpcHint()).summary());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add("event path: " + e.getMessage());
    }
    try {
      // one page of zones, not the sweep's full listing: priming must stay short in an account with
      // many
      wiring
          .zones()
          .anyPrivate(PRIMING_PAGE)
          .ifPresent(zone -> json.valueToTree(dryRun.zone(zone.id()).summary()));
    } catch (RuntimeException e) {
      problems.add("zone path: " + e.getMessage());
    }
    try {
      List<String> rehearsed = rehearsal.get();
      if (!rehearsed.contains("ChangeResourceRecordSets")) {
        problems.add("write path: rehearsal stopped after " + rehearsed);
      }
    } catch (RuntimeException e) {
      problems.add("write path: " + e.getMessage());
    }
    return List.copyOf(problems);
  }

  /** An SQS-wrapped CloudTrail CreateVpcEndpoint event for an endpoint no account has. */
  static String sampleEvent() {
    try (InputStream in = SnapStartPriming.class.getResourceAsStream(SAMPLE_EVENT)) {
      if (in == null) {
        throw new IllegalStateException(SAMPLE_EVENT + " is missing from the function jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
