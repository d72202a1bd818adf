package io.linkdns.core.plan;

import java.util.List;

/** The changes that make a zone match its endpoints, the conflicts that stop some, and notes. */
public record Plan(List<Change> changes, List<Conflict> conflicts, List<String> notes) {
  public Plan {
    changes = List.copyOf(changes);
    conflicts = List.copyOf(conflicts);
    notes = List.copyOf(notes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public long count(Class<? extends Change> kind) {
    return changes.stream().filter(kind::isInstance).count();
  }
}
