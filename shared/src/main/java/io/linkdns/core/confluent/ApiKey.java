package io.linkdns.core.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.InvalidInputException;
import java.io.IOException;

/**
 * A Confluent Cloud API key: its id, which may appear in logs and errors, and its secret, which
 * never does ({@link #toString()} leaves it out).
 */
public record ApiKey(String id, String secret) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ApiKey {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException("LINKDNS_CONFLUENT_API_KEY", id, "an API key id is required");
    }
    if (secret == null || secret.isBlank()) {
      throw new InvalidInputException(
          "LINKDNS_CONFLUENT_API_SECRET", null, "the secret of API key " + id + " is required");
    }
    id = id.trim();
    secret = secret.trim();
  }

  /**
   * Reads a secret's value {"api_key": ..., "api_secret": ...}; {@code where} names the secret for
   * errors.
   */
  public static ApiKey fromSecretJson(String where, String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json == null ? "" : json);
    } catch (IOException e) {
      // The value is a secret: never echo it, not even in part.
      throw new InvalidInputException(
          "LINKDNS_CONFLUENT_SECRET",
          where,
          "the secret's value is not JSON {\"api_key\",\"api_secret\"}");
    }
    if (node == null
        || !node.isObject()
        || !node.path("api_key").isTextual()
        || !node.path("api_secret").isTextual()) {
      throw new InvalidInputException(
          "LINKDNS_CONFLUENT_SECRET",
          where,
          "the secret's value must be a JSON object with string fields api_key and api_secret");
    }
    return new ApiKey(node.get("api_key").asText(), node.get("api_secret").asText());
  }

  @Override
  public String toString() {
    return "ApiKey[" + id + "]";
  }
}
