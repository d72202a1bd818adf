package io.linkdns.core.layout;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.RecordType;
import java.util.ArrayList;
import java.util.List;

/** A named list of record templates with the TTL they share: what a service needs in its zone. */
public record Layout(String name, long ttl, List<RecordTemplate> records) {
  public static final long MAX_TTL = 172_800;

  public Layout {
    records = List.copyOf(records);
  }

  /** Validates the layout as a whole; errors name the layout and the template position. */
  public Layout validate() {
    return validate(name == null ? "layout" : "layout[" + name + "]");
  }

  /**
   * Validates the layout as a whole; errors name {@code field} (where the layout was declared, such
   * as {@code LINKDNS_LAYOUTS[0]}) and the template position below it.
   */
  public Layout validate(String field) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new InvalidInputException(
          field + ".name", name, "must be 1-63 lower-case letters, digits or '-'");
    }
    if (ttl < 1 || ttl > MAX_TTL) {
      throw new InvalidInputException(
          field + ".ttl", Long.toString(ttl), "must be between 1 and " + MAX_TTL);
    }
    if (records.isEmpty()) {
      throw new InvalidInputException(
          field + ".records", "[]", "a layout needs at least one record");
    }
    List<RecordTemplate> checked = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      RecordTemplate t = records.get(i).validate(field + ".records[" + i + "]");
      for (RecordTemplate earlier : checked) {
        if (earlier.name().equals(t.name())
            && overlap(earlier.when(), t.when())
            && (earlier.type() == t.type()
                || earlier.type() == RecordType.CNAME
                || t.type() == RecordType.CNAME)) {
          throw new InvalidInputException(
              field + ".records[" + i + "].name",
              t.name(),
              "clashes with an earlier template of the same name");
        }
      }
      checked.add(t);
    }
    return this;
  }

  /** Two templates can both apply unless one is for a single zone and the other for several. */
  private static boolean overlap(When a, When b) {
    return a == b || a == When.ALWAYS || b == When.ALWAYS;
  }
}
