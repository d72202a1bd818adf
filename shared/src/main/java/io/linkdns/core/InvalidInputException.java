package io.linkdns.core;

/**
 * Raised when an event, a setting or a layout is malformed; names the field and the value that was
 * wrong.
 */
public class InvalidInputException extends RuntimeException {
  private final String field;
  private final String value;

  public InvalidInputException(String field, String value, String problem) {
    super(field + "=" + quote(value) + ": " + problem);
    this.field = field;
    this.value = value;
  }

  public InvalidInputException(String field, String value, String problem, Throwable cause) {
    super(field + "=" + quote(value) + ": " + problem, cause);
    this.field = field;
    this.value = value;
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  private static String quote(String value) {
    if (value == null) {
      return "<missing>";
    }
    String shown = value.length() > 120 ? value.substring(0, 117) + "..." : value;
    return "'" + shown + "'";
  }
}
