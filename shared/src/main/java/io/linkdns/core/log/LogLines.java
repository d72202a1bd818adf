package io.linkdns.core.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.reconcile.Outcome;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes linkdns's structured log lines, one JSON object per line, with the same fields on every
 * cloud (the schema is in the README, "Logs and metrics").
 */
public final class LogLines {
  /** Every line's {@code service}. */
  public static final String SERVICE = "linkdns";

  /** How serious a line is; the cloud's log pipeline maps it to its own levels. */
  public enum Level {
    INFO,
    WARN,
    ERROR
  }

  /** Where finished lines go: stdout on Lambda, the function's logger on Azure. */
  @FunctionalInterface
  public interface Sink {
    void write(Level level, String line);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String cloud;
  private final Sink sink;
  private volatile String correlationId = "";
  private volatile String trigger = "";

  /**
   * @param cloud {@code aws} or {@code azure}, written as each line's {@code cloud}
   */
  public LogLines(String cloud, Sink sink) {
    this.cloud = cloud;
    this.sink = sink;
  }

  /** A sink printing each line to {@code out}, whole lines even when threads write at once. */
  public static Sink printTo(PrintStream out) {
    return (level, line) -> {
      synchronized (out) {
        out.println(line);
      }
    };
  }

  /** The id later lines carry as {@code correlation_id} (the request or event id). */
  public void correlate(String id) {
    this.correlationId = id == null ? "" : id;
  }

  /** What started the work later lines report ({@code trigger}); empty leaves the field out. */
  public void trigger(String name) {
    this.trigger = name == null ? "" : name;
  }

  public void info(String message, Map<String, ?> fields) {
    write(Level.INFO, message, fields);
  }

  public void warn(String message, Map<String, ?> fields) {
    write(Level.WARN, message, fields);
  }

  public void error(String message, Map<String, ?> fields) {
    write(Level.ERROR, message, fields);
  }

  /**
   * An ERROR line for a failure: {@code status} FAILED, {@code error} its message, {@code
   * exception} its class.
   */
  public void failed(String message, Throwable e, Map<String, ?> fields) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("status", Outcome.Status.FAILED.name());
    all.putAll(fields);
    all.put("error", String.valueOf(e.getMessage()));
    all.put("exception", e.getClass().getName());
    write(Level.ERROR, message, all);
  }

  /** One line per reconcile: its summary, at a level and with a message chosen by what happened. */
  public void outcome(Outcome o, Map<String, ?> fields) {
    Map<String, Object> all = new LinkedHashMap<>(o.summary());
    all.putAll(fields);
    switch (o.status()) {
      case FAILED -> error("reconcile failed", all);
      case SKIPPED -> info("reconcile skipped", all);
      case REFUSED -> warn("refused", all);
      default -> {
        if (!o.refusals().isEmpty()) {
          warn("reconciled; some requests refused", all);
        } else if (!o.conflicts().isEmpty()) {
          warn("reconciled with conflicts", all);
        } else {
          info("reconciled", all);
        }
      }
    }
  }

  /**
   * The invocation's metrics line: each count a top-level number named after its metric (so the
   * same line is CloudWatch Embedded Metric Format once {@code extra} adds the {@code _aws}
   * directive).
   */
  public void metrics(Map<String, Double> counts, Map<String, ?> extra) {
    Map<String, Object> all = new LinkedHashMap<>(extra);
    all.putAll(counts);
    write(Level.INFO, "metrics", all);
  }

  private void write(Level level, String message, Map<String, ?> fields) {
    ObjectNode line = JSON.createObjectNode();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level.name());
    line.put("service", SERVICE);
    line.put("cloud", cloud);
    line.put("correlation_id", correlationId);
    if (!trigger.isEmpty()) {
      line.put("trigger", trigger);
    }
    line.put("message", message);
    fields.forEach((k, v) -> line.set(k, JSON.valueToTree(v)));
    sink.write(level, line.toString());
  }
}
