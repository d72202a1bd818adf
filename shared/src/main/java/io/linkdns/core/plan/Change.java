package io.linkdns.core.plan;

import io.linkdns.core.model.RecordSet;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.Revision;

/** One change to one record set and its owner marker, applied together. */
public sealed interface Change {

  /** The record set this change is about (the new one for an update). */
  RecordSet record();

  String verb();

  /** Creates a record set that does not exist. */
  record Create(RecordSet record, OwnerMarker owner) implements Change {
    @Override
    public String verb() {
      return "create";
    }
  }

  /**
   * Replaces an owned record set; {@code before} and {@code revision} are what was read, so a
   * provider can refuse if it changed since.
   */
  record Update(
      RecordSet before,
      OwnerMarker beforeOwner,
      RecordSet record,
      OwnerMarker owner,
      Revision revision)
      implements Change {
    public Update(RecordSet before, OwnerMarker beforeOwner, RecordSet record, OwnerMarker owner) {
      this(before, beforeOwner, record, owner, Revision.NONE);
    }

    @Override
    public String verb() {
      return "update";
    }
  }

  /**
   * Deletes an owned record set exactly as it was read ({@code revision}: the provider's version of
   * it as read).
   */
  record Delete(RecordSet record, OwnerMarker owner, Revision revision) implements Change {
    public Delete(RecordSet record, OwnerMarker owner) {
      this(record, owner, Revision.NONE);
    }

    @Override
    public String verb() {
      return "delete";
    }
  }

  /** Human-readable one line, for plans and logs. */
  static String describe(Change c) {
    if (c instanceof Update u) {
      return "~ "
          + u.before()
          + "  =>  "
          + u.record()
          + "  ["
          + String.join(",", u.owner().endpoints())
          + "]";
    }
    String sign = c instanceof Create ? "+ " : "- ";
    OwnerMarker o = c instanceof Create cr ? cr.owner() : ((Delete) c).owner();
    return sign + c.record() + "  [" + String.join(",", o.endpoints()) + "]";
  }
}
