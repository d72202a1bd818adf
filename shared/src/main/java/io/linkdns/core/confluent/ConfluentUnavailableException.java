package io.linkdns.core.confluent;

import io.linkdns.core.InvalidInputException;

/**
 * Confluent Cloud's API could not be read (credentials refused, throttled or failing past the
 * retries). Endpoints are then held for the run: nothing is created or removed on Confluent's word,
 * and no tag or rule decides in its place. It is an {@link InvalidInputException} so the reconciler
 * treats each endpoint it hits as it treats a bad tag: its records stay, the cause is reported.
 */
public final class ConfluentUnavailableException extends InvalidInputException {
  public ConfluentUnavailableException(String field, String value, String problem) {
    super(field, value, problem);
  }

  public ConfluentUnavailableException(String field, String value, String problem, Throwable cause) {
    super(field, value, problem, cause);
  }
}
