package io.linkdns.core.layout;

import io.linkdns.core.InvalidInputException;

/** When a template applies, judged over the zones the domain's live endpoints cover. */
public enum When {
  ALWAYS("always"),
  MULTI_ZONE("multi-zone"),
  SINGLE_ZONE("single-zone");

  private final String text;

  When(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  public boolean holds(int zoneCount) {
    return switch (this) {
      case ALWAYS -> true;
      case MULTI_ZONE -> zoneCount > 1;
      case SINGLE_ZONE -> zoneCount == 1;
    };
  }

  public static When parse(String field, String text) {
    if (text == null) {
      return ALWAYS;
    }
    for (When w : values()) {
      if (w.text.equals(text)) {
        return w;
      }
    }
    throw new InvalidInputException(field, text, "expected one of always, multi-zone, single-zone");
  }
}
