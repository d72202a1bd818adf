package io.linkdns.core.confluent;

import io.linkdns.core.InvalidInputException;

/**
 * Confluent Cloud's API could not be read (credentials refused, throttled or failing past the
 * retries). Endpoints are then held for the run: nothing is created or removed on Confluent's word,
 * and no tag or rule decides in its place. It is an {@link InvalidInputException} so the reconciler
 * treats each endpoint it hits as it treats a bad tag: its records stay, the cause is reported.
 */
public final class ConfluentUnavailableException extends InvalidInputException {
  private final boolean outOfTime;

  public ConfluentUnavailableException(String field, String value, String problem) {
    this(field, value, problem, false);
  }

  private ConfluentUnavailableException(
      String field, String value, String problem, boolean outOfTime) {
    super(field, value, problem);
    this.outOfTime = outOfTime;
  }

  /** The call stopped because the time it was given ran out, not because Confluent said no. */
  static ConfluentUnavailableException outOfTime(String field, String value, String problem) {
    return new ConfluentUnavailableException(field, value, problem, true);
  }

  public boolean outOfTime() {
    return outOfTime;
  }

  public ConfluentUnavailableException(
      String field, String value, String problem, Throwable cause) {
    super(field, value, problem, cause);
    this.outOfTime = false;
  }
}
