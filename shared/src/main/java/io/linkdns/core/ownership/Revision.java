package io.linkdns.core.ownership;

import java.util.List;

/**
 * A record set's version exactly as the provider read it (Azure: the ETag; Route 53: the owner
 * marker's name, TTL and values), opaque to the core and carried from the read to the write that
 * must name it, so a write can be refused when the record changed since.
 */
public record Revision(List<String> tokens) {
  /** Nothing was read (a record set made by hand, or by a provider that needs no precondition). */
  public static final Revision NONE = new Revision(List.of());

  public Revision {
    tokens = List.copyOf(tokens);
  }

  public static Revision of(String... tokens) {
    return new Revision(List.of(tokens));
  }

  public boolean isNone() {
    return tokens.isEmpty();
  }
}
