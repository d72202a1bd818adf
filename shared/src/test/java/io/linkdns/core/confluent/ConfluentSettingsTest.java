package io.linkdns.core.confluent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Confluent settings: what is required together, what is refused, and that a secret never shows
 * in an error.
 */
class ConfluentSettingsTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (!pairs[i + 1].isEmpty()) {
        env.put(pairs[i], pairs[i + 1]);
      }
    }
    return env;
  }

  @Test
  void noKeyAndNoSecretMeansConfluentIsNotConsulted() {
    assertThat(
            ConfluentSettings.fromEnvironment(
                env(
                    "LINKDNS_CONFLUENT_API_URL",
                    "https://api.confluent.cloud",
                    "LINKDNS_CONFLUENT_SECRET",
                    "  ")))
        .isEmpty();
  }

  @Test
  void defaults() {
    ConfluentSettings s =
        ConfluentSettings.fromEnvironment(
                env("LINKDNS_CONFLUENT_API_KEY", "KEY1", "LINKDNS_CONFLUENT_API_SECRET", "sec"))
            .orElseThrow();
    assertThat(s.apiUrl()).hasToString("https://api.confluent.cloud");
    assertThat(s.environments()).isEmpty();
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.key())
        .hasValueSatisfying(k -> assertThat(k.toString()).contains("KEY1").doesNotContain("sec"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "key without secret          | KEY1 |        |                  |                            |                    | LINKDNS_CONFLUENT_API_SECRET",
        "secret without key          |      | sec    |                  |                            |                    | LINKDNS_CONFLUENT_API_KEY",
        "key and a secret name       | KEY1 | sec    | linkdns/confluent |                            |                    | either",
        "plain http to another host  | KEY1 | sec    |                  | http://api.confluent.cloud |                    | https://",
        "not an environment id       | KEY1 | sec    |                  |                            | env-a1,lkc-123     | lkc-123"
      })
  void refused(
      String what,
      String key,
      String secret,
      String secretName,
      String url,
      String environments,
      String words) {
    assertThatThrownBy(
            () ->
                ConfluentSettings.fromEnvironment(
                    env(
                        "LINKDNS_CONFLUENT_API_KEY",
                        blank(key),
                        "LINKDNS_CONFLUENT_API_SECRET",
                        blank(secret),
                        "LINKDNS_CONFLUENT_SECRET",
                        blank(secretName),
                        "LINKDNS_CONFLUENT_API_URL",
                        blank(url),
                        "LINKDNS_CONFLUENT_ENVIRONMENTS",
                        blank(environments))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(words)
        .hasMessageNotContaining("=\\'sec\\'");
  }

  private static String blank(String s) {
    return s == null ? "" : s;
  }

  @Test
  void environmentsAndCachePeriodAreRead() {
    ConfluentSettings s =
        ConfluentSettings.fromEnvironment(
                env(
                    "LINKDNS_CONFLUENT_SECRET",
                    "linkdns/confluent",
                    "LINKDNS_CONFLUENT_ENVIRONMENTS",
                    "env-a1, env-b2",
                    "LINKDNS_CONFLUENT_CACHE_SECONDS",
                    "15",
                    "LINKDNS_CONFLUENT_API_URL",
                    "http://127.0.0.1:8080/"))
            .orElseThrow();
    assertThat(s.environments()).containsExactly("env-a1", "env-b2");
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.apiUrl()).hasToString("http://127.0.0.1:8080");
  }

  @Test
  void aNamedSecretIsReadThroughTheCloudsSecretStore() {
    ConfluentSettings s =
        ConfluentSettings.fromEnvironment(env("LINKDNS_CONFLUENT_SECRET", "linkdns/confluent"))
            .orElseThrow();
    ApiKey key =
        s.resolveKey(
            name ->
                name.equals("linkdns/confluent")
                    ? "{\"api_key\":\"K2\",\"api_secret\":\"S2\"}"
                    : "");
    assertThat(key).isEqualTo(new ApiKey("K2", "S2"));
  }

  @Test
  void aSecretThatCannotBeReadOrParsedIsNamedButItsValueNeverShown() {
    ConfluentSettings s =
        ConfluentSettings.fromEnvironment(env("LINKDNS_CONFLUENT_SECRET", "linkdns/confluent"))
            .orElseThrow();
    assertThatThrownBy(
            () ->
                s.resolveKey(
                    name -> {
                      throw new IllegalStateException("AccessDeniedException");
                    }))
        .isInstanceOf(ConfluentUnavailableException.class)
        .hasMessageContaining("linkdns/confluent")
        .hasMessageContaining("AccessDenied");
    assertThatThrownBy(() -> s.resolveKey(name -> "api_key=K2 api_secret=topsecret"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("linkdns/confluent")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void aResolvedReferenceHoldingTheJsonIsUsedAndNeverEchoed() {
    String json = "{\"api_key\":\"K3\",\"api_secret\":\"topsecret\"}";
    ConfluentSettings s =
        ConfluentSettings.fromEnvironment(env("LINKDNS_CONFLUENT_SECRET", json)).orElseThrow();
    assertThat(s.resolveKey(SecretSource.NONE)).isEqualTo(new ApiKey("K3", "topsecret"));
    assertThatThrownBy(
            () ->
                ConfluentSettings.fromEnvironment(
                    env("LINKDNS_CONFLUENT_SECRET", json, "LINKDNS_CONFLUENT_API_KEY", "K3")))
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(
            () ->
                ConfluentSettings.fromEnvironment(
                        env("LINKDNS_CONFLUENT_SECRET", "{\"api_key\":\"K3\",\"x\":\"topsecret\"}"))
                    .orElseThrow()
                    .resolveKey(SecretSource.NONE))
        .hasMessageNotContaining("topsecret");
    assertThat(s.toString()).doesNotContain("topsecret");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://api.confluent.cloud             | accepted",
        "https://10.0.0.1:8443/confluent         | accepted",
        "http://127.0.0.1:8080                   | accepted",
        "http://127.0.0.2:9                      | accepted",
        "http://127.255.255.254                  | accepted",
        "http://localhost:8080                   | accepted",
        "http://LOCALHOST:8080                   | accepted",
        "http://[::1]:8080                       | accepted",
        "http://[0:0:0:0:0:0:0:1]:8080           | accepted",
        "http://127.attacker.example:8080        | refused",
        "http://127.0.0.1.attacker.example:8080  | refused",
        "http://localhost.attacker.example:8080  | refused",
        "http://127.1:8080                       | refused",
        "http://2130706433:8080                  | refused",
        "http://0x7f000001:8080                  | refused",
        "http://999.0.0.1:8080                   | refused",
        "http://10.0.0.1:8080                    | refused",
        "http://[::2]:8080                       | refused",
        "http://api.confluent.cloud              | refused",
        "http://user@127.0.0.1:8080              | refused",
        "https://key:secret@api.confluent.cloud  | refused",
        "https://api.confluent.cloud/?x=1        | refused",
        "ftp://127.0.0.1                         | refused",
        "https:///v2                             | refused"
      })
  void plainHttpOnlyToALoopbackAddressDecidedOnTheParsedAddress(String url, String expected) {
    Map<String, String> env =
        env(
            "LINKDNS_CONFLUENT_API_KEY",
            "KEY1",
            "LINKDNS_CONFLUENT_API_SECRET",
            "sec",
            "LINKDNS_CONFLUENT_API_URL",
            url);
    if (expected.equals("accepted")) {
      assertThat(ConfluentSettings.fromEnvironment(env).orElseThrow().apiUrl().getHost())
          .isEqualTo(java.net.URI.create(url).getHost());
    } else {
      assertThatThrownBy(() -> ConfluentSettings.fromEnvironment(env))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("LINKDNS_CONFLUENT_API_URL='" + url + "'")
          .hasMessageContaining("https://");
    }
  }
}
