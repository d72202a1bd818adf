package io.linkdns.core.confluent;

/**
 * Reads a named secret's value from the cloud's secret store (Secrets Manager on AWS, Key Vault on
 * Azure); each cloud module supplies one, so the shared core needs no cloud SDK.
 */
@FunctionalInterface
public interface SecretSource {
  /** The secret's current value as text; throws when it cannot be read. */
  String read(String name);

  /** No secret store wired: naming a secret is a configuration error. */
  SecretSource NONE =
      name -> {
        throw new UnsupportedOperationException("no secret store is wired to read " + name);
      };
}
