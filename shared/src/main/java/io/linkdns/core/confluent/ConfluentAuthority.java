package io.linkdns.core.confluent;

import io.linkdns.core.model.Endpoint;
import io.linkdns.core.resolve.Authority;
import io.linkdns.core.resolve.Claim;
import java.util.Map;
import java.util.Optional;

/**
 * Confluent Cloud as the source of truth for the endpoints it knows. In order: an ingress access point
 * or a PrivateLink Attachment connection that names the endpoint (its id) gives the access point's or
 * the attachment's DNS domain, single wildcard; a READY dedicated network whose endpoint service (AWS)
 * or one of whose Private Link service aliases (Azure, the alias's key being the zone number) is the
 * endpoint's service gives the network's DNS domain, wildcard plus zonal records. Answers come from
 * the cached {@link Listings}; when Confluent cannot be read every question fails, so the endpoint is
 * held rather than decided by a tag.
 */
public final class ConfluentAuthority implements Authority {
  private final Listings listings;

  public ConfluentAuthority(Listings listings) {
    this.listings = listings;
  }

  public Listings listings() {
    return listings;
  }

  @Override
  public Optional<Claim> claim(Endpoint endpoint) {
    return claim(listings.current(), endpoint);
  }

  /** What this listing says of the endpoint. */
  public static Optional<Claim> claim(Listing listing, Endpoint endpoint) {
    for (Listing.AccessPoint ap : listing.accessPoints()) {
      if (ap.endpoint().filter(id -> id.equalsIgnoreCase(endpoint.id())).isPresent()) {
        String source = "Confluent access point " + ap.id() + " (" + ap.environment() + ")";
        String domain = ap.dnsDomain().orElseThrow(() -> notYet(source, endpoint, ap.phase()));
        return Optional.of(new Claim(domain, Claim.Kind.ENTERPRISE, Optional.empty(), source, Optional.empty()));
      }
    }
    for (Listing.Connection c : listing.connections()) {
      if (c.endpoint().filter(id -> id.equalsIgnoreCase(endpoint.id())).isPresent()) {
        String source = "Confluent PrivateLink Attachment " + c.attachment() + " connection " + c.id() + " (" + c.environment() + ")";
        String domain = listing.attachment(c.attachment()).flatMap(Listing.Attachment::dnsDomain)
            .orElseThrow(() -> notYet(source, endpoint, c.phase()));
        return Optional.of(new Claim(domain, Claim.Kind.ENTERPRISE, Optional.empty(), source, Optional.empty()));
      }
    }
    for (Listing.Network n : listing.networks()) {
      if (!n.phase().equalsIgnoreCase("READY") || n.dnsDomain().isEmpty()) {
        continue;
      }
      for (Map.Entry<String, String> s : n.services().entrySet()) {
        if (s.getValue().equalsIgnoreCase(endpoint.service())) {
          String source = "Confluent network " + n.id() + " (" + n.environment() + ")";
          Optional<String> zone = s.getKey().isEmpty() ? Optional.empty() : Optional.of(s.getKey());
          return Optional.of(new Claim(n.dnsDomain().get(), Claim.Kind.DEDICATED, zone, source, n.resolution()));
        }
      }
    }
    return Optional.empty();
  }

  private static ConfluentUnavailableException notYet(String source, Endpoint endpoint, String phase) {
    return new ConfluentUnavailableException(source, endpoint.id(),
        "Confluent knows the endpoint but has no DNS domain for it yet (phase " + phase + "); it is held until it has one");
  }
}
