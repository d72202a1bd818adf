package io.linkdns.core.plan;

import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.ownership.CurrentRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares desired record sets with what a zone holds and lists the changes, honouring ownership: a
 * record without our owner marker is never changed or deleted, only reported as a conflict.
 */
public final class Differ {
  private final String ownerId;
  private final Policy policy;

  public Differ(String ownerId, Policy policy) {
    this.ownerId = ownerId;
    this.policy = policy;
  }

  /**
   * @param held endpoints that are pending (accepted soon, or mid-modification): records they
   *     already back are left exactly as they are until the endpoint settles
   */
  public Plan diff(
      String domain,
      List<DesiredRecord> desired,
      List<CurrentRecord> current,
      Set<String> held,
      List<String> notes) {
    Map<String, CurrentRecord> byKey = new LinkedHashMap<>();
    for (CurrentRecord c : current) {
      if (DnsName.isWithin(c.record().name(), domain)) {
        byKey.put(c.record().key(), c);
      }
    }
    List<Change> changes = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    List<String> allNotes = new ArrayList<>(notes);
    Set<String> wanted = new HashSet<>();
    for (DesiredRecord d : desired) {
      wanted.add(d.record().key());
      CurrentRecord same = byKey.get(d.record().key());
      if (same == null) {
        CurrentRecord blocking = blockingAtName(d, byKey.values());
        if (blocking != null) {
          conflicts.add(
              new Conflict(
                  d.record(),
                  blocking.record(),
                  "a "
                      + blocking.record().type()
                      + " record linkdns does not own stands at this name"));
        } else {
          changes.add(new Change.Create(d.record(), d.owner()));
        }
      } else if (!same.ownedBy(ownerId)) {
        conflicts.add(
            new Conflict(
                d.record(),
                same.record(),
                same.owner()
                    .map(o -> "owned by another linkdns installation '" + o.ownerId() + "'")
                    .orElse("record exists without a linkdns owner marker")));
      } else if (isHeld(same, held)) {
        allNotes.add(
            "left "
                + same.record().key()
                + " as it is: endpoint pending "
                + intersection(same, held));
      } else if (!same.record().equals(d.record()) || !same.owner().get().equals(d.owner())) {
        changes.add(
            new Change.Update(
                same.record(), same.owner().get(), d.record(), d.owner(), same.revision()));
      }
    }
    for (CurrentRecord c : byKey.values()) {
      if (wanted.contains(c.record().key()) || !c.ownedBy(ownerId)) {
        continue;
      }
      if (isHeld(c, held)) {
        allNotes.add(
            "left " + c.record().key() + " as it is: endpoint pending " + intersection(c, held));
      } else {
        changes.add(new Change.Delete(c.record(), c.owner().get(), c.revision()));
      }
    }
    // Deletes first so a name freed by one change can be taken by another in the same batch.
    changes.sort(Comparator.comparingInt(Differ::order).thenComparing(c -> c.record().key()));
    List<Change> allowed = withoutBlockedCreates(policy.apply(changes), byKey.values(), conflicts);
    return new Plan(allowed, conflicts, allNotes);
  }

  /**
   * A create whose name is taken by an owned record of a clashing type relies on that record's
   * delete; when the policy drops the delete (or the record is held), the provider would refuse the
   * whole batch, so the create becomes a conflict instead.
   */
  private static List<Change> withoutBlockedCreates(
      List<Change> allowed, Iterable<CurrentRecord> current, List<Conflict> conflicts) {
    Set<String> deleted = new HashSet<>();
    allowed.stream()
        .filter(c -> c instanceof Change.Delete)
        .forEach(c -> deleted.add(c.record().key()));
    List<Change> out = new ArrayList<>();
    for (Change c : allowed) {
      CurrentRecord kept = null;
      if (c instanceof Change.Create) {
        for (CurrentRecord cur : current) {
          if (cur.record().name().equals(c.record().name())
              && !cur.record().sameKey(c.record())
              && !deleted.contains(cur.record().key())
              && (cur.record().type() == RecordType.CNAME
                  || c.record().type() == RecordType.CNAME)) {
            kept = cur;
            break;
          }
        }
      }
      if (kept == null) {
        out.add(c);
      } else {
        conflicts.add(
            new Conflict(
                c.record(),
                kept.record(),
                "an owned "
                    + kept.record().type()
                    + " record stands at this name and is kept (by the policy, or for a pending endpoint)"));
      }
    }
    return out;
  }

  private static int order(Change c) {
    return c instanceof Change.Delete ? 0 : c instanceof Change.Update ? 1 : 2;
  }

  /**
   * A CNAME cannot share its name with any other record, so a foreign one of another type blocks
   * too.
   */
  private CurrentRecord blockingAtName(DesiredRecord d, Iterable<CurrentRecord> all) {
    for (CurrentRecord c : all) {
      if (!c.record().name().equals(d.record().name()) || c.ownedBy(ownerId)) {
        continue;
      }
      if (d.record().type() == RecordType.CNAME || c.record().type() == RecordType.CNAME) {
        return c;
      }
    }
    return null;
  }

  private static boolean isHeld(CurrentRecord c, Set<String> held) {
    return c.owner().map(o -> !Collections.disjoint(o.endpoints(), held)).orElse(false);
  }

  private static List<String> intersection(CurrentRecord c, Set<String> held) {
    return c.owner().get().endpoints().stream().filter(held::contains).toList();
  }
}
