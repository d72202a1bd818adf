package io.linkdns.core.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a zone linkdns created may stay empty before it is unlinked and deleted ({@code
 * LINKDNS_ZONE_GRACE_MINUTES}), and how many new zones one network may get per rolling hour ({@code
 * LINKDNS_ZONE_BUDGET}), read against the clock the reconcile runs on.
 */
public record ZoneLifecycle(Duration grace, int budget, Clock clock) {
  public static final Duration WINDOW = Duration.ofHours(1);
  public static final ZoneLifecycle DEFAULT =
      new ZoneLifecycle(Duration.ofMinutes(60), 20, Clock.systemUTC());

  public Instant now() {
    return clock.instant();
  }
}
