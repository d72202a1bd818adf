package io.linkdns.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.log.Counts;
import io.linkdns.core.log.LogLines;
import io.linkdns.core.reconcile.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts for one invocation, written as the invocation's metrics log line in CloudWatch Embedded
 * Metric Format when flushed (the handler flushes in {@code finally}, so a failed invocation still
 * reports).
 */
public final class Metrics {
  public static final String NAMESPACE = "linkdns";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LogLines log;
  private final String functionName;
  private final Counts counts = new Counts();

  public Metrics(LogLines log, String functionName) {
    this.log = log;
    this.functionName = functionName;
  }

  public void add(String name, double value) {
    counts.add(name, value);
  }

  /** Counts one reconcile's outcome under the shared metric names. */
  public void outcome(Outcome o) {
    counts.outcome(o);
  }

  public Map<String, Double> snapshot() {
    return counts.snapshot();
  }

  public void flush() {
    Map<String, Double> values = counts.drain();
    if (values.isEmpty()) {
      return;
    }
    ObjectNode aws = JSON.createObjectNode();
    aws.put("Timestamp", System.currentTimeMillis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("function");
    ArrayNode metrics = directive.putArray("Metrics");
    values.keySet().forEach(name -> metrics.addObject().put("Name", name).put("Unit", "Count"));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("_aws", aws);
    extra.put("function", functionName);
    log.metrics(values, extra);
  }
}
