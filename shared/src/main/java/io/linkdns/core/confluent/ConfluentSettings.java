package io.linkdns.core.confluent;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.config.Settings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Confluent Cloud's API, read from environment variables (both clouds):
 *
 * <ul>
 *   <li>{@code LINKDNS_CONFLUENT_API_URL} (default {@code https://api.confluent.cloud});
 *   <li>{@code LINKDNS_CONFLUENT_API_KEY} and {@code LINKDNS_CONFLUENT_API_SECRET}: a Cloud API
 *       key, or
 *   <li>{@code LINKDNS_CONFLUENT_SECRET}: the name of a secret (Secrets Manager / Key Vault)
 *       holding {@code {"api_key","api_secret"}}, or that JSON itself (a resolved Key Vault
 *       reference);
 *   <li>{@code LINKDNS_CONFLUENT_ENVIRONMENTS}: comma list of environment ids; empty means every
 *       environment the key can list;
 *   <li>{@code LINKDNS_CONFLUENT_CACHE_SECONDS} (default 60): how long one listing answers every
 *       endpoint.
 * </ul>
 *
 * Absent key and secret name, Confluent is not consulted and tags and rules decide alone.
 */
public record ConfluentSettings(
    URI apiUrl,
    Optional<ApiKey> key,
    Optional<String> secretName,
    List<String> environments,
    Duration cacheTtl) {
  public static final String DEFAULT_API_URL = "https://api.confluent.cloud";

  public ConfluentSettings {
    environments = List.copyOf(environments);
  }

  /** Never shows a secret: the key's secret, or a secret value given inline. */
  @Override
  public String toString() {
    return "ConfluentSettings[apiUrl="
        + apiUrl
        + ", key="
        + key.map(ApiKey::toString).orElse("-")
        + ", secretName="
        + secretName.map(n -> n.startsWith("{") ? "(inline value)" : n).orElse("-")
        + ", environments="
        + environments
        + ", cacheTtl="
        + cacheTtl
        + "]";
  }

  /** The settings, or empty when no API key and no secret is configured. */
  public static Optional<ConfluentSettings> fromEnvironment(Map<String, String> env) {
    Optional<String> keyId = Settings.value(env, "LINKDNS_CONFLUENT_API_KEY");
    Optional<String> secret = Settings.value(env, "LINKDNS_CONFLUENT_API_SECRET");
    Optional<String> secretName = Settings.value(env, "LINKDNS_CONFLUENT_SECRET");
    if (keyId.isEmpty() && secret.isEmpty() && secretName.isEmpty()) {
      return Optional.empty();
    }
    if (secretName.isPresent() && (keyId.isPresent() || secret.isPresent())) {
      throw new InvalidInputException(
          "LINKDNS_CONFLUENT_SECRET",
          secretName.get().startsWith("{") ? "(a JSON value)" : secretName.get(),
          "give either LINKDNS_CONFLUENT_SECRET or LINKDNS_CONFLUENT_API_KEY with LINKDNS_CONFLUENT_API_SECRET, not both");
    }
    if (secretName.isEmpty() && secret.isEmpty()) {
      throw new InvalidInputException(
          "LINKDNS_CONFLUENT_API_SECRET",
          null,
          "required with LINKDNS_CONFLUENT_API_KEY=" + keyId.get());
    }
    if (secretName.isEmpty() && keyId.isEmpty()) {
      throw new InvalidInputException(
          "LINKDNS_CONFLUENT_API_KEY", null, "required with LINKDNS_CONFLUENT_API_SECRET");
    }
    Optional<ApiKey> key =
        secretName.isPresent()
            ? Optional.empty()
            : Optional.of(new ApiKey(keyId.get(), secret.get()));
    String url = Settings.value(env, "LINKDNS_CONFLUENT_API_URL").orElse(DEFAULT_API_URL);
    URI api;
    try {
      api = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("LINKDNS_CONFLUENT_API_URL", url, "not a URL", e);
    }
    if (api.getHost() == null
        || api.getRawUserInfo() != null
        || api.getRawQuery() != null
        || api.getRawFragment() != null
        || !("https".equalsIgnoreCase(api.getScheme())
            || ("http".equalsIgnoreCase(api.getScheme()) && loopback(api.getHost())))) {
      throw new InvalidInputException(
          "LINKDNS_CONFLUENT_API_URL",
          url,
          "must be an https:// URL with a host and no user info, query or fragment (the API key is never sent over plain HTTP,"
              + " except to a test server on a loopback address literal or localhost)");
    }
    List<String> environments = new ArrayList<>();
    for (String e : Settings.value(env, "LINKDNS_CONFLUENT_ENVIRONMENTS").orElse("").split(",")) {
      String id = e.trim();
      if (id.isEmpty()) {
        continue;
      }
      if (!id.matches("env-[A-Za-z0-9]+")) {
        throw new InvalidInputException(
            "LINKDNS_CONFLUENT_ENVIRONMENTS", id, "not a Confluent environment id (env-...)");
      }
      environments.add(id);
    }
    double ttl = Settings.number(env, "LINKDNS_CONFLUENT_CACHE_SECONDS", 60, 0, 3600);
    return Optional.of(
        new ConfluentSettings(
            api, key, secretName, environments, Duration.ofMillis((long) (ttl * 1000))));
  }

  /**
   * Plain HTTP is allowed only to this host, decided on the parsed address: an IP literal that is a
   * loopback address, or the name {@code localhost}; a name is never resolved here and never
   * matched by prefix ({@code 127.attacker.example} is a name, not a loopback address).
   */
  static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      for (String octet : h.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
    } else if (!(h.contains(":") && h.matches("[0-9A-Fa-f:.]+"))) {
      return false;
    }
    try {
      // A checked literal: InetAddress parses it without any lookup.
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * The key itself, or read from the named secret; errors name the secret, never its value. A
   * LINKDNS_CONFLUENT_SECRET that is already the JSON value (an App Service Key Vault reference,
   * resolved by the platform before the function starts) is used as it is.
   */
  public ApiKey resolveKey(SecretSource secrets) {
    if (key.isPresent()) {
      return key.get();
    }
    String name = secretName.orElseThrow();
    if (name.startsWith("{")) {
      return ApiKey.fromSecretJson("(the value of LINKDNS_CONFLUENT_SECRET)", name);
    }
    String value;
    try {
      value = secrets.read(name);
    } catch (RuntimeException e) {
      throw new ConfluentUnavailableException(
          "LINKDNS_CONFLUENT_SECRET", name, "could not be read: " + e.getMessage(), e);
    }
    return ApiKey.fromSecretJson(name, value);
  }
}
