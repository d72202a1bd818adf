package io.linkdns.core.reconcile;

/**
 * The provider refused a change for a reason re-reading cannot fix (a bad or over-long name): the
 * reconcile ends as a failed outcome, never retried and never sent back to an event queue.
 */
public final class ChangeRefusedException extends RuntimeException {
  public ChangeRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
