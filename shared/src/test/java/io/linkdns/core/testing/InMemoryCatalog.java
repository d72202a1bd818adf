package io.linkdns.core.testing;

import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.reconcile.EndpointCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Endpoints held in memory, standing in for what a cloud's API would report. */
public final class InMemoryCatalog implements EndpointCatalog {
  private final Map<String, Endpoint> byId = new LinkedHashMap<>();

  public InMemoryCatalog(Endpoint... endpoints) {
    for (Endpoint e : endpoints) {
      put(e);
    }
  }

  /** Adds the endpoint, or replaces the one with the same id. */
  public synchronized InMemoryCatalog put(Endpoint endpoint) {
    byId.put(endpoint.id(), endpoint);
    return this;
  }

  public synchronized InMemoryCatalog update(String id, UnaryOperator<Endpoint> change) {
    Endpoint e = byId.get(id);
    if (e == null) {
      throw new IllegalArgumentException("no endpoint " + id);
    }
    byId.put(id, change.apply(e));
    return this;
  }

  public synchronized InMemoryCatalog state(String id, EndpointState state) {
    return update(id, e -> e.withState(state));
  }

  /** Forgets the endpoint, as a cloud does some time after deletion. */
  public synchronized InMemoryCatalog remove(String id) {
    byId.remove(id);
    return this;
  }

  @Override
  public synchronized Optional<Endpoint> find(String endpointId) {
    return Optional.ofNullable(byId.get(endpointId));
  }

  @Override
  public synchronized List<Endpoint> inNetwork(String network) {
    return byId.values().stream().filter(e -> e.network().equals(network)).toList();
  }

  @Override
  public synchronized List<Endpoint> all() {
    return List.copyOf(byId.values());
  }
}
