package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which secret a LINKDNS_CONFLUENT_SECRET URI names, and which URIs are refused before any call.
 */
class KeyVaultSecretsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
      https://kv-linkdns.vault.azure.net/secrets/confluent                | https://kv-linkdns.vault.azure.net | confluent | -
      https://kv-linkdns.vault.azure.net/secrets/confluent/               | https://kv-linkdns.vault.azure.net | confluent | -
      https://kv-linkdns.vault.azure.net/secrets/confluent/0a1b2c3d4e5f   | https://kv-linkdns.vault.azure.net | confluent | 0a1b2c3d4e5f
      https://kv-linkdns.vault.azure.net:443/secrets/confluent            | https://kv-linkdns.vault.azure.net | confluent | -
      """)
  void aSecretUriNamesVaultSecretAndVersion(
      String uri, String vault, String secret, String version) {
    var id = KeyVaultSecrets.secretId(uri, uri);
    assertThat(id.getVaultUrl()).isEqualTo(vault);
    assertThat(id.getName()).isEqualTo(secret);
    assertThat(id.getVersion()).isEqualTo(version);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "confluent",
        "http://kv-linkdns.vault.azure.net/secrets/confluent",
        "https://kv-linkdns.vault.azure.net/keys/confluent",
        "https://kv-linkdns.vault.azure.net/deletedsecrets/confluent",
        "https://kv-linkdns.vault.azure.net/secrets/confluent/v1/extra",
        "https://kv-linkdns.vault.azure.net/secrets/confluent?api-version=7.4",
        "https://kv-linkdns.vault.azure.net/secrets",
        "https://kv-linkdns.vault.azure.net:8443/secrets/confluent"
      })
  void anythingElseIsRefusedNamingTheSetting(String uri) {
    assertThatThrownBy(() -> KeyVaultSecrets.secretId(uri, uri))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("LINKDNS_CONFLUENT_SECRET")
        .hasMessageContaining(uri);
  }
}
