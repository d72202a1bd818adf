package io.linkdns.core.ownership;

import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.Placement;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which records in a zone linkdns owns. A marker is only an assertion: it counts for a
 * record when it names this installation, the record's name is one a layout writes, and every value
 * of the record is a DNS name or address of an endpoint the marker names. Anything else is foreign,
 * reported and never changed, so a forged marker cannot turn someone's record into ours. A value
 * counts when the marker carries a valid keyed seal for exactly this record (see {@link SealKey}:
 * values linkdns wrote itself, e.g. the zonal name of a subnet the endpoint since lost), or when it
 * is a name or address the cloud reports for one of the marker's endpoints, or when it is an AWS
 * interface endpoint DNS name that embeds one of the marker's endpoint ids (such a name is provably
 * that endpoint's even after the endpoint is gone). The unkeyed checksum of earlier versions
 * vouches for nothing: anyone who may write a TXT record can compute it.
 */
public final class RecordOwnership {
  private static final Set<RecordType> ENDPOINT_TYPES =
      Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME);

  private final String ownerId;
  // vpce-<hex>-<suffix>[-<az>].vpce-svc-<hex>.<region>.vpce.amazonaws.com[.cn]: EC2 composes these
  // names, so
  // a value of this shape that starts with the endpoint id was issued for that endpoint and no
  // other.
  private static final java.util.regex.Pattern AWS_ENDPOINT_NAME =
      java.util.regex.Pattern.compile(
          "(vpce-[0-9a-f]+)-[a-z0-9-]+\\.vpce-svc-[0-9a-f]+\\.[a-z0-9-]+\\.vpce\\.amazonaws\\.com(\\.cn)?");

  private final Layouts layouts;
  private final SealKey sealKey;

  public RecordOwnership(String ownerId, Layouts layouts) {
    this(ownerId, layouts, SealKey.NONE);
  }

  public RecordOwnership(String ownerId, Layouts layouts, SealKey sealKey) {
    this.ownerId = ownerId;
    this.layouts = layouts;
    this.sealKey = sealKey;
  }

  /** The zone's records with only the markers that count, and a note for each one that did not. */
  public record Checked(List<CurrentRecord> records, List<String> notes) {
    public Checked {
      records = List.copyOf(records);
      notes = List.copyOf(notes);
    }

    /** For each record we own, the endpoints its marker names (the incumbents of that name). */
    public Map<String, Set<String>> incumbents(String ownerId) {
      Map<String, Set<String>> out = new HashMap<>();
      for (CurrentRecord c : records) {
        if (c.ownedBy(ownerId)) {
          out.put(c.record().key(), c.owner().get().endpoints());
        }
      }
      return out;
    }
  }

  /**
   * @param known every endpoint the cloud reports in the zone's networks, in any state
   */
  public Checked check(String domain, List<CurrentRecord> current, Collection<Endpoint> known) {
    Map<String, Endpoint> byId = new HashMap<>();
    known.forEach(e -> byId.put(e.id().toLowerCase(Locale.ROOT), e));
    List<CurrentRecord> out = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (CurrentRecord c : current) {
      c.markerProblems()
          .forEach(
              problem ->
                  notes.add("unreadable marker for " + c.record().key() + " ignored: " + problem));
      if (!c.ownedBy(ownerId)) {
        out.add(c);
        continue;
      }
      RecordSet r = c.record();
      OwnerMarker o = c.owner().get();
      String problem = null;
      if (!ENDPOINT_TYPES.contains(r.type())) {
        problem = "linkdns never writes " + r.type() + " records";
      } else if (!layouts.writes(r.name(), r.type(), domain)) {
        problem = "no layout writes this name";
      } else if (o.endpoints().isEmpty()) {
        problem = "the marker names no endpoint";
      } else if (!sealKey.sealed(o, r)) {
        List<String> strangers = unvouched(r, o, byId);
        if (!strangers.isEmpty()) {
          problem = "values " + strangers + " are not names or addresses of " + o.endpoints();
        }
      }
      if (problem == null) {
        out.add(c);
      } else {
        notes.add(
            "marker for "
                + r.key()
                + " ignored ("
                + problem
                + "); the record is treated as foreign");
        out.add(CurrentRecord.foreign(r));
      }
    }
    return new Checked(out, notes);
  }

  private static List<String> unvouched(RecordSet r, OwnerMarker o, Map<String, Endpoint> byId) {
    Set<String> vouched = new HashSet<>();
    for (String id : o.endpoints()) {
      Endpoint e = byId.get(id.toLowerCase(Locale.ROOT));
      if (e == null || e.state() == EndpointState.GONE) {
        // The cloud no longer vouches; only names that embed the id still prove themselves (below).
        continue;
      }
      vouched.addAll(facts(e));
    }
    List<String> strangers = new ArrayList<>();
    for (String v : values(r)) {
      if (!vouched.contains(v) && !embedsEndpointId(v, o)) {
        strangers.add(v);
      }
    }
    return strangers;
  }

  private static boolean embedsEndpointId(String value, OwnerMarker o) {
    java.util.regex.Matcher m = AWS_ENDPOINT_NAME.matcher(value);
    return m.matches() && o.endpoints().stream().anyMatch(id -> id.equalsIgnoreCase(m.group(1)));
  }

  private static Set<String> facts(Endpoint e) {
    Set<String> f = new TreeSet<>();
    e.regionalName().ifPresent(f::add);
    e.regionalAlias().ifPresent(a -> f.add(DnsName.normalize(a.dnsName())));
    for (Placement p : e.placements()) {
      p.zonalName().map(DnsName::normalize).ifPresent(f::add);
      p.zonalAlias().ifPresent(a -> f.add(DnsName.normalize(a.dnsName())));
      f.addAll(p.addresses());
    }
    return f;
  }

  private static List<String> values(RecordSet r) {
    if (r.data() instanceof RecordData.Alias a) {
      return List.of(DnsName.normalize(a.target().dnsName()));
    }
    RecordData.Values v = (RecordData.Values) r.data();
    return r.type() == RecordType.CNAME
        ? v.values().stream().map(DnsName::normalize).toList()
        : v.values();
  }
}
