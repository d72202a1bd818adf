package io.linkdns.core.ownership;

import io.linkdns.core.model.Endpoint;
import java.util.Optional;

/**
 * A source of truth outside the cloud (Confluent Cloud's API) that knows which domain some
 * endpoints belong to. It outranks tags and rules: a tag that names another domain for an endpoint
 * the authority knows is refused.
 */
public interface Authority {
  /** What the authority says of this endpoint, or empty when it does not know the endpoint. */
  Optional<Claim> claim(Endpoint endpoint);

  /** No authority configured: tags and rules decide alone. */
  Authority NONE = endpoint -> Optional.empty();
}
