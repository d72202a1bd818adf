package io.linkdns.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LayoutsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        Layouts.CONFLUENT_AWS_DEDICATED,
        Layouts.CONFLUENT_AWS_DEDICATED_A,
        Layouts.CONFLUENT_AWS_DEDICATED_ALIAS,
        Layouts.CONFLUENT_AWS_ENTERPRISE,
        Layouts.CONFLUENT_AZURE_DEDICATED,
        Layouts.CONFLUENT_AZURE_DEDICATED_CNAME,
        Layouts.CONFLUENT_AZURE_ENTERPRISE,
      })
  void builtInLayoutsAreValidWithConfluentTtl(String name) {
    Layout layout = Layouts.builtIn().require("LINKDNS_LAYOUT", name);
    assertThat(layout.validate()).isSameAs(layout);
    assertThat(layout.ttl()).isEqualTo(60);
    assertThat(layout.records())
        .allSatisfy(t -> assertThat(t.name()).startsWith("*.").endsWith("{domain}"));
  }

  @Test
  void builtInsAreExactlyTheConfluentOnes() {
    assertThat(Layouts.builtIn().names())
        .containsExactlyInAnyOrder(
            "confluent-aws-dedicated",
            "confluent-aws-dedicated-a",
            "confluent-aws-dedicated-alias",
            "confluent-aws-enterprise",
            "confluent-azure-dedicated",
            "confluent-azure-dedicated-cname",
            "confluent-azure-enterprise");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "   "})
  void noDeclaredLayoutsMeansBuiltInsOnly(String json) {
    assertThat(Layouts.withDeclared(json).names()).isEqualTo(Layouts.builtIn().names());
  }

  @Test
  void declaredLayoutsJoinTheBuiltIns() {
    Layouts layouts = Layouts.withDeclared(Fixtures.text("layouts/two-user-layouts.json"));

    assertThat(layouts.names())
        .contains("saas-a-per-zone", "saas-cname", Layouts.CONFLUENT_AWS_DEDICATED);
    Layout perZone = layouts.require("LINKDNS_LAYOUT", "saas-a-per-zone");
    assertThat(perZone.ttl()).isEqualTo(300);
    assertThat(perZone.records())
        .containsExactly(
            new RecordTemplate("{domain}", RecordType.A, Target.ALL_ADDRESSES, When.ALWAYS),
            new RecordTemplate("*.{domain}", RecordType.A, Target.ALL_ADDRESSES, When.ALWAYS),
            new RecordTemplate(
                "*.zone-{zone}.{domain}", RecordType.A, Target.ZONE_ADDRESSES, When.MULTI_ZONE));
    Layout cname = layouts.require("LINKDNS_LAYOUT", "saas-cname");
    assertThat(cname.ttl()).as("default TTL").isEqualTo(60);
    assertThat(cname.records())
        .extracting(RecordTemplate::target)
        .containsExactly(Target.REGIONAL_NAME, Target.ZONAL_NAME);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing-name                      | LINKDNS_LAYOUTS[0].name                | must be 1-63 lower-case",
        "name-not-lower-case               | LINKDNS_LAYOUTS[0].name                | must be 1-63 lower-case",
        "name-not-a-string                 | LINKDNS_LAYOUTS[0].name                | must be a string",
        "name-of-a-built-in                | LINKDNS_LAYOUTS[0].name                | already exists",
        "declared-twice                    | LINKDNS_LAYOUTS[1].name                | already exists",
        "ttl-as-text                       | LINKDNS_LAYOUTS[0].ttl                 | whole number",
        "ttl-zero                          | LINKDNS_LAYOUTS[0].ttl                 | between 1 and 172800",
        "no-records                        | LINKDNS_LAYOUTS[0].records             | at least one record",
        "records-not-an-array              | LINKDNS_LAYOUTS[0].records             | must be an array",
        "record-not-an-object              | LINKDNS_LAYOUTS[0].records[0]          | must be a JSON object",
        "unknown-layout-field              | LINKDNS_LAYOUTS[0].owner               | unknown field",
        "unknown-record-field              | LINKDNS_LAYOUTS[0].records[0].weight   | unknown field",
        "record-without-name               | LINKDNS_LAYOUTS[0].records[1].name     | required",
        "record-type-txt                   | LINKDNS_LAYOUTS[0].records[1].type     | one of A, AAAA, CNAME",
        "unknown-target                    | LINKDNS_LAYOUTS[0].records[1].target   | unknown target",
        "unknown-when                      | LINKDNS_LAYOUTS[0].records[1].when     | always, multi-zone, single-zone",
        "cname-to-addresses                | LINKDNS_LAYOUTS[0].records[1].type     | needs type A or AAAA",
        "a-record-to-a-name                | LINKDNS_LAYOUTS[0].records[1].type     | needs type CNAME",
        "zonal-target-without-zone         | LINKDNS_LAYOUTS[0].records[1].target   | needs {az} in the name",
        "zone-name-with-regional-target    | LINKDNS_LAYOUTS[0].records[1].target   | needs a zonal target",
        "wildcard-not-leftmost             | LINKDNS_LAYOUTS[0].records[1].name     | whole leftmost label",
        "name-without-domain               | LINKDNS_LAYOUTS[0].records[1].name     | end with .{domain}",
        "bad-label                         | LINKDNS_LAYOUTS[0].records[1].name     | labels must be",
        "cname-beside-a                    | LINKDNS_LAYOUTS[0].records[1].name     | clashes",
        "same-name-always-and-single-zone  | LINKDNS_LAYOUTS[0].records[1].name     | clashes",
        "layout-not-an-object              | LINKDNS_LAYOUTS[0]                     | must be a JSON object",
        "not-an-array                      | LINKDNS_LAYOUTS                        | must be a JSON array",
        "not-json                          | LINKDNS_LAYOUTS                        | not valid JSON",
      })
  void malformedLayoutNamesTheField(String fixture, String field, String problem) {
    String json = Fixtures.text("layouts/invalid/" + fixture + ".json");

    assertThatThrownBy(() -> Layouts.withDeclared(json))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(field + "=")
        .hasMessageContaining(problem)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo(field);
  }

  @Test
  void unknownLayoutNamesTheSettingAndTheKnownOnes() {
    assertThatThrownBy(() -> Layouts.builtIn().require("LINKDNS_LAYOUT", "confluent-gcp"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("LINKDNS_LAYOUT='confluent-gcp'")
        .hasMessageContaining("confluent-aws-dedicated");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[null]                                                                  | LINKDNS_LAYOUTS[0]                   | must be a JSON object",
        "[{`name`: `x`, `ttl`: 1.5, `records`: []}]                              | LINKDNS_LAYOUTS[0].ttl               | whole number",
        "[{`name`: `x`, `ttl`: 99999999999999999999, `records`: []}]             | LINKDNS_LAYOUTS[0].ttl               | whole number",
        "[{`name`: `x`, `records`: [null]}]                                      | LINKDNS_LAYOUTS[0].records[0]        | must be a JSON object",
        "[{`name`: `x`, `records`: [{`name`: `*.{domain}`, `type`: 1, `target`: `all-addresses`}]}] | LINKDNS_LAYOUTS[0].records[0].type | must be a string",
        "[{`name`: `x`, `records`: [{`name`: true, `type`: `A`, `target`: `all-addresses`}]}]      | LINKDNS_LAYOUTS[0].records[0].name | must be a string",
      })
  void whatTheBindingRefusesNamesTheFieldToo(String json, String field, String problem) {
    assertThatThrownBy(() -> Layouts.withDeclared(json.replace('`', '"')))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(field + "=")
        .hasMessageContaining(problem);
  }
}
