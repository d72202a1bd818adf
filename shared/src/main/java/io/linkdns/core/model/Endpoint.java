package io.linkdns.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A private endpoint as its cloud reports it: id, the network (VPC or VNet) it lives in, the
 * service it connects to, its lifecycle state, tags, the names and addresses it exposes, and the
 * cloud account (AWS account, Azure subscription) that owns it, where the cloud says.
 */
public record Endpoint(
    String id,
    String network,
    String service,
    EndpointState state,
    Map<String, String> tags,
    Optional<String> regionalName,
    Optional<AliasTarget> regionalAlias,
    List<Placement> placements,
    Optional<String> account) {

  public Endpoint {
    tags = Map.copyOf(tags);
    regionalName = regionalName.map(DnsName::normalize);
    placements = List.copyOf(placements);
    account = account.filter(a -> !a.isEmpty());
  }

  /** An endpoint whose owning account is not known. */
  public Endpoint(
      String id,
      String network,
      String service,
      EndpointState state,
      Map<String, String> tags,
      Optional<String> regionalName,
      Optional<AliasTarget> regionalAlias,
      List<Placement> placements) {
    this(
        id,
        network,
        service,
        state,
        tags,
        regionalName,
        regionalAlias,
        placements,
        Optional.empty());
  }

  /** Every private address of the endpoint, in placement order. */
  public List<String> addresses() {
    List<String> all = new ArrayList<>();
    placements.forEach(p -> all.addAll(p.addresses()));
    return List.copyOf(all);
  }

  public Endpoint withState(EndpointState newState) {
    return new Endpoint(
        id, network, service, newState, tags, regionalName, regionalAlias, placements, account);
  }

  public Endpoint withPlacements(List<Placement> newPlacements) {
    return new Endpoint(
        id, network, service, state, tags, regionalName, regionalAlias, newPlacements, account);
  }
}
