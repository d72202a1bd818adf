package io.linkdns.core.plan;

import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.ownership.OwnerMarker;

/**
 * What a change weighs against {@link ProviderLimits}, for a provider that writes the owner marker
 * as a companion TXT record in the same batch and turns an update into a delete of the old values
 * plus a create of the new (so it is counted twice, like UPSERT).
 */
public interface ChangeCost {
  int records(Change c);

  int chars(Change c);

  /** Longest string in a DNS TXT record. */
  int TXT_STRING_MAX = 255;

  /** Markers are deleted and created beside their records. */
  ChangeCost COMPANION_MARKER = companionMarker(false);

  /**
   * @param upsertMarkers true when the provider writes markers with UPSERT on create and update,
   *     which Route 53 counts twice (records and characters alike)
   */
  static ChangeCost companionMarker(boolean upsertMarkers) {
    return new ChangeCost() {
      @Override
      public int records(Change c) {
        if (c instanceof Change.Update u) {
          return size(u.before()) + size(u.record()) + 2;
        }
        return size(c.record()) + (upsertMarkers && c instanceof Change.Create ? 2 : 1);
      }

      @Override
      public int chars(Change c) {
        if (c instanceof Change.Update u) {
          int markers =
              upsertMarkers
                  ? 2 * markerChars(u.owner())
                  : markerChars(u.beforeOwner()) + markerChars(u.owner());
          return u.before().data().valueChars() + u.record().data().valueChars() + markers;
        }
        if (c instanceof Change.Create cr) {
          return cr.record().data().valueChars()
              + (upsertMarkers ? 2 : 1) * markerChars(cr.owner());
        }
        return c.record().data().valueChars() + markerChars(((Change.Delete) c).owner());
      }
    };
  }

  /** Characters of the marker's TXT value: each string quoted, strings separated by a space. */
  static int markerChars(OwnerMarker o) {
    var strings = o.strings(TXT_STRING_MAX);
    return strings.stream().mapToInt(s -> s.length() + 2).sum() + strings.size() - 1;
  }

  private static int size(RecordSet r) {
    return r.data() instanceof RecordData.Values v ? Math.max(1, v.values().size()) : 1;
  }
}
