package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.testing.LogSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Azure function's log lines, from real deliveries against the ARM fake, fit the log schema
 * both functions share.
 */
class LogSchemaTest {

  @Test
  void everyLineOfReconciledSkippedRejectedAndSweptInvocationsFitsTheSchema() {
    try (Harness h = new Harness()) {
      h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
      h.deliver("pe-az1-write");
      h.deliver("bad-vnet-write");
      assertThatThrownBy(() -> h.deliver("bad-not-json")).isInstanceOf(InvalidInputException.class);
      h.function.sweepAll(Handler.log(h.logger), "timer-1");

      List<JsonNode> lines = h.logJson();
      LogSchema.checkAll(lines);
      assertThat(lines).extracting(l -> l.path("cloud").asText()).containsOnly("azure");
      assertThat(lines)
          .anySatisfy(
              l -> {
                assertThat(l.path("message").asText()).isEqualTo("reconciled");
                assertThat(l.path("trigger").asText()).isEqualTo("endpoint-write");
                assertThat(l.path("correlation_id").asText())
                    .isEqualTo("a1d0c6e8-1111-4f2b-9c3d-000000000001");
              });
      assertThat(lines)
          .anySatisfy(
              l -> {
                assertThat(l.path("message").asText()).isEqualTo("event rejected");
                assertThat(l.path("exception").asText())
                    .isEqualTo(InvalidInputException.class.getName());
              });
      assertThat(lines).anySatisfy(l -> assertThat(l.path("trigger").asText()).isEqualTo("sweep"));
      // one metrics line per invocation, four invocations
      assertThat(lines).filteredOn(l -> l.path("message").asText().equals("metrics")).hasSize(4);
      assertThat(lines)
          .anySatisfy(l -> assertThat(l.path("RecordsCreated").asDouble()).isPositive());
      assertThat(lines)
          .anySatisfy(l -> assertThat(l.path("EventsRejected").asDouble()).isEqualTo(1.0));
    }
  }
}
