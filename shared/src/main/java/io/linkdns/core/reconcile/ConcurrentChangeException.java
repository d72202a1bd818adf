package io.linkdns.core.reconcile;

/** A write was refused because the zone changed since it was read; re-read and re-plan. */
public class ConcurrentChangeException extends RuntimeException {
  public ConcurrentChangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
