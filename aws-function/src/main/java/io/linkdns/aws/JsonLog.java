package io.linkdns.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/** One JSON object per line on stdout, with level, message and the invocation's correlation id. */
public final class JsonLog {
  /** A stream that drops everything (priming's rehearsal logs there). */
  public static final PrintStream NOWHERE = new PrintStream(java.io.OutputStream.nullOutputStream());

  private final ObjectMapper json;
  private final PrintStream out;
  private volatile String correlationId = "";

  public JsonLog(ObjectMapper json, PrintStream out) {
    this.json = json;
    this.out = out;
  }

  public void correlate(String id) {
    this.correlationId = id == null ? "" : id;
  }

  public void info(String message, Map<String, ?> fields) {
    write("INFO", message, fields);
  }

  public void warn(String message, Map<String, ?> fields) {
    write("WARN", message, fields);
  }

  public void error(String message, Map<String, ?> fields) {
    write("ERROR", message, fields);
  }

  private void write(String level, String message, Map<String, ?> fields) {
    ObjectNode line = json.createObjectNode();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level);
    line.put("service", "linkdns");
    line.put("correlation_id", correlationId);
    line.put("message", message);
    fields.forEach((k, v) -> line.set(k, json.valueToTree(v)));
    synchronized (out) {
      out.println(line);
    }
  }
}
