package io.linkdns.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads settings that hold JSON, with errors that name the setting and say what was wrong. */
public final class JsonInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonInput() {}

  /** A JSON array; {@code what} names its items for the error message. */
  public static JsonNode array(String name, String json, String what) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(name, json, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new InvalidInputException(name, json, "must be a JSON array of " + what);
    }
    return root;
  }
}
