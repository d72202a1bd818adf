package io.linkdns.core.layout;

import io.linkdns.core.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Which endpoint facts a record template points at. */
public enum Target {
  ALL_ADDRESSES("all-addresses", false, Kind.ADDRESSES),
  ZONE_ADDRESSES("zone-addresses", true, Kind.ADDRESSES),
  REGIONAL_NAME("regional-name", false, Kind.NAME),
  ZONAL_NAME("zonal-name", true, Kind.NAME),
  REGIONAL_ALIAS("regional-alias", false, Kind.ALIAS),
  ZONAL_ALIAS("zonal-alias", true, Kind.ALIAS);

  /** What kind of value a target yields, which decides the record types it may fill. */
  public enum Kind {
    ADDRESSES,
    NAME,
    ALIAS
  }

  private final String text;
  private final boolean zonal;
  private final Kind kind;

  Target(String text, boolean zonal, Kind kind) {
    this.text = text;
    this.zonal = zonal;
    this.kind = kind;
  }

  public String text() {
    return text;
  }

  /** True for targets that pick one zone's facts (and so need a zone to pick). */
  public boolean zonal() {
    return zonal;
  }

  public Kind kind() {
    return kind;
  }

  public static Target parse(String field, String text) {
    for (Target t : values()) {
      if (t.text.equals(text)) {
        return t;
      }
    }
    throw new InvalidInputException(
        field,
        text,
        "unknown target; expected one of "
            + Arrays.stream(values()).map(Target::text).collect(Collectors.joining(", ")));
  }
}
