package io.linkdns.core.plan;

import io.linkdns.core.model.RecordSet;
import java.util.Optional;

/** A record set found in a zone, with its owner marker when it has one (none means foreign). */
public record CurrentRecord(RecordSet record, Optional<Owner> owner) {
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
