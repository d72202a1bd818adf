package io.linkdns.core.verify;

import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a correct authoritative server answers from a set of record sets, following RFC 4592: a name
 * that exists (empty non-terminals included) is never covered by a wildcard, and a wildcard is
 * looked for only directly below the closest encloser. dnsjava's {@code Zone} is not used as the
 * oracle because it tries every wildcard up the tree, ignores empty non-terminals, and does not
 * synthesise a CNAME from a wildcard for an A query.
 */
final class ZoneAnswers {
  private static final int MAX_CHAIN = 8;

  private final String domain;
  private final Map<String, Map<RecordType, RecordSet>> nodes = new HashMap<>();
  private final Set<String> existing = new HashSet<>();
  private final Map<String, List<String>> aliasAddresses;

  /**
   * An expected answer, the record set that produced it (empty when none did), and whether it can
   * be checked.
   */
  record Expected(Answer answer, Optional<String> source, boolean checkable) {}

  ZoneAnswers(String domain, List<RecordSet> records, Map<String, List<String>> aliasAddresses) {
    this.domain = DnsName.normalize(domain);
    this.aliasAddresses = Map.copyOf(aliasAddresses);
    existing.add(this.domain);
    for (RecordSet rs : records) {
      if (!DnsName.isWithin(rs.name(), this.domain)) {
        continue;
      }
      nodes.computeIfAbsent(rs.name(), k -> new HashMap<>()).put(rs.type(), rs);
      for (String n = rs.name(); !n.equals(this.domain); n = n.substring(n.indexOf('.') + 1)) {
        existing.add(n);
      }
    }
  }

  boolean contains(String name) {
    return DnsName.isWithin(DnsName.normalize(name), domain);
  }

  /**
   * The answer to a query for {@code qname} and {@code qtype} (A or AAAA), CNAMEs inside the zone
   * followed.
   */
  Expected answer(String qname, RecordType qtype) {
    String name = DnsName.normalize(qname);
    List<String> chain = new ArrayList<>();
    Optional<String> source = Optional.empty();
    for (int hop = 0; hop < MAX_CHAIN; hop++) {
      if (!contains(name)) {
        return new Expected(new Answer(Answer.Status.DATA, chain, List.of()), source, true);
      }
      Optional<String> node = matchingNode(name);
      if (node.isEmpty()) {
        return new Expected(new Answer(Answer.Status.NXDOMAIN, chain, List.of()), source, true);
      }
      source = source.isPresent() ? source : node;
      Map<RecordType, RecordSet> sets = nodes.getOrDefault(node.get(), Map.of());
      RecordSet data = sets.get(qtype);
      if (data != null) {
        if (data.data() instanceof RecordData.Alias alias) {
          List<String> known = aliasAddresses.getOrDefault(alias.target().dnsName(), List.of());
          return new Expected(
              new Answer(Answer.Status.DATA, chain, known), source, !known.isEmpty());
        }
        return new Expected(
            new Answer(Answer.Status.DATA, chain, ((RecordData.Values) data.data()).values()),
            source,
            true);
      }
      RecordSet cname = sets.get(RecordType.CNAME);
      if (cname == null || !(cname.data() instanceof RecordData.Values v) || v.values().isEmpty()) {
        return new Expected(
            chain.isEmpty()
                ? Answer.of(Answer.Status.NODATA)
                : new Answer(Answer.Status.NODATA, chain, List.of()),
            source,
            true);
      }
      name = v.values().get(0);
      chain.add(name);
    }
    return new Expected(new Answer(Answer.Status.SERVFAIL, chain, List.of()), source, true);
  }

  /**
   * The node whose records answer {@code name}: itself if it exists, else the wildcard below its
   * closest encloser.
   */
  private Optional<String> matchingNode(String name) {
    if (existing.contains(name)) {
      return Optional.of(name);
    }
    String encloser = name;
    while (!existing.contains(encloser)) {
      encloser = encloser.substring(encloser.indexOf('.') + 1);
    }
    String wildcard = "*." + encloser;
    return nodes.containsKey(wildcard) ? Optional.of(wildcard) : Optional.empty();
  }
}
