package io.linkdns.core.model;

import java.util.Locale;

/** Whether an endpoint serves traffic now, may soon, or never will again. */
public enum EndpointState {
  /** Accepted and serving: its records are wanted. */
  LIVE,
  /**
   * Pending acceptance, provisioning or being modified: records it already has are held as they
   * are.
   */
  PENDING,
  /** Deleting, deleted, rejected, failed or expired: its records must go. */
  GONE;

  /** Maps an AWS VPC endpoint state or an Azure connection/provisioning state to ours. */
  public static EndpointState fromProvider(String state) {
    if (state == null) {
      return PENDING;
    }
    return switch (state.toLowerCase(Locale.ROOT).replace("_", "")) {
      case "available", "approved", "succeeded" -> LIVE;
      case "deleting", "deleted", "rejected", "failed", "expired", "disconnected" -> GONE;
      default -> PENDING;
    };
  }
}
