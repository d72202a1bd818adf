package io.linkdns.core.reconcile;

import io.linkdns.core.Deadline;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.ZoneOwnership;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of linkdns's zones name which endpoints in their owner markers, read once per invocation:
 * deletes of endpoints the cloud no longer knows look their ids up here instead of listing every
 * zone again for each id, so thousands of made-up ids cost one pass over the zones.
 */
public final class ZoneScan {
  private Optional<Map<String, List<Zone>>> byEndpoint = Optional.empty();
  private final Set<String> reconciled = new HashSet<>();

  /**
   * The zones whose markers name the endpoint, reading every zone of ours the first time it is
   * asked.
   */
  List<Zone> naming(String endpointId, DnsZones zones, ZoneOwnership ownership, Deadline deadline) {
    if (byEndpoint.isEmpty()) {
      Map<String, List<Zone>> index = new LinkedHashMap<>();
      for (Zone z : zones.list(ownership)) {
        deadline.check("reading zone " + z.id() + " for deleted endpoints");
        for (CurrentRecord r : zones.records(z)) {
          r.owner()
              .ifPresent(
                  o ->
                      o.endpoints()
                          .forEach(
                              id -> {
                                List<Zone> in =
                                    index.computeIfAbsent(
                                        id.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                                if (!in.contains(z)) {
                                  in.add(z);
                                }
                              }));
        }
      }
      // Only a whole pass is kept: one cut by the deadline is read again by the next message.
      byEndpoint = Optional.of(index);
    }
    return List.copyOf(
        byEndpoint.get().getOrDefault(endpointId.toLowerCase(Locale.ROOT), List.of()));
  }

  /**
   * True the first time a zone is visited in this invocation: a zone is reconciled once for all the
   * ids it names.
   */
  boolean firstVisit(String zoneId) {
    return reconciled.add(zoneId);
  }
}
