package io.linkdns.core.layout;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.JsonInput;
import io.linkdns.core.model.RecordType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The layouts available by name: the built-in ones plus those declared in configuration. */
public final class Layouts {
  public static final String CONFLUENT_AWS_DEDICATED = "confluent-aws-dedicated";
  public static final String CONFLUENT_AWS_DEDICATED_A = "confluent-aws-dedicated-a";
  public static final String CONFLUENT_AWS_DEDICATED_ALIAS = "confluent-aws-dedicated-alias";
  public static final String CONFLUENT_AWS_ENTERPRISE = "confluent-aws-enterprise";
  public static final String CONFLUENT_AZURE_DEDICATED = "confluent-azure-dedicated";
  public static final String CONFLUENT_AZURE_DEDICATED_CNAME = "confluent-azure-dedicated-cname";
  public static final String CONFLUENT_AZURE_ENTERPRISE = "confluent-azure-enterprise";

  private static final long CONFLUENT_TTL = 60;

  private final Map<String, Layout> byName;

  private Layouts(Map<String, Layout> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static Layouts builtIn() {
    Map<String, Layout> m = new LinkedHashMap<>();
    put(m, CONFLUENT_AWS_DEDICATED,
        t("*.{domain}", RecordType.CNAME, Target.REGIONAL_NAME, When.MULTI_ZONE),
        t("*.{zone}.{domain}", RecordType.CNAME, Target.ZONAL_NAME, When.MULTI_ZONE),
        t("*.{domain}", RecordType.CNAME, Target.ZONAL_NAME, When.SINGLE_ZONE));
    put(m, CONFLUENT_AWS_DEDICATED_A,
        t("*.{domain}", RecordType.A, Target.ALL_ADDRESSES, When.ALWAYS),
        t("*.{zone}.{domain}", RecordType.A, Target.ZONE_ADDRESSES, When.MULTI_ZONE));
    put(m, CONFLUENT_AWS_DEDICATED_ALIAS,
        t("*.{domain}", RecordType.A, Target.REGIONAL_ALIAS, When.MULTI_ZONE),
        t("*.{zone}.{domain}", RecordType.A, Target.ZONAL_ALIAS, When.MULTI_ZONE),
        t("*.{domain}", RecordType.A, Target.ZONAL_ALIAS, When.SINGLE_ZONE));
    put(m, CONFLUENT_AWS_ENTERPRISE,
        t("*.{domain}", RecordType.CNAME, Target.REGIONAL_NAME, When.ALWAYS));
    put(m, CONFLUENT_AZURE_DEDICATED,
        t("*.{domain}", RecordType.A, Target.ALL_ADDRESSES, When.ALWAYS),
        t("*.az{zone}.{domain}", RecordType.A, Target.ZONE_ADDRESSES, When.ALWAYS));
    put(m, CONFLUENT_AZURE_DEDICATED_CNAME,
        t("*.{domain}", RecordType.CNAME, Target.REGIONAL_NAME, When.ALWAYS),
        t("*.az{zone}.{domain}", RecordType.CNAME, Target.ZONAL_NAME, When.ALWAYS));
    put(m, CONFLUENT_AZURE_ENTERPRISE,
        t("*.{domain}", RecordType.A, Target.ALL_ADDRESSES, When.ALWAYS));
    return new Layouts(m);
  }

  /**
   * Built-in layouts plus the user's, declared as a JSON array of
   * {"name", "ttl", "records": [{"name", "type", "target", "when"}]}. A user layout may not reuse a
   * built-in name.
   */
  public static Layouts withDeclared(String json) {
    Layouts base = builtIn();
    if (json == null || json.isBlank()) {
      return base;
    }
    Map<String, Layout> m = new LinkedHashMap<>(base.byName);
    JsonNode root = JsonInput.array("LINKDNS_LAYOUTS", json, "layouts");
    for (int i = 0; i < root.size(); i++) {
      Layout layout = parse("LINKDNS_LAYOUTS[" + i + "]", root.get(i));
      if (m.containsKey(layout.name())) {
        throw new InvalidInputException("LINKDNS_LAYOUTS[" + i + "].name", layout.name(), "a layout of that name already exists");
      }
      m.put(layout.name(), layout);
    }
    return new Layouts(m);
  }

  private static Layout parse(String field, JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidInputException(field, node.toString(), "a layout must be a JSON object");
    }
    rejectUnknown(field, node, Set.of("name", "ttl", "records"));
    String name = text(field + ".name", node, "name").orElse(null);
    long ttl = node.has("ttl") ? requireLong(field + ".ttl", node.get("ttl")) : CONFLUENT_TTL;
    JsonNode recs = node.get("records");
    if (recs == null || !recs.isArray()) {
      throw new InvalidInputException(field + ".records", String.valueOf(recs), "must be an array of record templates");
    }
    List<RecordTemplate> templates = new ArrayList<>();
    for (int j = 0; j < recs.size(); j++) {
      String rf = field + ".records[" + j + "]";
      JsonNode r = recs.get(j);
      if (!r.isObject()) {
        throw new InvalidInputException(rf, r.toString(), "a record template must be a JSON object");
      }
      rejectUnknown(rf, r, Set.of("name", "type", "target", "when"));
      templates.add(new RecordTemplate(
          text(rf + ".name", r, "name").orElseThrow(() -> new InvalidInputException(rf + ".name", null, "required")),
          RecordType.parse(rf + ".type", text(rf + ".type", r, "type").orElse("")),
          Target.parse(rf + ".target", text(rf + ".target", r, "target").orElse("")),
          When.parse(rf + ".when", text(rf + ".when", r, "when").orElse(null))));
    }
    return new Layout(name, ttl, templates).validate(field);
  }

  private static void rejectUnknown(String field, JsonNode node, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        throw new InvalidInputException(field + "." + n, node.get(n).toString(), "unknown field; allowed: " + allowed);
      }
    }
  }

  private static Optional<String> text(String field, JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(field, v.toString(), "must be a string");
    }
    return Optional.of(v.asText());
  }

  private static long requireLong(String field, JsonNode v) {
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new InvalidInputException(field, v.toString(), "must be a whole number of seconds");
    }
    return v.asLong();
  }

  private static RecordTemplate t(String name, RecordType type, Target target, When when) {
    return new RecordTemplate(name, type, target, when);
  }

  private static void put(Map<String, Layout> m, String name, RecordTemplate... templates) {
    m.put(name, new Layout(name, CONFLUENT_TTL, List.of(templates)).validate());
  }

  public Optional<Layout> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The named layout, or an error naming the setting or tag that asked for it. */
  public Layout require(String field, String name) {
    Layout l = byName.get(name);
    if (l == null) {
      throw new InvalidInputException(field, name, "unknown layout; known: " + byName.keySet().stream().sorted().toList());
    }
    return l;
  }

  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * True when some layout could write a record of this name and type in the domain's zone; a marker
   * next to any other name (say {@code www.<domain>}) is never linkdns's, whatever it says.
   */
  public boolean writes(String name, RecordType type, String domain) {
    for (Layout layout : byName.values()) {
      for (RecordTemplate t : layout.records()) {
        if (t.type() == type && t.matches(name, domain)) {
          return true;
        }
      }
    }
    return false;
  }
}
