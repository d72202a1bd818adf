package io.linkdns.core.confluent;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.ownership.Binding;
import io.linkdns.core.ownership.Claim;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.plan.DesiredRecord;
import io.linkdns.core.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code linkdns discover} prints: Confluent's networks, PrivateLink Attachments and access
 * points, the endpoints of this account or subscription that match each, and the records each
 * (domain, network) would get, planned exactly as a reconcile plans them.
 */
public final class Discovery {
  private Discovery() {}

  public static String report(
      Listing listing, List<Endpoint> endpoints, DomainResolver resolver, String ownerId) {
    StringBuilder out = new StringBuilder();
    out.append("Confluent Cloud environments: ")
        .append(String.join(", ", listing.environments()))
        .append('\n');
    Map<String, List<Planner.Bound>> groups = new TreeMap<>();
    Map<String, List<String>> matchedBy = new TreeMap<>();
    for (Endpoint e : endpoints) {
      Optional<Claim> claim;
      try {
        claim = ConfluentAuthority.claim(listing, e);
      } catch (InvalidInputException refused) {
        matchedBy
            .computeIfAbsent("(held)", k -> new ArrayList<>())
            .add(e.id() + " in " + e.network() + ": " + refused.getMessage());
        continue;
      }
      if (claim.isEmpty()) {
        continue;
      }
      matchedBy
          .computeIfAbsent(claim.get().source(), k -> new ArrayList<>())
          .add(e.id() + " in " + e.network() + " (" + e.state().name().toLowerCase() + ")");
      try {
        Optional<Binding> b = resolver.bind(e);
        if (b.isPresent() && e.state() == EndpointState.LIVE) {
          groups
              .computeIfAbsent(b.get().domain() + " in " + e.network(), k -> new ArrayList<>())
              .add(new Planner.Bound(e, b.get()));
        }
      } catch (InvalidInputException refused) {
        matchedBy.get(claim.get().source()).add("  ! " + refused.getMessage());
      }
    }
    out.append('\n').append("Dedicated networks\n");
    if (listing.networks().isEmpty()) {
      out.append("  (none)\n");
    }
    for (Listing.Network n : listing.networks()) {
      String source = "Confluent network " + n.id() + " (" + n.environment() + ")";
      out.append("  ")
          .append(n.id())
          .append(" (")
          .append(n.environment())
          .append(") ")
          .append(n.cloud())
          .append(' ')
          .append(n.region())
          .append(' ')
          .append(n.phase())
          .append("  domain ")
          .append(n.dnsDomain().orElse("-"))
          .append("  resolution ")
          .append(n.resolution().orElse("-"))
          .append('\n');
      n.services()
          .forEach(
              (zone, service) ->
                  out.append("    service ")
                      .append(zone.isEmpty() ? "" : "zone " + zone + " ")
                      .append(service)
                      .append('\n'));
      n.zonalSubdomains()
          .forEach(
              (zone, sub) ->
                  out.append("    zonal subdomain ")
                      .append(zone)
                      .append(" -> ")
                      .append(sub)
                      .append('\n'));
      endpointsOf(out, matchedBy, source);
    }
    out.append('\n').append("PrivateLink Attachments\n");
    if (listing.attachments().isEmpty()) {
      out.append("  (none)\n");
    }
    for (Listing.Attachment a : listing.attachments()) {
      out.append("  ")
          .append(a.id())
          .append(" (")
          .append(a.environment())
          .append(") ")
          .append(a.phase())
          .append("  domain ")
          .append(a.dnsDomain().orElse("-"))
          .append('\n');
      for (Listing.Connection c : listing.connections()) {
        if (c.attachment().equals(a.id())) {
          out.append("    connection ")
              .append(c.id())
              .append(' ')
              .append(c.phase())
              .append(" -> ")
              .append(c.endpoint().orElse("-"))
              .append('\n');
          endpointsOf(
              out,
              matchedBy,
              "Confluent PrivateLink Attachment "
                  + a.id()
                  + " connection "
                  + c.id()
                  + " ("
                  + c.environment()
                  + ")");
        }
      }
    }
    out.append('\n').append("Ingress access points\n");
    if (listing.accessPoints().isEmpty()) {
      out.append("  (none)\n");
    }
    for (Listing.AccessPoint ap : listing.accessPoints()) {
      out.append("  ")
          .append(ap.id())
          .append(" (")
          .append(ap.environment())
          .append(") gateway ")
          .append(ap.gateway())
          .append(' ')
          .append(ap.phase())
          .append("  domain ")
          .append(ap.dnsDomain().orElse("-"))
          .append(" -> ")
          .append(ap.endpoint().orElse("-"))
          .append('\n');
      endpointsOf(
          out, matchedBy, "Confluent access point " + ap.id() + " (" + ap.environment() + ")");
    }
    List<String> held = matchedBy.getOrDefault("(held)", List.of());
    if (!held.isEmpty()) {
      out.append('\n')
          .append("Endpoints held (Confluent's claims on them conflict or are not ready)\n");
      held.forEach(h -> out.append("  ").append(h).append('\n'));
    }
    out.append('\n').append("Records the live matching endpoints call for\n");
    if (groups.isEmpty()) {
      out.append("  (none)\n");
    }
    Planner planner = new Planner(ownerId);
    groups.forEach(
        (key, bound) -> {
          String domain = bound.get(0).binding().domain();
          out.append("  zone ").append(key).append('\n');
          Planner.Desired desired = planner.plan(domain, bound);
          for (DesiredRecord d : desired.records()) {
            out.append("    ").append(d.record()).append('\n');
          }
          desired.notes().forEach(n -> out.append("    # ").append(n).append('\n'));
        });
    return out.toString();
  }

  private static void endpointsOf(
      StringBuilder out, Map<String, List<String>> matchedBy, String source) {
    List<String> mine = matchedBy.getOrDefault(source, List.of());
    if (mine.isEmpty()) {
      out.append("    no endpoint here matches\n");
    }
    mine.forEach(m -> out.append("    endpoint ").append(m).append('\n'));
  }
}
