package io.linkdns.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.testing.LogSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"aws", "azure"})
  void everyKindOfLineFitsTheOneSchema(String cloud) throws Exception {
    List<String> written = new ArrayList<>();
    LogLines log = new LogLines(cloud, (level, line) -> written.add(line));
    log.correlate("req-1");
    log.info("event skipped", Map.of("reason", "not ours"));
    log.trigger("sweep");
    log.outcome(
        Outcome.skipped("example.confluent.cloud", List.of(), "nothing live"),
        Map.of("duration_ms", 3L));
    log.failed("reconcile failed", new IllegalStateException("boom"), Map.of());
    Counts counts = new Counts();
    counts.add(Counts.FAILURES, 1);
    log.metrics(counts.drain(), Map.of());

    List<JsonNode> lines = new ArrayList<>();
    for (String l : written) {
      lines.add(JSON.readTree(l));
    }
    LogSchema.checkAll(lines);
    assertThat(lines).extracting(l -> l.path("cloud").asText()).containsOnly(cloud);
    assertThat(lines).extracting(l -> l.path("correlation_id").asText()).containsOnly("req-1");
    assertThat(lines.get(0).has("trigger")).isFalse();
    assertThat(lines.get(2).path("exception").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(lines.get(2).path("status").asText()).isEqualTo("FAILED");
    assertThat(lines.get(3).path("Failures").asDouble()).isEqualTo(1.0);
  }

  @org.junit.jupiter.api.Test
  void theSchemaRefusesTheOldAzureFieldNames() throws Exception {
    JsonNode old =
        JSON.readTree(
            """
        {"time":"2026-12-04T12:00:00Z","level":"INFO","service":"linkdns-azure","trigger":"sweep",
         "correlationId":"timer-1","status":"IN_SYNC","durationMs":5}""");
    assertThatThrownBy(() -> LogSchema.check(old))
        .hasMessageContaining("timestamp")
        .hasMessageContaining("correlation_id");
  }
}
