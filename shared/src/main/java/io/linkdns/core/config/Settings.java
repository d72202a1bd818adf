package io.linkdns.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.JsonInput;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.ownership.AllowedDomains;
import io.linkdns.core.ownership.Authority;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.DomainRule;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.plan.Policy;
import io.linkdns.core.reconcile.Backoff;
import io.linkdns.core.reconcile.Reconciler;
import io.linkdns.core.reconcile.ZoneLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration, read from environment variables:
 *
 * <ul>
 *   <li>{@code LINKDNS_OWNER_ID} (default {@code linkdns}): names this installation in owner
 *       markers;
 *   <li>{@code LINKDNS_POLICY} (default {@code sync}): {@code sync}, {@code upsert-only} or {@code
 *       create-only};
 *   <li>{@code LINKDNS_CREATE_ZONES} (default {@code true}): create missing private zones;
 *   <li>{@code LINKDNS_LAYOUT}: layout for endpoints that name none (the cloud's Confluent
 *       default);
 *   <li>{@code LINKDNS_LAYOUTS}: user layouts, a JSON array;
 *   <li>{@code LINKDNS_RULES}: JSON array of {service, network?, domain, layout?, zone?} rules;
 *   <li>{@code LINKDNS_ALLOWED_DOMAINS} (default {@code confluent.cloud}): suffixes every domain
 *       must lie under;
 *   <li>{@code LINKDNS_ZONES}: existing zones (provider ids or names) the operator hands to
 *       linkdns;
 *   <li>{@code LINKDNS_ZONE_GRACE_MINUTES} (default 60; 0 = at once): how long a zone linkdns
 *       created may hold nothing of ours before it is unlinked and deleted;
 *   <li>{@code LINKDNS_ZONE_BUDGET} (default 20): new zones per network per rolling hour.
 * </ul>
 */
public record Settings(
    String ownerId,
    String policyName,
    boolean createZones,
    Layouts layouts,
    String defaultLayout,
    List<DomainRule> rules,
    AllowedDomains allowed,
    List<String> adoptedZones,
    ZoneLifecycle lifecycle) {
  public Settings {
    rules = List.copyOf(rules);
    adoptedZones = List.copyOf(adoptedZones);
  }

  public static Settings fromEnvironment(Map<String, String> env, String cloudDefaultLayout) {
    String ownerId = value(env, "LINKDNS_OWNER_ID").orElse("linkdns");
    if (!ownerId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new InvalidInputException(
          "LINKDNS_OWNER_ID", ownerId, "must be 1-63 letters, digits, '.', '_' or '-'");
    }
    String policy = value(env, "LINKDNS_POLICY").orElse("sync").toLowerCase(Locale.ROOT);
    Policy.named("LINKDNS_POLICY", policy);
    boolean create = bool(env, "LINKDNS_CREATE_ZONES", true);
    Layouts layouts = Layouts.withDeclared(value(env, "LINKDNS_LAYOUTS").orElse(""));
    String layout = value(env, "LINKDNS_LAYOUT").orElse(cloudDefaultLayout);
    layouts.require("LINKDNS_LAYOUT", layout);
    List<DomainRule> rules = parseRules(value(env, "LINKDNS_RULES").orElse(""));
    AllowedDomains allowed =
        AllowedDomains.parse(
            "LINKDNS_ALLOWED_DOMAINS", value(env, "LINKDNS_ALLOWED_DOMAINS").orElse(""));
    List<String> zones = new ArrayList<>();
    for (String z : value(env, "LINKDNS_ZONES").orElse("").split(",")) {
      if (!z.isBlank()) {
        zones.add(z.trim());
      }
    }
    ZoneLifecycle lifecycle =
        new ZoneLifecycle(
            Duration.ofMinutes((long) number(env, "LINKDNS_ZONE_GRACE_MINUTES", 60, 0, 10_080)),
            (int) number(env, "LINKDNS_ZONE_BUDGET", 20, 1, 500),
            Clock.systemUTC());
    return new Settings(ownerId, policy, create, layouts, layout, rules, allowed, zones, lifecycle);
  }

  /** Tags and rules decide; the enterprise layout is the default one. */
  public DomainResolver resolver(TagKeys keys) {
    return resolver(keys, defaultLayout, Authority.NONE);
  }

  /**
   * @param enterpriseLayout the cloud's single-wildcard layout, for endpoints the authority calls
   *     enterprise
   * @param authority the outside source of truth (Confluent's API) or {@link Authority#NONE}
   */
  public DomainResolver resolver(TagKeys keys, String enterpriseLayout, Authority authority) {
    return new DomainResolver(
        keys, rules, layouts, defaultLayout, enterpriseLayout, allowed, authority);
  }

  public Reconciler.Options options() {
    return new Reconciler.Options(
            ownerId,
            Policy.named("LINKDNS_POLICY", policyName),
            createZones,
            false,
            Backoff.DEFAULT,
            adoptedZones)
        .withLifecycle(lifecycle);
  }

  public static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  public static boolean bool(Map<String, String> env, String name, boolean fallback) {
    Optional<String> v = value(env, name);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new InvalidInputException(name, v.get(), "expected true or false");
    };
  }

  /** A numeric setting within [min, max]; the fallback when unset. */
  public static double number(
      Map<String, String> env, String name, double fallback, double min, double max) {
    Optional<String> v = value(env, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.get());
      if (d >= min && d <= max) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(name, v.get(), "expected a number from " + min + " to " + max);
  }

  static List<DomainRule> parseRules(String json) {
    if (json.isBlank()) {
      return List.of();
    }
    List<DeclaredRule> declared =
        JsonInput.list(
            "LINKDNS_RULES",
            json,
            "rules",
            DeclaredRule.class,
            last -> last.isEmpty() ? "a rule must be a JSON object" : "must be a string");
    List<DomainRule> rules = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      rules.add(declared.get(i).toRule("LINKDNS_RULES[" + i + "]"));
    }
    return List.copyOf(rules);
  }

  /** A rule as declared in LINKDNS_RULES, bound by Jackson; blank counts as absent. */
  record DeclaredRule(
      @JsonProperty("service") String service,
      @JsonProperty("network") String network,
      @JsonProperty("domain") String domain,
      @JsonProperty("layout") String layout,
      @JsonProperty("zone") String zone) {

    DomainRule toRule(String field) {
      String s =
          present(service)
              .orElseThrow(() -> new InvalidInputException(field + ".service", null, "required"));
      String d =
          present(domain)
              .orElseThrow(() -> new InvalidInputException(field + ".domain", null, "required"));
      return new DomainRule(s, present(network), d, present(layout), present(zone));
    }

    private static Optional<String> present(String value) {
      return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
  }
}
