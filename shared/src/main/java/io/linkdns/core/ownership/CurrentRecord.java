package io.linkdns.core.ownership;

import io.linkdns.core.model.RecordSet;
import java.util.List;
import java.util.Optional;

/**
 * A record set found in a zone, with its owner marker when it has one (none means foreign), and
 * what was wrong with a marker that stood beside it but could not be read (reported, then ignored).
 */
public record CurrentRecord(RecordSet record, Optional<Owner> owner, List<String> markerProblems) {
  public CurrentRecord {
    markerProblems = List.copyOf(markerProblems);
  }

  public CurrentRecord(RecordSet record, Optional<Owner> owner) {
    this(record, owner, List.of());
  }

  public static CurrentRecord foreign(RecordSet record) {
    return new CurrentRecord(record, Optional.empty());
  }

  public static CurrentRecord owned(RecordSet record, Owner owner) {
    return new CurrentRecord(record, Optional.of(owner));
  }

  public boolean ownedBy(String ownerId) {
    return owner.map(o -> o.ownerId().equals(ownerId)).orElse(false);
  }
}
