package io.linkdns.core.reconcile;

/**
 * A cloud's private DNS: its zones and the records in them; each cloud module implements both
 * halves.
 */
public interface DnsZones extends ZoneDirectory, RecordStore {}
