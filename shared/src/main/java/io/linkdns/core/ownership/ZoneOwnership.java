package io.linkdns.core.ownership;

import io.linkdns.core.model.Zone;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which zones linkdns may touch: those it created (marked with its owner id) and those the operator
 * handed over in {@code LINKDNS_ZONES} (by provider id or by name). Every other zone is never
 * linked, written or swept, whatever an endpoint's tags say.
 */
public record ZoneOwnership(String ownerId, List<String> adopted) {
  private static final Pattern MARK = Pattern.compile("(?:^|\\s)linkdns owner=([A-Za-z0-9._-]+)");

  public ZoneOwnership {
    adopted = adopted.stream().map(a -> a.trim().toLowerCase(Locale.ROOT).replaceAll("\\.$", "")).toList();
  }

  public static ZoneOwnership of(String ownerId) {
    return new ZoneOwnership(ownerId, List.of());
  }

  /** True when linkdns may write into the zone. */
  public boolean manages(Zone zone) {
    return zone.owner().filter(ownerId::equals).isPresent() || adopts(zone.id(), zone.domain());
  }

  /** True when the operator named the zone (by id, or by name) in {@code LINKDNS_ZONES}. */
  public boolean adopts(String zoneId, String domain) {
    String id = zoneId.toLowerCase(Locale.ROOT);
    return adopted.contains(id) || adopted.contains(domain.toLowerCase(Locale.ROOT));
  }

  /** The text that marks a zone as ours, for a zone comment. */
  public String mark() {
    return "linkdns owner=" + ownerId;
  }

  /** The owner id a zone comment names, if it carries a linkdns mark. */
  public static Optional<String> readMark(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = MARK.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Why linkdns leaves a zone alone, for the log line. */
  public String refusal(Zone zone, String network) {
    return "zone " + zone.id() + " (" + zone.domain() + ") linked to " + network + " was not created by linkdns owner="
        + ownerId + zone.owner().map(o -> " (its mark names owner=" + o + ")").orElse("")
        + " and is not named in LINKDNS_ZONES; linkdns does not write into it";
  }
}
