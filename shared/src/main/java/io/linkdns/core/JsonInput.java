package io.linkdns.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads settings that hold JSON, with errors that name the setting and say what was wrong. */
public final class JsonInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Binds exactly what is written: unknown fields, a number where text belongs, text or a fraction
   * where a whole number belongs, a single value where a list belongs, are all errors, not coerced.
   */
  private static final ObjectMapper STRICT = strict();

  private static ObjectMapper strict() {
    JsonMapper m =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return m;
  }

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

  /**
   * A JSON array whose items are bound to {@code type} (a record). An item that does not fit raises
   * an error naming its place ({@code NAME[i].field[j].field}) and the value found there; the
   * problem is "unknown field; allowed: ..." for a field the record lacks, else {@code problem}
   * applied to the last step of that place: a field name, {@code "[]"} for a list item, {@code ""}
   * for the item itself.
   */
  public static <T> List<T> list(
      String name, String json, String what, Class<T> type, Function<String, String> problem) {
    JsonNode root = array(name, json, what);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String field = name + "[" + i + "]";
      JsonNode item = root.get(i);
      T value;
      try {
        value = STRICT.treeToValue(item, type);
      } catch (DatabindException e) {
        throw refused(field, item, e, problem);
      } catch (JsonProcessingException e) {
        throw new InvalidInputException(field, item.toString(), problem.apply(""), e);
      }
      if (value == null) {
        throw new InvalidInputException(field, item.toString(), problem.apply(""));
      }
      out.add(value);
    }
    return List.copyOf(out);
  }

  private static InvalidInputException refused(
      String field, JsonNode item, DatabindException e, Function<String, String> problem) {
    StringBuilder place = new StringBuilder(field);
    JsonNode at = item;
    String last = "";
    for (JsonMappingException.Reference step : ((JsonMappingException) e).getPath()) {
      if (step.getFieldName() != null) {
        place.append('.').append(step.getFieldName());
        at = at.path(step.getFieldName());
        last = step.getFieldName();
      } else {
        place.append('[').append(step.getIndex()).append(']');
        at = at.path(step.getIndex());
        last = "[]";
      }
    }
    String value = at instanceof MissingNode ? null : at.toString();
    String says =
        e instanceof UnrecognizedPropertyException u
            ? "unknown field; allowed: "
                + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()
            : problem.apply(last);
    return new InvalidInputException(place.toString(), value, says, e);
  }
}
