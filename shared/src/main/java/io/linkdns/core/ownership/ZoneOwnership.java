package io.linkdns.core.ownership;

import io.linkdns.core.model.Zone;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which zones linkdns may touch: those it created (marked with its owner id) and those the operator
 * handed over in {@code LINKDNS_ZONES} (by provider id or by name). Every other zone is never
 * linked, written or swept, whatever an endpoint's tags say.
 */
public record ZoneOwnership(String ownerId, List<String> adopted) {
  public ZoneOwnership {
    adopted =
        adopted.stream()
            .map(a -> a.trim().toLowerCase(Locale.ROOT).replaceAll("\\.$", ""))
            .toList();
  }

  public static ZoneOwnership of(String ownerId) {
    return new ZoneOwnership(ownerId, List.of());
  }

  /** True when linkdns may write into the zone. */
  public boolean manages(Zone zone) {
    return owner(zone).filter(ownerId::equals).isPresent() || adopts(zone.id(), zone.domain());
  }

  /** True when the operator named the zone (by id, or by name) in {@code LINKDNS_ZONES}. */
  public boolean adopts(String zoneId, String domain) {
    String id = zoneId.toLowerCase(Locale.ROOT);
    return adopted.contains(id) || adopted.contains(domain.toLowerCase(Locale.ROOT));
  }

  /** The mark of a zone this installation creates now. */
  public ZoneMark mark(Instant now) {
    return ZoneMark.created(ownerId, now);
  }

  /** The mark a zone carries, parsed from its text as the provider stores it. */
  public static Optional<ZoneMark> markOf(Zone zone) {
    return zone.mark().flatMap(ZoneMark::parse);
  }

  /** The owner id a zone's mark names, if it carries one. */
  public static Optional<String> owner(Zone zone) {
    return markOf(zone).map(ZoneMark::owner);
  }

  /**
   * True when the zone carries this installation's mark (created by it), whether or not it is also
   * adopted.
   */
  public boolean created(Zone zone) {
    return owner(zone).filter(ownerId::equals).isPresent();
  }

  /** Why linkdns leaves a zone alone, for the log line. */
  public String refusal(Zone zone, String network) {
    return "zone "
        + zone.id()
        + " ("
        + zone.domain()
        + ") linked to "
        + network
        + " was not created by linkdns owner="
        + ownerId
        + owner(zone).map(o -> " (its mark names owner=" + o + ")").orElse("")
        + " and is not named in LINKDNS_ZONES; linkdns does not write into it"
        + (zone.networks().stream().anyMatch(network::equalsIgnoreCase)
            ? ""
            : " and the network was not linked to it");
  }
}
