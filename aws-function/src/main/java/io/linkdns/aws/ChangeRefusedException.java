package io.linkdns.aws;

/** Route 53 refused a change batch for a reason re-reading cannot fix (a bad or over-long name): never retried. */
public final class ChangeRefusedException extends RuntimeException {
  public ChangeRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
