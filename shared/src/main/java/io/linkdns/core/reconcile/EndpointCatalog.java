package io.linkdns.core.reconcile;

import io.linkdns.core.Deadline;
import io.linkdns.core.model.Endpoint;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the authoritative state of private endpoints from a cloud. */
public interface EndpointCatalog {
  /** The endpoint with this id in any state, or empty if the cloud no longer knows it. */
  Optional<Endpoint> find(String endpointId);

  /**
   * The network an endpoint lives in, or empty if the cloud no longer knows it; cheaper than {@link
   * #find} where the cloud allows.
   */
  default Optional<String> networkOf(String endpointId) {
    return find(endpointId).map(Endpoint::network);
  }

  /**
   * The networks of those of these endpoints the cloud still knows, by id; ids it does not know are
   * absent. Deletes name many ids at once (a DeleteVpcEndpoints call, or a hostile one with
   * thousands of made-up ids), so a cloud that can should answer them in a few calls, not one per
   * id.
   */
  default Map<String, String> networksOf(Collection<String> endpointIds) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String id : endpointIds) {
      Deadline.current().check("looking up endpoint " + id);
      networkOf(id).ifPresent(n -> out.put(id, n));
    }
    return Map.copyOf(out);
  }

  /**
   * Whether one of these networks holds the asking party's endpoints, so that a zone linked to them
   * may be reconciled for an endpoint id the cloud no longer knows (a delete event's): an event may
   * not have zones of others' endpoints reconciled, and read, by naming an id that is gone. One
   * account or subscription: always.
   */
  default boolean holdsEndpointsOfAsker(Collection<String> networks) {
    return true;
  }

  /**
   * Where this catalog looks (region, subscription), for messages about endpoints it did not find;
   * "" if unknown.
   */
  default String where() {
    return "";
  }

  /** Every endpoint in the network (VPC or VNet), in any state. */
  List<Endpoint> inNetwork(String network);

  /** Every endpoint this function can see, for the sweep. */
  List<Endpoint> all();
}
