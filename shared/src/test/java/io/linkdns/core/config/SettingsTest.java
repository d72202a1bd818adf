package io.linkdns.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.plan.Policy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  @Test
  void defaults() {
    Settings s = Settings.fromEnvironment(Map.of(), Layouts.CONFLUENT_AWS_DEDICATED);

    assertThat(s.ownerId()).isEqualTo("linkdns");
    assertThat(s.options().policy()).isSameAs(Policy.SYNC);
    assertThat(s.createZones()).isTrue();
    assertThat(s.options().dryRun()).isFalse();
    assertThat(s.defaultLayout()).isEqualTo(Layouts.CONFLUENT_AWS_DEDICATED);
    assertThat(s.rules()).isEmpty();
  }

  @Test
  void everySettingIsRead() {
    Settings s =
        Settings.fromEnvironment(
            Map.of(
                "LINKDNS_OWNER_ID", "team-net.prod",
                "LINKDNS_POLICY", " Upsert-Only ",
                "LINKDNS_CREATE_ZONES", "off",
                "LINKDNS_LAYOUT", "mine",
                "LINKDNS_LAYOUTS",
                    "[{\"name\": \"mine\", \"records\": [{\"name\": \"*.{domain}\", \"type\": \"A\", \"target\": \"all-addresses\"}]}]",
                "LINKDNS_RULES",
                    "[{\"service\": \"com.amazonaws.vpce.*.vpce-svc-0123\", \"domain\": \"pr123a.us-east-2.aws.confluent.cloud\", \"network\": \"vpc-1\"}]"),
            Layouts.CONFLUENT_AWS_DEDICATED);

    assertThat(s.ownerId()).isEqualTo("team-net.prod");
    assertThat(s.options().policy()).isSameAs(Policy.UPSERT_ONLY);
    assertThat(s.createZones()).isFalse();
    assertThat(s.layouts().find("mine")).isPresent();
    assertThat(s.rules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.network()).contains("vpc-1");
              assertThat(r.layout()).isEmpty();
            });
    assertThat(s.resolver(TagKeys.AWS)).isNotNull();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "LINKDNS_OWNER_ID     | owner,with,commas           | LINKDNS_OWNER_ID",
        "LINKDNS_POLICY       | mirror                      | LINKDNS_POLICY",
        "LINKDNS_CREATE_ZONES | maybe                       | LINKDNS_CREATE_ZONES",
        "LINKDNS_LAYOUT       | confluent-gcp               | LINKDNS_LAYOUT",
        "LINKDNS_LAYOUTS      | {}                          | LINKDNS_LAYOUTS",
        "LINKDNS_RULES        | {\"service\": \"x\"}        | LINKDNS_RULES",
        "LINKDNS_RULES        | [{\"domain\": \"a.b\"}]     | LINKDNS_RULES[0].service",
        "LINKDNS_RULES        | [{\"service\": \"x\"}]      | LINKDNS_RULES[0].domain",
        "LINKDNS_RULES        | [{\"service\": \"x\", \"domain\": \"a.b\", \"zones\": 1}] | LINKDNS_RULES[0].zones",
        "LINKDNS_RULES        | [1]                         | LINKDNS_RULES[0]",
        "LINKDNS_RULES        | [null]                      | LINKDNS_RULES[0]",
        "LINKDNS_RULES        | [{\"service\": {\"glob\": \"x\"}, \"domain\": \"a.b\"}] | LINKDNS_RULES[0].service",
        "LINKDNS_RULES        | [{\"service\": \"x\", \"domain\": \"a.b\", \"network\": [\"vpc-1\"]}] | LINKDNS_RULES[0].network",
      })
  void badSettingIsRejectedNamingIt(String name, String value, String field) {
    assertThatThrownBy(
            () -> Settings.fromEnvironment(Map.of(name, value), Layouts.CONFLUENT_AWS_DEDICATED))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(field + "=");
  }

  @Test
  void ruleWithABadDomainIsRejectedWhenTheResolverIsBuilt() {
    Settings s =
        Settings.fromEnvironment(
            Map.of("LINKDNS_RULES", "[{\"service\": \"x\", \"domain\": \"*.a.b\"}]"),
            Layouts.CONFLUENT_AZURE_DEDICATED);

    assertThatThrownBy(() -> s.resolver(TagKeys.AZURE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("LINKDNS_RULES[0].domain=");
    assertThat(Settings.value(Map.of("X", "  "), "X")).isEqualTo(Optional.empty());
  }
}
