package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.reconcile.Outcome;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One row per delivery that linkdns must not act on: either a clear error naming the field (the
 * invocation fails, Event Grid retries and finally dead-letters it) or a logged skip. Never a
 * write.
 */
class IrrelevantOrMalformedEventsTest {
  private static Harness h;

  @BeforeAll
  static void start() {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      bad-not-json                           | error | event=                 | not JSON
      bad-json-number                        | error | event=                 | must be a JSON object or an array
      bad-empty-array                        | error | event=                 | an empty array holds no event
      bad-no-event-type                      | error | event.eventType=       | neither an Event Grid event
      bad-endpoint-write-no-resource         | error | event.data.resourceUri=| neither data.resourceUri nor subject
      bad-endpoint-write-names-a-nic         | error | event.data.resourceUri=| not a private endpoint
      bad-subject-differs-from-resource-uri  | error | event.subject=         | differs from data.resourceUri
      bad-cloudevent-version-0.3             | error | event.specversion=     | only CloudEvents 1.0
      bad-endpoint-write-truncated-id        | error | event.data.resourceUri=| not an Azure resource id
      bad-resource-event-without-data        | error | event.data=            | needs a data object
      bad-resource-event-without-operation   | error | event.data.operationName= | needs an operation name
      bad-cloudevent-base64-data             | error | event.data_base64=     | not base64
      bad-storage-blob-created               | skip  |                        | Microsoft.Storage.BlobCreated is not handled
      bad-resource-action-success            | skip  |                        | ResourceActionSuccess is not handled
      bad-vnet-write                         | skip  |                        | virtualNetworks/write is not a private endpoint
      bad-endpoint-write-failed-status       | skip  |                        | ended Failed
      bad-record-outside-zone-group          | skip  |                        | outside the managed resource group
      bad-record-soa-write                   | skip  |                        | SOA/write is not a private endpoint
      bad-subscription-validation            | skip  |                        | answered by the Functions host
      bad-record-written-by-linkdns-itself   | skip  |                        | written by linkdns itself
      bad-zone-link-write                    | skip  |                        | virtualNetworkLinks/write is not
      bad-tags-write-nic                     | skip  |                        | networkinterfaces, not a private endpoint
      bad-tags-write-vnet                    | skip  |                        | virtualnetworks, not a private endpoint
      bad-tags-write-resource-group          | skip  |                        | a subscription or resource group
      bad-tags-write-subscription            | skip  |                        | a subscription or resource group
      bad-tags-write-without-tags-suffix     | error | event.data.resourceUri=| names {resource id}/providers/Microsoft.Resources/tags/default
      bad-tags-write-truncated-resource      | error | event.data.resourceUri=| names the tags of
      """)
  void neitherWritesNorReadsMoreThanNeeded(
      String fixture, String expected, String field, String message) {
    h.fake.clearRequests();
    if (expected.equals("error")) {
      assertThatThrownBy(() -> h.deliver(fixture))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith(field.replace("=", ""))
          .hasMessageContaining(message);
      assertThat(h.logJson())
          .filteredOn(l -> !l.path("message").asText().equals("metrics"))
          .last()
          .satisfies(
              l -> {
                assertThat(l.path("status").asText()).isEqualTo("FAILED");
                assertThat(l.path("error").asText()).contains(message);
              });
    } else {
      List<Outcome> outcomes = h.deliver(fixture);
      assertThat(outcomes)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.notes()).singleElement().asString().contains(message);
              });
      assertThat(h.logJson())
          .filteredOn(l -> !l.path("message").asText().equals("metrics"))
          .last()
          .satisfies(
              l -> {
                assertThat(l.path("status").asText()).isEqualTo("SKIPPED");
                assertThat(l.path("reason").asText()).contains(message);
              });
    }
    assertThat(h.fake.requests()).as("no call to Azure at all").isEmpty();
    assertThat(h.fake.writes()).isZero();
  }
}
