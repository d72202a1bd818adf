package io.linkdns.core.plan;

import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;

/**
 * What a change weighs against {@link ProviderLimits}. The standard cost is that of a provider which
 * writes the owner marker as a companion TXT record in the same batch, and which turns an update
 * into a delete of the old values plus a create of the new (so it is counted twice, like UPSERT).
 */
public interface ChangeCost {
  int records(Change c);

  int chars(Change c);

  /** Longest string in a DNS TXT record. */
  int TXT_STRING_MAX = 255;

  ChangeCost COMPANION_MARKER = new ChangeCost() {
    @Override
    public int records(Change c) {
      if (c instanceof Change.Update u) {
        return size(u.before()) + 1 + size(u.record()) + 1;
      }
      return size(c.record()) + 1;
    }

    @Override
    public int chars(Change c) {
      if (c instanceof Change.Update u) {
        return chars(u.before(), u.beforeOwner()) + chars(u.record(), u.owner());
      }
      Owner o = c instanceof Change.Create cr ? cr.owner() : ((Change.Delete) c).owner();
      return chars(c.record(), o);
    }

    private int chars(RecordSet r, Owner o) {
      return r.data().valueChars() + markerChars(o);
    }
  };

  /** Characters of the marker's TXT value: each string quoted, strings separated by a space. */
  static int markerChars(Owner o) {
    var strings = o.strings(TXT_STRING_MAX);
    return strings.stream().mapToInt(s -> s.length() + 2).sum() + strings.size() - 1;
  }

  private static int size(RecordSet r) {
    return r.data() instanceof RecordData.Values v ? Math.max(1, v.values().size()) : 1;
  }
}
