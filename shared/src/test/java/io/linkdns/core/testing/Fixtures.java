package io.linkdns.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.model.AliasTarget;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.Placement;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads test fixtures from the class path ({@code src/test/resources/<source>/<case>.json}):
 * endpoints in the model's own shape, and record sets as {name, type, ttl, values} or {name, type,
 * alias}.
 */
public final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  public static JsonNode json(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {id, network, service, state (provider word), tags, regionalName?, regionalAlias?,
   * placements[]}.
   */
  public static Endpoint endpoint(JsonNode n) {
    Map<String, String> tags = new LinkedHashMap<>();
    n.path("tags").fields().forEachRemaining(f -> tags.put(f.getKey(), f.getValue().asText()));
    List<Placement> placements = new ArrayList<>();
    for (JsonNode p : n.path("placements")) {
      placements.add(
          new Placement(
              p.path("zone").asText(""),
              optText(p, "zonalName"),
              alias(p.get("zonalAlias")),
              strings(p.path("addresses"))));
    }
    return new Endpoint(
        n.path("id").asText(),
        n.path("network").asText(),
        n.path("service").asText(""),
        EndpointState.fromProvider(n.path("state").asText("available")),
        tags,
        optText(n, "regionalName"),
        alias(n.get("regionalAlias")),
        placements);
  }

  public static List<Endpoint> endpoints(JsonNode array) {
    List<Endpoint> out = new ArrayList<>();
    array.forEach(e -> out.add(endpoint(e)));
    return out;
  }

  public static RecordSet recordSet(JsonNode n) {
    RecordType type = RecordType.read(n.path("type").asText());
    Optional<AliasTarget> alias = alias(n.get("alias"));
    if (alias.isPresent()) {
      return RecordSet.alias(n.path("name").asText(), type, alias.get());
    }
    return RecordSet.values(
        n.path("name").asText(), type, n.path("ttl").asLong(), strings(n.path("values")));
  }

  public static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Optional<String> optText(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<AliasTarget> alias(JsonNode n) {
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        new AliasTarget(n.path("hostedZoneId").asText(), n.path("dnsName").asText()));
  }
}
