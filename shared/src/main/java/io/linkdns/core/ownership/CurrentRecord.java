package io.linkdns.core.ownership;

import io.linkdns.core.model.RecordSet;
import java.util.List;
import java.util.Optional;

/**
 * A record set found in a zone, with its owner marker when it has one (none means foreign), what
 * was wrong with a marker that stood beside it but could not be read (reported, then ignored), and
 * the provider's {@link Revision} of it as read, which a plan's update or delete carries back to
 * it.
 */
public record CurrentRecord(
    RecordSet record, Optional<OwnerMarker> owner, List<String> markerProblems, Revision revision) {
  public CurrentRecord {
    markerProblems = List.copyOf(markerProblems);
  }

  public CurrentRecord(RecordSet record, Optional<OwnerMarker> owner, List<String> markerProblems) {
    this(record, owner, markerProblems, Revision.NONE);
  }

  public CurrentRecord(RecordSet record, Optional<OwnerMarker> owner) {
    this(record, owner, List.of());
  }

  public static CurrentRecord foreign(RecordSet record) {
    return new CurrentRecord(record, Optional.empty());
  }

  public static CurrentRecord owned(RecordSet record, OwnerMarker owner) {
    return new CurrentRecord(record, Optional.of(owner));
  }

  /** The same record set, as read at this revision. */
  public CurrentRecord withRevision(Revision read) {
    return new CurrentRecord(record, owner, markerProblems, read);
  }

  public boolean ownedBy(String ownerId) {
    return owner.map(o -> o.ownerId().equals(ownerId)).orElse(false);
  }
}
