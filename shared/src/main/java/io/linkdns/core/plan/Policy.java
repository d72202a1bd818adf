package io.linkdns.core.plan;

import io.linkdns.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which kinds of change a reconcile may make, as in external-dns: sync, upsert-only, create-only.
 */
public interface Policy {
  List<Change> apply(List<Change> changes);

  Policy SYNC = changes -> List.copyOf(changes);
  Policy UPSERT_ONLY =
      changes -> changes.stream().filter(c -> !(c instanceof Change.Delete)).toList();
  Policy CREATE_ONLY = changes -> changes.stream().filter(c -> c instanceof Change.Create).toList();

  Map<String, Policy> BY_NAME =
      Map.of("sync", SYNC, "upsert-only", UPSERT_ONLY, "create-only", CREATE_ONLY);

  static Policy named(String field, String name) {
    Policy p = BY_NAME.get(name);
    if (p == null) {
      throw new InvalidInputException(
          field, name, "unknown policy; expected one of " + new TreeMap<>(BY_NAME).keySet());
    }
    return p;
  }
}
