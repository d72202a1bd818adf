package io.linkdns.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts for one invocation, written as one CloudWatch Embedded Metric Format line when flushed
 * (the handler flushes in {@code finally}, so a failed invocation still reports).
 */
public final class Metrics {
  public static final String NAMESPACE = "linkdns";

  private final ObjectMapper json;
  private final PrintStream out;
  private final String functionName;
  private final Map<String, Double> values = new TreeMap<>();

  public Metrics(ObjectMapper json, PrintStream out, String functionName) {
    this.json = json;
    this.out = out;
    this.functionName = functionName;
  }

  public synchronized void add(String name, double value) {
    values.merge(name, value, Double::sum);
  }

  public synchronized Map<String, Double> snapshot() {
    return Map.copyOf(values);
  }

  public synchronized void flush() {
    if (values.isEmpty()) {
      return;
    }
    ObjectNode root = json.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", System.currentTimeMillis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("function");
    ArrayNode metrics = directive.putArray("Metrics");
    root.put("function", functionName);
    values.forEach((name, value) -> {
      metrics.addObject().put("Name", name).put("Unit", "Count");
      root.put(name, value);
    });
    synchronized (out) {
      out.println(root);
    }
    values.clear();
  }
}
