package io.linkdns.core.reconcile;

import io.linkdns.core.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a sweep stands: the last unit of work it finished, in the order the sweep itself computes
 * (first the (domain, network) groups of the endpoints it reads, then the remaining zones of ours
 * by id). It only ever names a position: a sweep resumed from it reads the endpoints and zones
 * again and skips what sorts at or before it, so no endpoint, network or zone can be brought in
 * through it.
 */
public record SweepCursor(Phase phase, String after) {
  /** The two passes of a sweep, in the order they run. */
  public enum Phase {
    ENDPOINTS,
    ZONES
  }

  /**
   * Domain names, network and zone ids, one space between: no control characters, quotes or
   * newlines.
   */
  private static final Pattern POSITION = Pattern.compile("[A-Za-z0-9._*/:\\- ]{0,400}");

  /** A sweep not begun. */
  public static final SweepCursor START = new SweepCursor(Phase.ENDPOINTS, "");

  public SweepCursor {
    if (phase == null) {
      throw new InvalidInputException("cursor.phase", null, "missing");
    }
    if (after == null || !POSITION.matcher(after).matches()) {
      throw new InvalidInputException(
          "cursor.after", after, "not a sweep position (a domain and network, or a zone id)");
    }
  }

  /**
   * Reads a cursor from its two fields as a message carries them; bad values raise a typed
   * exception naming the field.
   */
  public static SweepCursor of(String phase, String after) {
    Phase p;
    try {
      p = Phase.valueOf(String.valueOf(phase).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("cursor.phase", phase, "expected endpoints or zones");
    }
    return new SweepCursor(p, after);
  }

  /** True when the unit with this key, in this phase, was done before the cursor was taken. */
  boolean done(Phase unitPhase, String key) {
    return unitPhase.compareTo(phase) < 0 || (unitPhase == phase && key.compareTo(after) <= 0);
  }
}
