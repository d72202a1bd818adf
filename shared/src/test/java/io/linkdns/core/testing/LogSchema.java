package io.linkdns.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;

/**
 * The log line schema of both functions, as documented in the README ("Logs and metrics"): the one
 * check every cloud's sample lines go through.
 */
public final class LogSchema {
  /** Fields every line has, all strings. */
  public static final List<String> REQUIRED =
      List.of("timestamp", "level", "service", "cloud", "correlation_id", "message");

  /** Fields a line may have, with their JSON type. */
  public static final Map<String, JsonNodeType> OPTIONAL =
      Map.ofEntries(
          Map.entry("trigger", JsonNodeType.STRING),
          Map.entry("status", JsonNodeType.STRING),
          Map.entry("error", JsonNodeType.STRING),
          Map.entry("exception", JsonNodeType.STRING),
          Map.entry("field", JsonNodeType.STRING),
          Map.entry("reason", JsonNodeType.STRING),
          Map.entry("event_id", JsonNodeType.STRING),
          Map.entry("message_id", JsonNodeType.STRING),
          Map.entry("domain", JsonNodeType.STRING),
          Map.entry("networks", JsonNodeType.ARRAY),
          Map.entry("zone_id", JsonNodeType.STRING),
          Map.entry("zone_created", JsonNodeType.BOOLEAN),
          Map.entry("creates", JsonNodeType.NUMBER),
          Map.entry("updates", JsonNodeType.NUMBER),
          Map.entry("deletes", JsonNodeType.NUMBER),
          Map.entry("batches", JsonNodeType.NUMBER),
          Map.entry("changes", JsonNodeType.ARRAY),
          Map.entry("conflicts", JsonNodeType.ARRAY),
          Map.entry("notes", JsonNodeType.ARRAY),
          Map.entry("refused", JsonNodeType.ARRAY),
          Map.entry("duration_ms", JsonNodeType.NUMBER));

  /** The metrics line's counts (numbers), the same names on both clouds. */
  public static final Set<String> METRICS =
      Set.of(
          "RecordsCreated",
          "RecordsUpdated",
          "RecordsDeleted",
          "Conflicts",
          "Refused",
          "ZonesCreated",
          "Failures",
          "EventsIgnored",
          "EventsRejected",
          "EndpointsPending",
          "VerifyRuns",
          "VerifyProblems");

  /** Every line's {@code trigger}, when it has one. */
  public static final Set<String> TRIGGERS =
      Set.of("event", "endpoint-write", "endpoint-delete", "record-set-change", "sweep", "verify");

  private LogSchema() {}

  /**
   * Checks one line: the required fields with their types and values, known optional fields with
   * their types. Fields not listed (a message's own details, EMF's {@code _aws}) are allowed.
   */
  public static void check(JsonNode line) {
    SoftAssertions soft = new SoftAssertions();
    for (String field : REQUIRED) {
      soft.assertThat(line.path(field).getNodeType())
          .as("%s in %s", field, line)
          .isEqualTo(JsonNodeType.STRING);
    }
    soft.assertThatCode(() -> Instant.parse(line.path("timestamp").asText()))
        .as("timestamp of %s", line)
        .doesNotThrowAnyException();
    soft.assertThat(line.path("level").asText())
        .as("level of %s", line)
        .isIn("INFO", "WARN", "ERROR");
    soft.assertThat(line.path("service").asText()).as("service of %s", line).isEqualTo("linkdns");
    soft.assertThat(line.path("cloud").asText()).as("cloud of %s", line).isIn("aws", "azure");
    OPTIONAL.forEach(
        (field, type) -> {
          if (line.has(field)) {
            soft.assertThat(line.get(field).getNodeType())
                .as("%s in %s", field, line)
                .isEqualTo(type);
          }
        });
    if (line.has("trigger")) {
      soft.assertThat(line.get("trigger").asText()).as("trigger of %s", line).isIn(TRIGGERS);
    }
    line.fieldNames()
        .forEachRemaining(
            field -> {
              if (Character.isUpperCase(field.charAt(0))) {
                soft.assertThat(field).as("a count on the metrics line %s", line).isIn(METRICS);
                soft.assertThat(line.path("message").asText())
                    .as("message of %s", line)
                    .isEqualTo("metrics");
                soft.assertThat(line.get(field).isNumber())
                    .as("%s in %s is a number", field, line)
                    .isTrue();
              }
            });
    soft.assertAll();
  }

  /** Checks every line, and that there are some. */
  public static void checkAll(List<JsonNode> lines) {
    assertThat(lines).isNotEmpty();
    lines.forEach(LogSchema::check);
  }
}
