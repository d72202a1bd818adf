package io.linkdns.core.model;

import io.linkdns.core.InvalidInputException;
import java.util.Locale;

/** The record types linkdns writes (TXT only as an ownership marker). */
public enum RecordType {
  A,
  AAAA,
  CNAME,
  TXT;

  public static RecordType parse(String field, String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new InvalidInputException(field, text, "record type must be one of A, AAAA, CNAME");
    }
  }
}
