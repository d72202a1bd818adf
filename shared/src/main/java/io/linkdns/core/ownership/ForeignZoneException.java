package io.linkdns.core.ownership;

/**
 * Raised when the zone an endpoint needs exists but is not linkdns's to touch (see {@link
 * ZoneOwnership}).
 */
public final class ForeignZoneException extends RuntimeException {
  public ForeignZoneException(String message) {
    super(message);
  }
}
