package io.linkdns.core.layout;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.JsonInput;
import io.linkdns.core.model.RecordType;
import java.util.ArrayList;
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
    put(
        m,
        CONFLUENT_AWS_DEDICATED,
        t("*.{domain}", RecordType.CNAME, Target.REGIONAL_NAME, When.MULTI_ZONE),
        t("*.{az}.{domain}", RecordType.CNAME, Target.ZONAL_NAME, When.MULTI_ZONE),
        t("*.{domain}", RecordType.CNAME, Target.ZONAL_NAME, When.SINGLE_ZONE));
    put(
        m,
        CONFLUENT_AWS_DEDICATED_A,
        t("*.{domain}", RecordType.A, Target.ALL_ADDRESSES, When.ALWAYS),
        t("*.{az}.{domain}", RecordType.A, Target.ZONE_ADDRESSES, When.MULTI_ZONE));
    put(
        m,
        CONFLUENT_AWS_DEDICATED_ALIAS,
        t("*.{domain}", RecordType.A, Target.REGIONAL_ALIAS, When.MULTI_ZONE),
        t("*.{az}.{domain}", RecordType.A, Target.ZONAL_ALIAS, When.MULTI_ZONE),
        t("*.{domain}", RecordType.A, Target.ZONAL_ALIAS, When.SINGLE_ZONE));
    put(
        m,
        CONFLUENT_AWS_ENTERPRISE,
        t("*.{domain}", RecordType.CNAME, Target.REGIONAL_NAME, When.ALWAYS));
    put(
        m,
        CONFLUENT_AZURE_DEDICATED,
        t("*.{domain}", RecordType.A, Target.ALL_ADDRESSES, When.ALWAYS),
        t("*.az{az}.{domain}", RecordType.A, Target.ZONE_ADDRESSES, When.ALWAYS));
    put(
        m,
        CONFLUENT_AZURE_DEDICATED_CNAME,
        t("*.{domain}", RecordType.CNAME, Target.REGIONAL_NAME, When.ALWAYS),
        t("*.az{az}.{domain}", RecordType.CNAME, Target.ZONAL_NAME, When.ALWAYS));
    put(
        m,
        CONFLUENT_AZURE_ENTERPRISE,
        t("*.{domain}", RecordType.A, Target.ALL_ADDRESSES, When.ALWAYS));
    return new Layouts(m);
  }

  /**
   * Built-in layouts plus the user's, declared as a JSON array of {"name", "ttl", "records":
   * [{"name", "type", "target", "when"}]}. A user layout may not reuse a built-in name.
   */
  public static Layouts withDeclared(String json) {
    Layouts base = builtIn();
    if (json == null || json.isBlank()) {
      return base;
    }
    Map<String, Layout> m = new LinkedHashMap<>(base.byName);
    List<Declared> declared =
        JsonInput.list("LINKDNS_LAYOUTS", json, "layouts", Declared.class, Layouts::problem);
    for (int i = 0; i < declared.size(); i++) {
      Layout layout = declared.get(i).toLayout("LINKDNS_LAYOUTS[" + i + "]");
      if (m.containsKey(layout.name())) {
        throw new InvalidInputException(
            "LINKDNS_LAYOUTS[" + i + "].name",
            layout.name(),
            "a layout of that name already exists");
      }
      m.put(layout.name(), layout);
    }
    return new Layouts(m);
  }

  /** What is wrong where a declared layout does not bind: the last step of the place names it. */
  private static String problem(String last) {
    return switch (last) {
      case "" -> "a layout must be a JSON object";
      case "records" -> "must be an array of record templates";
      case "[]" -> "a record template must be a JSON object";
      case "ttl" -> "must be a whole number of seconds";
      default -> "must be a string";
    };
  }

  /**
   * A layout as declared in LINKDNS_LAYOUTS, bound by Jackson; {@link #toLayout} checks what the
   * types cannot.
   */
  record Declared(
      @JsonProperty("name") String name,
      @JsonProperty("ttl") Long ttl, // absent or null: the Confluent TTL
      @JsonProperty("records") List<DeclaredRecord> records) {

    Layout toLayout(String field) {
      if (records == null) {
        throw new InvalidInputException(
            field + ".records", null, "must be an array of record templates");
      }
      List<RecordTemplate> templates = new ArrayList<>();
      for (int j = 0; j < records.size(); j++) {
        String rf = field + ".records[" + j + "]";
        DeclaredRecord r = records.get(j);
        if (r == null) {
          throw new InvalidInputException(rf, "null", "a record template must be a JSON object");
        }
        templates.add(r.toTemplate(rf));
      }
      return new Layout(name, ttl == null ? CONFLUENT_TTL : ttl, templates).validate(field);
    }
  }

  /** One record template as declared. */
  record DeclaredRecord(
      @JsonProperty("name") String name,
      @JsonProperty("type") String type,
      @JsonProperty("target") String target,
      @JsonProperty("when") String when) {

    RecordTemplate toTemplate(String field) {
      if (name == null) {
        throw new InvalidInputException(field + ".name", null, "required");
      }
      return new RecordTemplate(
          name,
          RecordType.parse(field + ".type", type == null ? "" : type),
          Target.parse(field + ".target", target == null ? "" : target),
          When.parse(field + ".when", when));
    }
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
      throw new InvalidInputException(
          field, name, "unknown layout; known: " + byName.keySet().stream().sorted().toList());
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
