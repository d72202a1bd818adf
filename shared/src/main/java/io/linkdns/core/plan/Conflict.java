package io.linkdns.core.plan;

import io.linkdns.core.model.RecordSet;

/** A record linkdns wants but may not write because a record it does not own stands in the way. */
public record Conflict(RecordSet wanted, RecordSet found, String reason) {
  @Override
  public String toString() {
    return "conflict at "
        + wanted.name()
        + " "
        + wanted.type()
        + ": "
        + reason
        + " (found "
        + found
        + ")";
  }
}
