package io.linkdns.core.ownership;

import io.linkdns.core.InvalidInputException;

/**
 * Raised when a tag, rule or authority asks for something the operator did not allow: a domain
 * outside the allowed suffixes, a domain another service is pinned to, a name too long for DNS. The
 * message names the endpoint, the field (tag or rule) and the value refused.
 */
public final class RefusedException extends InvalidInputException {
  public RefusedException(String field, String value, String problem) {
    super(field, value, problem);
  }
}
