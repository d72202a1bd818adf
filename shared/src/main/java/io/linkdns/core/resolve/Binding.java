package io.linkdns.core.resolve;

import io.linkdns.core.layout.Layout;
import java.util.Optional;

/**
 * What an endpoint is wired to: the domain whose zone it feeds, the layout of that zone, and a
 * zone label that overrides the endpoint's own placement zones (Azure's Confluent zone number).
 * {@code source} says whether a tag or which rule decided, for logs.
 */
public record Binding(String domain, Layout layout, Optional<String> zone, String source) {}
