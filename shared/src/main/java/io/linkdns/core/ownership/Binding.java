package io.linkdns.core.ownership;

import io.linkdns.core.layout.Layout;
import java.util.List;
import java.util.Optional;

/**
 * What an endpoint is wired to: the domain whose zone it feeds, the layout of that zone, and an
 * availability-zone label that overrides the endpoint's own placements (Azure's Confluent zone
 * number). {@code source} says whether a tag, a rule or the authority decided, for logs; {@code
 * refused} lists what was asked for and not granted (a tag contradicting the authority).
 */
public record Binding(
    String domain, Layout layout, Optional<String> az, String source, List<String> refused) {
  public Binding {
    refused = List.copyOf(refused);
  }

  public Binding(String domain, Layout layout, Optional<String> az, String source) {
    this(domain, layout, az, source, List.of());
  }
}
