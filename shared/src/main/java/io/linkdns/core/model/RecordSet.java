package io.linkdns.core.model;

import java.util.List;

/** One named, typed set of records in a zone. Names are normalised (see {@link DnsName}). */
public record RecordSet(String name, RecordType type, RecordData data) {
  public RecordSet {
    name = DnsName.normalize(name);
    if (type == RecordType.CNAME && data instanceof RecordData.Values v) {
      data = new RecordData.Values(v.ttl(), v.values().stream().map(DnsName::normalize).toList());
    }
  }

  public static RecordSet values(String name, RecordType type, long ttl, List<String> values) {
    return new RecordSet(name, type, new RecordData.Values(ttl, values));
  }

  public static RecordSet alias(String name, RecordType type, AliasTarget target) {
    return new RecordSet(name, type, new RecordData.Alias(target));
  }

  /** True for the (name, type) pair that identifies a record set within a zone. */
  public boolean sameKey(RecordSet other) {
    return name.equals(other.name) && type == other.type;
  }

  public String key() {
    return name + " " + type;
  }

  @Override
  public String toString() {
    if (data instanceof RecordData.Alias a) {
      return name
          + " "
          + type
          + " ALIAS "
          + a.target().dnsName()
          + " ("
          + a.target().hostedZoneId()
          + ")";
    }
    RecordData.Values v = (RecordData.Values) data;
    return name + " " + v.ttl() + " " + type + " " + String.join(" ", v.values());
  }
}
