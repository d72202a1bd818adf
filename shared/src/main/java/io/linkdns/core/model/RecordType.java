package io.linkdns.core.model;

import io.linkdns.core.InvalidInputException;
import java.util.Locale;

/**
 * The record types linkdns writes (TXT only as an ownership marker); OTHER stands for any foreign
 * type it only reads.
 */
public enum RecordType {
  A,
  AAAA,
  CNAME,
  TXT,
  OTHER;

  /** The type of a record read from a provider; types linkdns never writes become OTHER. */
  public static RecordType read(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      return OTHER;
    }
  }

  public static RecordType parse(String field, String text) {
    RecordType t = read(text);
    if (t == OTHER || t == TXT) {
      throw new InvalidInputException(field, text, "record type must be one of A, AAAA, CNAME");
    }
    return t;
  }
}
