package io.linkdns.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.reconcile.Outcome;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes one structured JSON line per outcome, skip or error, with the event id as correlation id. */
public final class OutcomeLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Logger logger;

  public OutcomeLog(Logger logger) {
    this.logger = logger;
  }

  public void outcome(String trigger, String correlationId, Outcome o, long millis) {
    String level = o.status() == Outcome.Status.FAILED ? "ERROR"
        : o.conflicts().isEmpty() && o.refusals().isEmpty() && o.status() != Outcome.Status.REFUSED ? "INFO" : "WARN";
    ObjectNode line = base(level, trigger, correlationId);
    o.summary().forEach((key, value) -> line.set(key, JSON.valueToTree(value)));
    line.put("durationMs", millis);
    write(line);
  }

  public void skip(String trigger, String correlationId, String reason) {
    ObjectNode line = base("INFO", trigger, correlationId);
    line.put("status", "SKIPPED");
    line.put("reason", reason);
    write(line);
  }

  public void error(String trigger, String correlationId, Throwable error) {
    ObjectNode line = base("ERROR", trigger, correlationId);
    line.put("status", "FAILED");
    line.put("errorType", error.getClass().getName());
    line.put("error", String.valueOf(error.getMessage()));
    write(line);
  }

  private static ObjectNode base(String level, String trigger, String correlationId) {
    ObjectNode line = JSON.createObjectNode();
    line.put("time", Instant.now().toString());
    line.put("level", level);
    line.put("service", "linkdns-azure");
    line.put("trigger", trigger);
    line.put("correlationId", correlationId);
    return line;
  }

  private void write(ObjectNode line) {
    String level = line.get("level").asText();
    logger.log(level.equals("ERROR") ? Level.SEVERE : level.equals("WARN") ? Level.WARNING : Level.INFO, line.toString());
  }
}
