package io.linkdns.core.resolve;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.layout.Layout;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.Endpoint;
import java.util.List;
import java.util.Optional;

/**
 * Decides which domain, layout and zone label an endpoint belongs to: its tags first, then the
 * first configuration rule matching its service. An endpoint that matches nothing is left alone.
 */
public final class DomainResolver {
  private final TagKeys keys;
  private final List<DomainRule> rules;
  private final Layouts layouts;
  private final String defaultLayout;

  public DomainResolver(TagKeys keys, List<DomainRule> rules, Layouts layouts, String defaultLayout) {
    this.keys = keys;
    this.rules = List.copyOf(rules);
    this.layouts = layouts;
    this.defaultLayout = defaultLayout;
    layouts.require("LINKDNS_LAYOUT", defaultLayout);
    for (int i = 0; i < this.rules.size(); i++) {
      DomainRule r = this.rules.get(i);
      DnsName.requireDomain("LINKDNS_RULES[" + i + "].domain", r.domain());
      int index = i;
      r.layout().ifPresent(l -> layouts.require("LINKDNS_RULES[" + index + "].layout", l));
      r.zone().ifPresent(z -> requireZone("LINKDNS_RULES[" + index + "].zone", z));
    }
  }

  /**
   * The endpoint's binding, or empty when neither a tag nor a rule claims it. A tag or rule that is
   * present but wrong (bad domain, unknown layout) raises an error naming the endpoint and field.
   */
  public Optional<Binding> bind(Endpoint endpoint) {
    String where = "endpoint[" + endpoint.id() + "]";
    Optional<String> tagDomain = tag(endpoint, keys.domain());
    Optional<String> tagLayout = tag(endpoint, keys.layout());
    Optional<String> tagZone = tag(endpoint, keys.zone());
    if (tagDomain.isPresent()) {
      String domain = DnsName.requireDomain(where + ".tag[" + keys.domain() + "]", tagDomain.get());
      Layout layout = layouts.require(where + ".tag[" + keys.layout() + "]", tagLayout.orElse(defaultLayout));
      Optional<String> zone = tagZone.map(z -> requireZone(where + ".tag[" + keys.zone() + "]", z));
      return Optional.of(new Binding(domain, layout, zone, "tag " + keys.domain()));
    }
    for (int i = 0; i < rules.size(); i++) {
      DomainRule r = rules.get(i);
      if (r.matches(endpoint.service(), endpoint.network())) {
        Layout layout = tagLayout.isPresent()
            ? layouts.require(where + ".tag[" + keys.layout() + "]", tagLayout.get())
            : layouts.require("LINKDNS_RULES[" + i + "].layout", r.layout().orElse(defaultLayout));
        Optional<String> zone = tagZone.isPresent()
            ? tagZone.map(z -> requireZone(where + ".tag[" + keys.zone() + "]", z))
            : r.zone();
        return Optional.of(new Binding(DnsName.normalize(r.domain()), layout, zone, "rule " + i));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> tag(Endpoint e, String key) {
    return Optional.ofNullable(e.tags().get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static String requireZone(String field, String zone) {
    String z = zone.trim().toLowerCase(java.util.Locale.ROOT);
    if (!z.matches("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?")) {
      throw new InvalidInputException(field, zone, "a zone label must be letters, digits or '-' (for example 1, 2, 3)");
    }
    return z;
  }
}
