package io.linkdns.core.reconcile;

import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.ForeignZoneException;
import io.linkdns.core.ownership.ZoneMark;
import io.linkdns.core.ownership.ZoneOwnership;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A cloud's private zones as places: which exist for a domain and network, creating and linking
 * them, and which ones linkdns may manage. Records inside them are a {@link RecordStore}'s job.
 */
public interface ZoneDirectory {
  /**
   * The private zone for the domain that the network resolves through, if there is one, with every
   * network it is linked to and its mark, as the provider says: a zone linkdns may not use is
   * returned too, and the core refuses it ({@link ZoneOwnership#manages}). Where zone names are
   * unique (Azure), a zone linkdns may use that is not yet linked to the network is left to {@link
   * #create}.
   */
  Optional<Zone> find(String domain, String network);

  /**
   * Creates the private zone for the domain, marked as linkdns's, and links it to the network. When
   * the provider says a zone of that name is already linked, that zone is reused only if linkdns
   * manages it (returned not fresh); otherwise {@link ForeignZoneException}, a guard against a zone
   * created by someone else between find and create.
   */
  Zone create(String domain, String network);

  /**
   * {@link #create(String, String)} for a network the given account owns (the endpoints' account as
   * their cloud reports it): where a zone can only be created with a network of the installation's
   * own account, the adapter creates it with one of those and links the other account's network
   * after.
   */
  default Zone create(String domain, String network, Optional<String> account) {
    return create(domain, network);
  }

  /**
   * Makes a zone linkdns manages resolvable wherever the operator's settings say besides its
   * endpoints' networks, re-adding what went missing; the zone is as read ({@link #find}, {@link
   * #get}), so a zone that lacks nothing costs no call. Never writes on the word of a tag or an
   * event: only the settings name where zones are shared. Throws {@link
   * io.linkdns.core.ownership.RefusedException}, having written nothing, when a place it would add
   * already resolves the domain through another zone. Returns a note per link re-added.
   */
  default List<String> share(Zone zone) {
    return List.of();
  }

  /**
   * For the sweep, once over the zones {@link #list} returned: re-adds what {@link #share(Zone)}
   * cannot see from one zone as read (a provider's shared view, such as a Route 53 Profile, read
   * once per sweep rather than once per zone). Returns a note per link re-added.
   */
  default List<String> share(List<Zone> zones) {
    return List.of();
  }

  /** A zone by provider id, with the networks it is linked to and its mark. */
  Optional<Zone> get(String zoneId);

  /**
   * The private zones linkdns may manage (created by it, or adopted), for the sweep; others are not
   * even read.
   */
  List<Zone> list(ZoneOwnership ours);

  /**
   * What the sweep needs to know of the zones in one go: the zones linkdns may manage with their
   * links among {@code networks}, and, where the provider can list them cheaply, the names of every
   * private zone each of those networks resolves through. By default: {@link #list} and no names
   * (each domain is then looked up with {@link #find} as before).
   */
  default ZoneListing listing(ZoneOwnership ours, java.util.Collection<String> networks) {
    return new ZoneListing(list(ours), java.util.Map.of());
  }

  /**
   * Rewrites the zone's linkdns mark (Route 53: the zone comment; Azure: the zone's tags,
   * conditional on the ETag read), e.g. to note since when it has held nothing of ours. Throws
   * {@link ConcurrentChangeException} when the zone changed since it was read.
   */
  void remark(Zone zone, ZoneMark mark);

  /**
   * Deletes a zone linkdns created and no longer needs: unlinks every network, then deletes the
   * zone. The adapter reads the zone's record sets again first and deletes nothing (throws {@link
   * ForeignZoneException}) when anything but the provider's own SOA/NS is left, so a record written
   * meanwhile, by anyone, keeps the zone.
   */
  void delete(Zone zone);

  /**
   * When this installation's zones linked to the network were created, for those created at or
   * after {@code since} (the zone budget counts them from DNS, not from memory, so it holds across
   * instances). Reads listings only, no call per zone where the provider allows.
   */
  List<Instant> createdSince(String network, ZoneOwnership ours, Instant since);

  /**
   * The zones linkdns may manage that the network resolves through, each with every network it is
   * linked to and its mark: after a tag change, the zones that may still hold records the endpoint
   * backed under its old domain. Costs the network's zones, not the account's.
   */
  List<Zone> linkedTo(String network, ZoneOwnership ours);
}
