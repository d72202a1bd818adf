package io.linkdns.core.model;

import io.linkdns.core.InvalidInputException;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Canonical text form of DNS names: lower case, no trailing dot, wildcard label as a literal '*'.
 */
public final class DnsName {
  private DnsName() {}

  /**
   * Normalises a name as providers return it (Route 53 answers '\052' for '*', and a trailing dot).
   */
  public static String normalize(String name) {
    String n = name.trim().replace("\\052", "*").toLowerCase(Locale.ROOT);
    while (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    return n;
  }

  /**
   * Checks that a zone domain is a syntactically valid, non-wildcard name with at least two labels.
   */
  public static String requireDomain(String field, String domain) {
    if (domain == null || domain.isBlank()) {
      throw new InvalidInputException(field, domain, "a DNS domain is required");
    }
    String n = normalize(domain);
    if (n.contains("*")) {
      throw new InvalidInputException(field, domain, "a zone domain cannot contain a wildcard");
    }
    if (!n.contains(".")) {
      throw new InvalidInputException(field, domain, "a zone domain needs at least two labels");
    }
    try {
      Name parsed = Name.fromString(n + ".");
      for (int i = 0; i < parsed.labels() - 1; i++) {
        String label = parsed.getLabelString(i);
        if (!label.matches("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?")) {
          throw new InvalidInputException(
              field, domain, "label '" + label + "' is not a valid host label");
        }
      }
    } catch (TextParseException e) {
      throw new InvalidInputException(field, domain, "not a DNS name: " + e.getMessage(), e);
    }
    return n;
  }

  /** True when name equals domain or lies below it. */
  public static boolean isWithin(String name, String domain) {
    return name.equals(domain) || name.endsWith("." + domain);
  }
}
