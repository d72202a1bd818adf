package io.linkdns.core.plan;

import io.linkdns.core.model.RecordSet;
import io.linkdns.core.ownership.OwnerMarker;

/** A record set the layout wants, with the owner marker that must accompany it. */
public record DesiredRecord(RecordSet record, OwnerMarker owner) {}
