package io.linkdns.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A private endpoint as its cloud reports it: id, the network (VPC or VNet) it lives in, the
 * service it connects to, its lifecycle state, tags, and the names and addresses it exposes.
 */
public record Endpoint(
    String id,
    String network,
    String service,
    EndpointState state,
    Map<String, String> tags,
    Optional<String> regionalName,
    Optional<AliasTarget> regionalAlias,
    List<Placement> placements) {

  public Endpoint {
    tags = Map.copyOf(tags);
    regionalName = regionalName.map(DnsName::normalize);
    placements = List.copyOf(placements);
  }

  /** Every private address of the endpoint, in placement order. */
  public List<String> addresses() {
    List<String> all = new ArrayList<>();
    placements.forEach(p -> all.addAll(p.addresses()));
    return List.copyOf(all);
  }

  public Endpoint withState(EndpointState newState) {
    return new Endpoint(id, network, service, newState, tags, regionalName, regionalAlias, placements);
  }

  public Endpoint withPlacements(List<Placement> newPlacements) {
    return new Endpoint(id, network, service, state, tags, regionalName, regionalAlias, newPlacements);
  }
}
