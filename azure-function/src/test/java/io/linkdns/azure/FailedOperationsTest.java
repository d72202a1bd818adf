package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.ZoneMark;
import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.reconcile.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Long-running Private DNS operations that Azure accepts (202) and then reports as Failed or
 * Canceled through the operation status: the SDK's final result is then null, not an exception, so
 * each is checked here through the real SDK clients against the ARM fake. Nothing is reported done
 * that was not, the outcome names the operation, the resource and ARM's error, and the next run
 * converges.
 */
class FailedOperationsTest {
  private static final String GROUP = ArmShapes.ZONE_GROUP;
  private static final String DOMAIN = ArmShapes.DOMAIN;
  private static final String ZONE_PATH = "/privateDnsZones/" + Pattern.quote(DOMAIN) + "$";
  private static final String LINK_PATH =
      "/privateDnsZones/" + Pattern.quote(DOMAIN) + "/virtualNetworkLinks/";

  private static List<Outcome> write(Harness h) {
    return h.function.handle(
        Harness.fixture("pe-az1-write").replace("pe-kafka-az1", "pe-kafka-az3"),
        Handler.log(h.logger),
        "invocation-write");
  }

  private static List<Outcome> sweep(Harness h) {
    return h.function.sweepAll(Handler.log(h.logger), "invocation-sweep");
  }

  /**
   * ARM's error as the outcome names it; a canceled operation's status carries none, and the SDK
   * gives none.
   */
  private static String said(String code, String message) {
    return code == null ? "; nothing more was done" : "(" + code + ": " + message + ")";
  }

  private static JsonNode lastLine(Harness h) {
    return h.logJson().stream()
        .filter(l -> !l.path("message").asText().equals("metrics"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @ParameterizedTest(name = "zone create ended {0}")
  @CsvSource({
    "Failed, FAILED, InternalServerError, Encountered internal server error.",
    "Canceled, USER_CANCELLED, , "
  })
  void aZoneCreateThatFailsPastThe202WritesNothingNamesTheErrorAndTheNextEventConverges(
      String status, String sdkStatus, String code, String message) {
    try (Harness h = new Harness()) {
      h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
      h.fake.failAsync("PUT", ZONE_PATH, status, code, message, 1);

      assertThatThrownBy(() -> write(h))
          .isInstanceOf(OperationFailedException.class)
          .hasMessageContaining("zone create")
          .hasMessageContaining("privatednszones/" + DOMAIN)
          .hasMessageContaining(sdkStatus)
          .hasMessageContaining(said(code, message));

      JsonNode line = lastLine(h);
      assertThat(line.path("status").asText()).isEqualTo("FAILED");
      assertThat(line.path("error").asText()).contains("zone create", said(code, message));
      assertThat(h.fake.zone(GROUP, DOMAIN)).isEmpty();
      assertThat(h.fake.recordsOf(GROUP, DOMAIN)).isEmpty();
      assertThat(h.fake.requests())
          .as("no link to a zone that is not there")
          .noneMatch(r -> r.method().equals("PUT") && r.path().contains("/virtualNetworkLinks/"));

      List<Outcome> again = write(h);

      assertThat(again).first().satisfies(o -> assertThat(o.zoneCreated()).isTrue());
      assertThat(h.zoneView()).contains("* A 60 10.20.3.4", "*.az3 A 60 10.20.3.4");
      assertThat(h.fake.linksOf(GROUP, DOMAIN)).hasSize(1);
    }
  }

  @ParameterizedTest(name = "zone delete ended {0}")
  @CsvSource({
    "Failed, FAILED, InternalServerError, Encountered internal server error.",
    "Canceled, USER_CANCELLED, , "
  })
  void
      aZoneDeleteThatFailsPastThe202KeepsTheZoneAndItsMarkIsNotReportedDeletedAndTheNextSweepDeletesIt(
          String status, String sdkStatus, String code, String message) {
    try (Harness h = new Harness(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"))) {
      h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
      write(h);
      String mark =
          h.fake.zone(GROUP, DOMAIN).orElseThrow().path("tags").path(ZoneMark.MARK_TAG).asText();
      assertThat(mark).isNotBlank();
      h.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
      h.fake.failAsync("DELETE", ZONE_PATH, status, code, message, 1);

      List<Outcome> first = sweep(h);

      assertThat(first).noneMatch(Outcome::zoneDeleted);
      assertThat(first)
          .filteredOn(o -> o.domain().equals(DOMAIN))
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
                assertThat(o.error())
                    .hasValueSatisfying(
                        e ->
                            assertThat(e)
                                .contains(
                                    "zone delete",
                                    "privatednszones/" + DOMAIN,
                                    sdkStatus,
                                    said(code, message)));
              });
      assertThat(h.fake.zone(GROUP, DOMAIN)).isPresent();
      assertThat(
              h.fake
                  .zone(GROUP, DOMAIN)
                  .orElseThrow()
                  .path("tags")
                  .path(ZoneMark.MARK_TAG)
                  .asText())
          .isEqualTo(mark);

      List<Outcome> next = sweep(h);

      assertThat(next)
          .filteredOn(o -> o.domain().equals(DOMAIN))
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.zoneDeleted()).as("the retried delete is reported").isTrue();
                assertThat(o.status()).isNotEqualTo(Outcome.Status.FAILED);
              });
      assertThat(h.fake.zone(GROUP, DOMAIN)).isEmpty();
    }
  }

  @ParameterizedTest(name = "link delete ended {0}")
  @CsvSource({
    "Failed, FAILED, InternalServerError, Encountered internal server error.",
    "Canceled, USER_CANCELLED, , "
  })
  void aLinkDeleteThatFailsPastThe202IsReportedTheZoneStaysAndTheNextSweepRetries(
      String status, String sdkStatus, String code, String message) {
    try (Harness h = new Harness(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"))) {
      h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");
      write(h);
      h.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
      h.fake.failAsync("DELETE", LINK_PATH, status, code, message, 1);

      List<Outcome> first = sweep(h);

      assertThat(first).noneMatch(Outcome::zoneDeleted);
      assertThat(first)
          .filteredOn(o -> o.domain().equals(DOMAIN))
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
                assertThat(o.error())
                    .hasValueSatisfying(
                        e ->
                            assertThat(e)
                                .contains(
                                    "link delete",
                                    "virtualnetworklinks/",
                                    ArmShapes.VNET.toLowerCase(java.util.Locale.ROOT),
                                    sdkStatus,
                                    said(code, message)));
              });
      assertThat(h.fake.zone(GROUP, DOMAIN)).isPresent();
      assertThat(h.fake.linksOf(GROUP, DOMAIN)).hasSize(1);
      assertThat(h.fake.requests())
          .as("the zone is not deleted while a link is left")
          .noneMatch(
              r -> r.method().equals("DELETE") && r.path().endsWith("/privateDnsZones/" + DOMAIN));

      List<Outcome> next = sweep(h);

      assertThat(next)
          .filteredOn(o -> o.domain().equals(DOMAIN))
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.zoneDeleted()).as("the retried delete is reported").isTrue();
                assertThat(o.status()).isNotEqualTo(Outcome.Status.FAILED);
              });
      assertThat(h.fake.linksOf(GROUP, DOMAIN)).isEmpty();
      assertThat(h.fake.zone(GROUP, DOMAIN)).isEmpty();
    }
  }

  @ParameterizedTest(name = "tag update ended {0}")
  @CsvSource({"Failed, FAILED, InternalServerError", "Canceled, USER_CANCELLED, "})
  void aZoneTagUpdateThatFailsPastThe202IsRaisedAndTheTagsStayAsTheyWere(
      String status, String sdkStatus, String code) {
    try (Harness h = new Harness()) {
      AzurePrivateDnsZones zones = h.wiring.zones();
      Zone zone = zones.create(DOMAIN, ArmShapes.VNET);
      JsonNode before = h.fake.zone(GROUP, DOMAIN).orElseThrow().path("tags").deepCopy();
      h.fake.failAsync("PATCH", ZONE_PATH, status, code, "Encountered internal server error.", 1);

      assertThatThrownBy(
              () ->
                  zones.remark(
                      zone, ZoneOwnership.markOf(zone).orElseThrow().emptySince(Instant.now())))
          .isInstanceOf(OperationFailedException.class)
          .hasMessageContaining("zone tag update")
          .hasMessageContaining(sdkStatus)
          .hasMessageContaining(said(code, "Encountered internal server error."));

      assertThat(h.fake.zone(GROUP, DOMAIN).orElseThrow().path("tags").equals(before))
          .as("tags as before")
          .isTrue();
    }
  }
}
