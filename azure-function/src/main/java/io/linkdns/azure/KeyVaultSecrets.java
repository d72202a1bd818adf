package io.linkdns.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecretIdentifier;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.confluent.SecretSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Confluent key from Key Vault with the function's identity. App Service normally
 * resolves the {@code @Microsoft.KeyVault(...)} reference in LINKDNS_CONFLUENT_SECRET before the
 * function starts (the setting then holds the JSON itself); this reads a secret URI ({@code
 * https://<vault>.vault.azure.net/secrets/<name>}) or a reference left unresolved.
 */
final class KeyVaultSecrets implements SecretSource {
  private static final Pattern REFERENCE =
      Pattern.compile("@Microsoft\\.KeyVault\\((.*)\\)", Pattern.CASE_INSENSITIVE);

  private final TokenCredential credential;
  private final HttpClient http;

  KeyVaultSecrets(TokenCredential credential, HttpClient http) {
    this.credential = credential;
    this.http = http;
  }

  @Override
  public String read(String name) {
    String uri = name.trim();
    Matcher ref = REFERENCE.matcher(uri);
    if (ref.matches()) {
      uri = fromReference(ref.group(1), name);
    }
    KeyVaultSecretIdentifier id = secretId(uri, name);
    var client =
        new SecretClientBuilder()
            .vaultUrl(id.getVaultUrl())
            .credential(credential)
            .httpClient(http)
            .buildClient();
    return (id.getVersion() == null
            ? client.getSecret(id.getName())
            : client.getSecret(id.getName(), id.getVersion()))
        .getValue();
  }

  /**
   * The SDK's parse of a secret URI, held to what a setting may name: an https URI of a secret (not
   * a deleted one), with or without a version.
   */
  static KeyVaultSecretIdentifier secretId(String uri, String name) {
    try {
      KeyVaultSecretIdentifier id = new KeyVaultSecretIdentifier(uri);
      // The identifier keeps the host only: a port other than https's own would be dropped
      // silently.
      int port = java.net.URI.create(uri).getPort();
      if (id.getVaultUrl().startsWith("https://")
          && uri.contains("/secrets/")
          && !uri.contains("?")
          && (port == -1 || port == 443)) {
        return id;
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // reported below, naming the setting
    }
    throw new InvalidInputException(
        "LINKDNS_CONFLUENT_SECRET",
        name,
        "expected a Key Vault secret URI https://<vault>.vault.azure.net/secrets/<name> or an @Microsoft.KeyVault(...) reference");
  }

  /**
   * SecretUri=... or VaultName=...;SecretName=...[;SecretVersion=...], as App Service writes them.
   */
  private static String fromReference(String body, String name) {
    String vault = null;
    String secret = null;
    String version = null;
    for (String part : body.split(";")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String k = part.substring(0, eq).trim();
      String v = part.substring(eq + 1).trim();
      switch (k.toLowerCase(java.util.Locale.ROOT)) {
        case "secreturi" -> {
          return v;
        }
        case "vaultname" -> vault = v;
        case "secretname" -> secret = v;
        case "secretversion" -> version = v;
        default -> {}
      }
    }
    if (vault == null || secret == null) {
      throw new InvalidInputException(
          "LINKDNS_CONFLUENT_SECRET",
          name,
          "a Key Vault reference needs SecretUri, or VaultName and SecretName");
    }
    return "https://"
        + vault
        + ".vault.azure.net/secrets/"
        + secret
        + (version == null ? "" : "/" + version);
  }
}
