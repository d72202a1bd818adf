package io.linkdns.core.confluent;

import io.linkdns.core.model.Endpoint;
import io.linkdns.core.ownership.Authority;
import io.linkdns.core.ownership.Claim;
import io.linkdns.core.ownership.RefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Confluent Cloud as the source of truth for the endpoints it knows. Three kinds of source may
 * claim an endpoint: a READY ingress access point that names it (its id) gives the access point's
 * DNS domain, single wildcard; a READY connection of a READY PrivateLink Attachment gives the
 * attachment's domain, single wildcard; a READY dedicated network whose endpoint service (AWS) or
 * one of whose Private Link service aliases (Azure, the alias's key being the zone number) is the
 * endpoint's service gives the network's DNS domain, wildcard plus zonal records. Two sources
 * claiming one endpoint is a reported conflict and the endpoint is held (never a silent takeover by
 * either); an access point or attachment still on its way (PROVISIONING, WAITING_FOR_CONNECTIONS)
 * holds an endpoint nothing else claims, and one that failed or is going claims nothing. Answers
 * come from the cached {@link ListingCache}; when Confluent cannot be read every question fails, so
 * the endpoint is held rather than decided by a tag.
 */
public final class ConfluentAuthority implements Authority {
  private static final Set<String> COMING = Set.of("PROVISIONING", "WAITING_FOR_CONNECTIONS");

  private final ListingCache listings;

  public ConfluentAuthority(ListingCache listings) {
    this.listings = listings;
  }

  public ListingCache listings() {
    return listings;
  }

  @Override
  public Optional<Claim> claim(Endpoint endpoint) {
    return claim(listings.current(), endpoint);
  }

  /**
   * What this listing says of the endpoint; a {@link RefusedException} naming every claimant and
   * its domain when more than one source claims it.
   */
  public static Optional<Claim> claim(Listing listing, Endpoint endpoint) {
    List<Claim> claims = new ArrayList<>();
    List<String> coming = new ArrayList<>();
    for (Listing.AccessPoint ap : listing.accessPoints()) {
      if (ap.endpoint().filter(id -> id.equalsIgnoreCase(endpoint.id())).isPresent()) {
        String source = "Confluent access point " + ap.id() + " (" + ap.environment() + ")";
        if (ready(ap.phase())) {
          String domain = ap.dnsDomain().orElseThrow(() -> notYet(source, endpoint, ap.phase()));
          claims.add(
              new Claim(domain, Claim.Kind.ENTERPRISE, Optional.empty(), source, Optional.empty()));
        } else if (COMING.contains(ap.phase().toUpperCase(Locale.ROOT))) {
          coming.add(source + " phase " + ap.phase());
        }
      }
    }
    for (Listing.Connection c : listing.connections()) {
      if (c.endpoint().filter(id -> id.equalsIgnoreCase(endpoint.id())).isPresent()) {
        String source =
            "Confluent PrivateLink Attachment "
                + c.attachment()
                + " connection "
                + c.id()
                + " ("
                + c.environment()
                + ")";
        Optional<Listing.Attachment> a = listing.attachment(c.attachment());
        String phase = a.map(Listing.Attachment::phase).orElse("unknown");
        if (a.isPresent() && ready(phase) && ready(c.phase())) {
          String domain = a.get().dnsDomain().orElseThrow(() -> notYet(source, endpoint, phase));
          claims.add(
              new Claim(domain, Claim.Kind.ENTERPRISE, Optional.empty(), source, Optional.empty()));
        } else if (COMING.contains(phase.toUpperCase(Locale.ROOT))
            || COMING.contains(c.phase().toUpperCase(Locale.ROOT))) {
          coming.add(source + " phase " + phase + "/" + c.phase());
        }
      }
    }
    for (Listing.Network n : listing.networks()) {
      if (!ready(n.phase()) || n.dnsDomain().isEmpty()) {
        continue;
      }
      for (Map.Entry<String, String> s : n.services().entrySet()) {
        if (s.getValue().equalsIgnoreCase(endpoint.service())) {
          String source = "Confluent network " + n.id() + " (" + n.environment() + ")";
          Optional<String> zone = s.getKey().isEmpty() ? Optional.empty() : Optional.of(s.getKey());
          claims.add(
              new Claim(n.dnsDomain().get(), Claim.Kind.DEDICATED, zone, source, n.resolution()));
          break;
        }
      }
    }
    if (claims.size() > 1) {
      throw new RefusedException(
          "endpoint[" + endpoint.id() + "]",
          claims.size() + " Confluent claims",
          "conflict: "
              + claims.stream()
                  .map(c -> c.source() + " says " + c.domain())
                  .collect(Collectors.joining("; "))
              + "; the endpoint is held (nothing created or deleted for it) until only one of them names it");
    }
    if (claims.size() == 1) {
      return Optional.of(claims.get(0));
    }
    if (!coming.isEmpty()) {
      throw new ConfluentUnavailableException(
          String.join(", ", coming),
          endpoint.id(),
          "Confluent knows the endpoint but it is not READY yet; it is held until it is");
    }
    return Optional.empty();
  }

  private static boolean ready(String phase) {
    return phase.equalsIgnoreCase("READY");
  }

  private static ConfluentUnavailableException notYet(
      String source, Endpoint endpoint, String phase) {
    return new ConfluentUnavailableException(
        source,
        endpoint.id(),
        "Confluent knows the endpoint but has no DNS domain for it yet (phase "
            + phase
            + "); it is held until it has one");
  }
}
