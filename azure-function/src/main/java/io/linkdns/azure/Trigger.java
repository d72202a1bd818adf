package io.linkdns.azure;

/** What one delivered event asks linkdns to do. */
public sealed interface Trigger {
  /** The delivered event's id, for the log line's correlation. */
  String eventId();

  /** A private endpoint was written or deleted: reconcile the zone it feeds. */
  record EndpointChanged(String eventId, String endpointId, boolean deleted) implements Trigger {}

  /** Someone changed a record set in a managed zone: reconcile that zone. */
  record ZoneChanged(String eventId, String zoneId, String recordSetId) implements Trigger {}

  /**
   * An event linkdns must not act on though it names something it would act on: from a subscription
   * not listed, or naming a resource of another subscription than its topic's. Nothing is read or
   * written.
   */
  record Refused(String eventId, String reason) implements Trigger {}

  /** Nothing to do, and why (logged). */
  record Skip(String eventId, String reason) implements Trigger {}
}
