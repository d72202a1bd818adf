package io.linkdns.core.ownership;

/** The tag names a cloud uses to bind an endpoint to a domain, a layout and a zone number. */
public record TagKeys(String domain, String layout, String az) {
  /** AWS allows ':' in tag keys. */
  public static final TagKeys AWS = new TagKeys("linkdns:domain", "linkdns:layout", "linkdns:zone");

  /** Azure tag names are conventionally hyphenated. */
  public static final TagKeys AZURE =
      new TagKeys("linkdns-domain", "linkdns-layout", "linkdns-zone");
}
