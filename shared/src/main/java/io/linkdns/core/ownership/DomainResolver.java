package io.linkdns.core.ownership;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.layout.Layout;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides which domain, layout and zone label an endpoint belongs to: the authority (Confluent's
 * API) first, then its tags, then the first configuration rule matching its service. Whatever
 * decides, the domain must lie under an allowed suffix, and a domain a rule pins to a service is
 * refused on endpoints of any other service. An endpoint that matches nothing is left alone.
 */
public final class DomainResolver {
  private final TagKeys keys;
  private final List<DomainRule> rules;
  private final Layouts layouts;
  private final String defaultLayout;
  private final String enterpriseLayout;
  private final AllowedDomains allowed;
  private final Authority authority;

  /** Tags and rules only, Confluent's default allowed domains; for tests and tools. */
  public DomainResolver(
      TagKeys keys, List<DomainRule> rules, Layouts layouts, String defaultLayout) {
    this(
        keys,
        rules,
        layouts,
        defaultLayout,
        defaultLayout,
        AllowedDomains.defaults(),
        Authority.NONE);
  }

  public DomainResolver(
      TagKeys keys,
      List<DomainRule> rules,
      Layouts layouts,
      String defaultLayout,
      String enterpriseLayout,
      AllowedDomains allowed,
      Authority authority) {
    this.keys = keys;
    this.rules = List.copyOf(rules);
    this.layouts = layouts;
    this.defaultLayout = defaultLayout;
    this.enterpriseLayout = enterpriseLayout;
    this.allowed = allowed;
    this.authority = authority;
    layouts.require("LINKDNS_LAYOUT", defaultLayout);
    layouts.require("LINKDNS_LAYOUT", enterpriseLayout);
    for (int i = 0; i < this.rules.size(); i++) {
      DomainRule r = this.rules.get(i);
      String field = "LINKDNS_RULES[" + i + "].domain";
      String domain =
          r.assigns()
              ? DnsName.requireDomain(field, r.domain())
              : requireDomainGlob(field, r.domain());
      if (r.assigns()
          ? !allowed.permits(domain)
          : !allowed.coversPattern(domain.substring(domain.lastIndexOf('*') + 2))) {
        throw new InvalidInputException(
            field,
            r.domain(),
            "not below an allowed domain " + allowed.describe() + " (LINKDNS_ALLOWED_DOMAINS)");
      }
      int index = i;
      r.layout().ifPresent(l -> layouts.require("LINKDNS_RULES[" + index + "].layout", l));
      r.az().ifPresent(z -> requireAz("LINKDNS_RULES[" + index + "].zone", z));
    }
  }

  public Layouts layouts() {
    return layouts;
  }

  public AllowedDomains allowed() {
    return allowed;
  }

  /**
   * The endpoint's binding, or empty when neither the authority, a tag nor a rule claims it. A tag
   * or rule that is present but wrong (bad domain, unknown layout) raises an error naming the
   * endpoint and field; one that asks for what the operator did not allow raises a {@link
   * RefusedException}.
   */
  public Optional<Binding> bind(Endpoint endpoint) {
    String where = "endpoint[" + endpoint.id() + "]";
    Optional<String> tagDomain = tag(endpoint, keys.domain());
    Optional<String> tagLayout = tag(endpoint, keys.layout());
    Optional<String> tagAz = tag(endpoint, keys.az());
    String tagField = where + ".tag[" + keys.domain() + "]";

    Optional<Claim> claim = authority.claim(endpoint);
    if (claim.isPresent()) {
      Claim c = claim.get();
      String domain =
          allowed.require(c.source(), DnsName.requireDomain(c.source(), c.domain()), endpoint.id());
      List<String> refused = new ArrayList<>();
      tagDomain
          .map(DnsName::normalize)
          .filter(d -> !d.equals(domain))
          .ifPresent(
              d ->
                  refused.add(
                      tagField
                          + "='"
                          + d
                          + "' refused: "
                          + c.source()
                          + " says the endpoint serves "
                          + domain));
      for (int i = 0; i < rules.size(); i++) {
        DomainRule r = rules.get(i);
        if (r.assigns()
            && r.matches(endpoint.service(), endpoint.network())
            && !DnsName.normalize(r.domain()).equals(domain)) {
          refused.add(
              "LINKDNS_RULES["
                  + i
                  + "].domain='"
                  + r.domain()
                  + "' refused for "
                  + endpoint.id()
                  + ": "
                  + c.source()
                  + " says the endpoint serves "
                  + domain);
        }
      }
      Layout layout =
          tagLayout.isPresent()
              ? layouts.require(where + ".tag[" + keys.layout() + "]", tagLayout.get())
              : layouts.require(
                  "LINKDNS_LAYOUT",
                  c.kind() == Claim.Kind.DEDICATED ? defaultLayout : enterpriseLayout);
      Optional<String> zone =
          c.az().isPresent()
              ? c.az().map(z -> requireAz(c.source() + ".zone", z))
              : tagAz.map(z -> requireAz(where + ".tag[" + keys.az() + "]", z));
      return Optional.of(new Binding(domain, layout, zone, c.source(), refused));
    }

    if (tagDomain.isPresent()) {
      String domain =
          allowed.require(
              tagField, tagDomain(tagField, tagDomain.get(), endpoint.id()), endpoint.id());
      requireNotPinnedElsewhere(tagField, domain, endpoint);
      Layout layout =
          layouts.require(where + ".tag[" + keys.layout() + "]", tagLayout.orElse(defaultLayout));
      Optional<String> zone = tagAz.map(z -> requireAz(where + ".tag[" + keys.az() + "]", z));
      return Optional.of(new Binding(domain, layout, zone, "tag " + keys.domain()));
    }
    for (int i = 0; i < rules.size(); i++) {
      DomainRule r = rules.get(i);
      if (r.assigns() && r.matches(endpoint.service(), endpoint.network())) {
        Layout layout =
            tagLayout.isPresent()
                ? layouts.require(where + ".tag[" + keys.layout() + "]", tagLayout.get())
                : layouts.require(
                    "LINKDNS_RULES[" + i + "].layout", r.layout().orElse(defaultLayout));
        Optional<String> zone =
            tagAz.isPresent()
                ? tagAz.map(z -> requireAz(where + ".tag[" + keys.az() + "]", z))
                : r.az();
        return Optional.of(new Binding(DnsName.normalize(r.domain()), layout, zone, "rule " + i));
      }
    }
    return Optional.empty();
  }

  /**
   * A tag's domain. One longer than DNS allows is refused like a derived name that is too long, not
   * failed: a failure would be redelivered and fail every sweep for as long as the tag stays.
   */
  private static String tagDomain(String field, String value, String endpointId) {
    String n = DnsName.normalize(value);
    if (n.length() > 253) {
      throw new RefusedException(
          field,
          value,
          "endpoint " + endpointId + ": " + n.length() + " characters; DNS names are at most 253");
    }
    return DnsName.requireDomain(field, value);
  }

  /**
   * A tag may name a pinned domain only on an endpoint of the service (and network) the pin names.
   */
  private void requireNotPinnedElsewhere(String field, String domain, Endpoint endpoint) {
    List<Integer> pinning = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      DomainRule r = rules.get(i);
      if (r.pins(domain)) {
        if (r.matches(endpoint.service(), endpoint.network())) {
          return;
        }
        pinning.add(i);
      }
    }
    if (!pinning.isEmpty()) {
      DomainRule first = rules.get(pinning.get(0));
      throw new RefusedException(
          field,
          domain,
          "endpoint "
              + endpoint.id()
              + " (service "
              + endpoint.service()
              + ", network "
              + endpoint.network()
              + ") may not use it: LINKDNS_RULES"
              + pinning
              + " pin it to service "
              + first.service()
              + first.network().map(n -> " in network " + n).orElse(""));
    }
  }

  private static Optional<String> tag(Endpoint e, String key) {
    return Optional.ofNullable(e.tags().get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static String requireDomainGlob(String field, String glob) {
    String g = DnsName.normalize(glob);
    if (!g.startsWith("*.") || g.substring(2).contains("*")) {
      throw new InvalidInputException(
          field,
          glob,
          "a domain pattern is '*.' followed by a domain, e.g. *.us-east-2.aws.confluent.cloud");
    }
    DnsName.requireDomain(field, g.substring(2));
    return g;
  }

  private static String requireAz(String field, String zone) {
    String z = zone.trim().toLowerCase(java.util.Locale.ROOT);
    if (!z.matches("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?")) {
      throw new InvalidInputException(
          field, zone, "a zone label must be letters, digits or '-' (for example 1, 2, 3)");
    }
    return z;
  }
}
