package io.linkdns.core.reconcile;

import io.linkdns.core.model.Endpoint;
import java.util.List;
import java.util.Optional;

/** Reads the authoritative state of private endpoints from a cloud. */
public interface EndpointCatalog {
  /** The endpoint with this id in any state, or empty if the cloud no longer knows it. */
  Optional<Endpoint> find(String endpointId);

  /** The network an endpoint lives in, or empty if the cloud no longer knows it; cheaper than {@link #find} where the cloud allows. */
  default Optional<String> networkOf(String endpointId) {
    return find(endpointId).map(Endpoint::network);
  }

  /** Every endpoint in the network (VPC or VNet), in any state. */
  List<Endpoint> inNetwork(String network);

  /** Every endpoint this function can see, for the sweep. */
  List<Endpoint> all();
}
