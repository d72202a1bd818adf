package io.linkdns.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.confluent.SecretSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Confluent key from Key Vault with the function's identity. App Service normally resolves
 * the {@code @Microsoft.KeyVault(...)} reference in LINKDNS_CONFLUENT_SECRET before the function
 * starts (the setting then holds the JSON itself); this reads a secret URI
 * ({@code https://<vault>.vault.azure.net/secrets/<name>}) or a reference left unresolved.
 */
final class KeyVaultSecrets implements SecretSource {
  private static final Pattern SECRET_URI = Pattern.compile("(https://[^/]+)/secrets/([^/?]+)(?:/([^/?]+))?/?");
  private static final Pattern REFERENCE = Pattern.compile("@Microsoft\\.KeyVault\\((.*)\\)", Pattern.CASE_INSENSITIVE);

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
    Matcher m = SECRET_URI.matcher(uri);
    if (!m.matches()) {
      throw new InvalidInputException("LINKDNS_CONFLUENT_SECRET", name,
          "expected a Key Vault secret URI https://<vault>.vault.azure.net/secrets/<name> or an @Microsoft.KeyVault(...) reference");
    }
    var client = new SecretClientBuilder().vaultUrl(m.group(1)).credential(credential).httpClient(http).buildClient();
    return (m.group(3) == null ? client.getSecret(m.group(2)) : client.getSecret(m.group(2), m.group(3))).getValue();
  }

  /** SecretUri=... or VaultName=...;SecretName=...[;SecretVersion=...], as App Service writes them. */
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
        default -> { }
      }
    }
    if (vault == null || secret == null) {
      throw new InvalidInputException("LINKDNS_CONFLUENT_SECRET", name, "a Key Vault reference needs SecretUri, or VaultName and SecretName");
    }
    return "https://" + vault + ".vault.azure.net/secrets/" + secret + (version == null ? "" : "/" + version);
  }
}
