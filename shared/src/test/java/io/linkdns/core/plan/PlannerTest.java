package io.linkdns.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each fixture under planner/ holds endpoints as a cloud reports them and the records their
 * domain's zone must hold.
 */
class PlannerTest {
  private static final String OWNER = "linkdns-test";

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "confluent-aws-dedicated-3az",
        "confluent-aws-dedicated-1az",
        "confluent-aws-dedicated-a-3az",
        "confluent-aws-dedicated-a-1az",
        "confluent-aws-dedicated-alias-3az",
        "confluent-aws-enterprise",
        "confluent-aws-dedicated-two-endpoints-one-name",
        "confluent-aws-dedicated-no-zonal-names",
        "confluent-aws-dedicated-only-live-endpoints",
        "confluent-azure-dedicated-3-zones",
        "confluent-azure-dedicated-cname-2-zones",
        "confluent-azure-enterprise",
      })
  void zoneHoldsWhatTheLayoutAsksFor(String fixture) {
    JsonNode f = Fixtures.json("planner/" + fixture + ".json");
    String domain = f.path("domain").asText();
    List<Endpoint> endpoints = Fixtures.endpoints(f.path("endpoints"));

    Planner.Desired desired = plan(f, domain, endpoints);

    List<String> expected = new ArrayList<>();
    f.path("expected")
        .path("records")
        .forEach(
            r ->
                expected.add(
                    describe(
                        new DesiredRecord(
                            Fixtures.recordSet(r),
                            OwnerMarker.of(
                                    OWNER,
                                    r.path("layout").asText(),
                                    Fixtures.strings(r.path("endpoints")))
                                .sealedWith(SealKey.NONE, Fixtures.recordSet(r))))));
    assertThat(desired.records())
        .extracting(PlannerTest::describe)
        .containsExactlyInAnyOrderElementsOf(expected);

    List<String> notes = Fixtures.strings(f.path("expected").path("notes"));
    if (notes.isEmpty()) {
      assertThat(desired.notes()).isEmpty();
    }
    for (String note : notes) {
      assertThat(desired.notes()).anySatisfy(n -> assertThat(n).contains(note));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "confluent-aws-dedicated-two-endpoints-one-name",
        "confluent-azure-dedicated-3-zones",
        "confluent-aws-dedicated-only-live-endpoints",
      })
  void orderOfEndpointsDoesNotMatter(String fixture) {
    JsonNode f = Fixtures.json("planner/" + fixture + ".json");
    String domain = f.path("domain").asText();
    List<Endpoint> endpoints = new ArrayList<>(Fixtures.endpoints(f.path("endpoints")));

    Planner.Desired asListed = plan(f, domain, endpoints);
    Collections.reverse(endpoints);
    Planner.Desired reversed = plan(f, domain, endpoints);

    assertThat(reversed).isEqualTo(asListed);
  }

  private static Planner.Desired plan(JsonNode f, String domain, List<Endpoint> endpoints) {
    TagKeys keys = f.path("cloud").asText().equals("azure") ? TagKeys.AZURE : TagKeys.AWS;
    DomainResolver resolver =
        new DomainResolver(keys, List.of(), Layouts.builtIn(), f.path("defaultLayout").asText());
    List<Planner.Bound> live = new ArrayList<>();
    for (Endpoint e : endpoints) {
      resolver
          .bind(e)
          .filter(b -> b.domain().equals(domain) && e.state() == EndpointState.LIVE)
          .ifPresent(b -> live.add(new Planner.Bound(e, b)));
    }
    return new Planner(OWNER).plan(domain, live);
  }

  private static String describe(DesiredRecord d) {
    return d.record() + "  owner=" + d.owner().text();
  }
}
