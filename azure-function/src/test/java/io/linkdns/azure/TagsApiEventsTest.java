package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.reconcile.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tags changed through the Tags API ({@code az tag update}: PUT or PATCH of {@code
 * <resource>/providers/Microsoft.Resources/tags/default}) reach Event Grid as {@code
 * Microsoft.Resources/tags/write} on that id, not as a write of the endpoint: on a private endpoint
 * they are reconciled as its write in the same invocation; on anything else, or from the wrong
 * subscription, nothing is read.
 */
class TagsApiEventsTest {
  private static final String GROUP = ArmShapes.ZONE_GROUP;
  private static final String DOMAIN = ArmShapes.DOMAIN;
  private static final String MOVED = "c9.centralus.azure.confluent.cloud";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tags-write-pe-az3", "tags-write-pe-az3-cloudevent"})
  void aRetagThroughTheTagsApiMovesTheEndpointsRecordsToTheNewDomainInTheSameInvocation(
      String fixture) {
    try (Harness h = new Harness(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"))) {
      h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
      h.function.handle(
          Harness.fixture("pe-az1-write").replace("pe-kafka-az1", "pe-kafka-az3"),
          Handler.log(h.logger),
          "write");
      assertThat(h.zoneView()).contains("* A 60 10.20.3.4");
      // az tag update --resource-id <endpoint> --operation Merge --tags linkdns-domain=<moved>
      h.fake.putEndpoint(
          ArmShapes.endpoint(
              "pe-kafka-az3",
              "Approved",
              "Succeeded",
              Map.of("linkdns-domain", MOVED, "linkdns-zone", "3"),
              ArmShapes.alias(3)));

      List<Outcome> outcomes = h.deliver(fixture);

      assertThat(outcomes)
          .noneMatch(
              o -> o.status() == Outcome.Status.FAILED || o.status() == Outcome.Status.SKIPPED);
      assertThat(outcomes).extracting(Outcome::domain).contains(MOVED, DOMAIN);
      assertThat(h.fake.recordsOf(GROUP, MOVED)).containsKeys("A *", "A *.az3");
      assertThat(
              h.fake
                  .recordsOf(GROUP, MOVED)
                  .get("A *")
                  .path("properties")
                  .path("aRecords")
                  .get(0)
                  .path("ipv4Address")
                  .asText())
          .isEqualTo("10.20.3.4");
      assertThat(h.fake.zone(GROUP, DOMAIN))
          .as("the old zone held nothing else and went")
          .isEmpty();
    }
  }

  @Test
  void aTagsWriteNamingAnEndpointOfAnotherSubscriptionThanItsTopicsIsRefusedUnread() {
    try (Harness h = new Harness(Map.of("LINKDNS_SUBSCRIPTIONS", ArmShapes.APP_1))) {
      h.fake.serve(ArmShapes.APP_1);

      List<Outcome> outcomes = h.deliver("bad-tags-write-other-subscription");

      assertThat(outcomes)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
                assertThat(o.toString()).contains(ArmShapes.APP_1, ArmShapes.SUBSCRIPTION);
              });
      assertThat(h.fake.requests()).as("nothing read").isEmpty();
    }
  }
}
