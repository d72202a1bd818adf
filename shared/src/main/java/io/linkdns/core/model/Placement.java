package io.linkdns.core.model;

import java.util.List;
import java.util.Optional;

/**
 * Where an endpoint is present in one zone of its region: the zone's stable id (an AWS AZ ID such
 * as use2-az1, or an Azure zone number), the zonal DNS name and alias if the provider has one, and
 * the private addresses in that zone.
 */
public record Placement(
    String az,
    Optional<String> zonalName,
    Optional<AliasTarget> zonalAlias,
    List<String> addresses) {
  public Placement {
    zonalName = zonalName.map(DnsName::normalize);
    addresses = List.copyOf(addresses);
  }

  public static Placement ofAddresses(String az, List<String> addresses) {
    return new Placement(az, Optional.empty(), Optional.empty(), addresses);
  }
}
