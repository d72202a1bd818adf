package io.linkdns.core.verify;

import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Renders record sets as a BIND master file, so a zone linkdns plans can be exported, reviewed or
 * served by a real DNS server: absolute names with a trailing dot, wildcard owners as {@code *},
 * TXT strings quoted by dnsjava, and provider aliases as A/AAAA records of the addresses known for
 * their target (or a comment saying why they were left out).
 */
public final class ZoneFileWriter {
  /**
   * The SOA timers of a synthesised apex: short, since these zones are for checking, not for
   * serving the world.
   */
  private static final long SOA_TTL = 60;

  private final String domain;
  private final Map<String, List<String>> aliasAddresses;
  private final Optional<Long> soaSerial;

  private ZoneFileWriter(
      String domain, Map<String, List<String>> aliasAddresses, Optional<Long> soaSerial) {
    this.domain = DnsName.requireDomain("domain", domain);
    this.aliasAddresses = Map.copyOf(aliasAddresses);
    this.soaSerial = soaSerial;
  }

  /** A writer for the zone of {@code domain} that renders the given records only (no SOA/NS). */
  public static ZoneFileWriter forDomain(String domain) {
    return new ZoneFileWriter(domain, Map.of(), Optional.empty());
  }

  /**
   * Addresses an alias target name resolves to (for example a VPC endpoint's ENI addresses), keyed
   * by the target's DNS name; aliases to other names are written as comments.
   */
  public ZoneFileWriter withAliasAddresses(Map<String, List<String>> byTargetName) {
    Map<String, List<String>> normalised = new java.util.HashMap<>();
    byTargetName.forEach((k, v) -> normalised.put(DnsName.normalize(k), List.copyOf(v)));
    return new ZoneFileWriter(domain, normalised, soaSerial);
  }

  /**
   * Adds an SOA and an NS record at the apex (a loadable zone needs both), with the given serial.
   */
  public ZoneFileWriter withSoa(long serial) {
    return new ZoneFileWriter(domain, aliasAddresses, Optional.of(serial));
  }

  /**
   * The master file text: $ORIGIN and $TTL, the synthesised apex if asked for, then one line per
   * record.
   */
  public String write(List<RecordSet> records) {
    Name origin = DnsRecords.name("domain", domain);
    StringBuilder out = new StringBuilder();
    out.append("$ORIGIN ").append(origin).append('\n');
    out.append("$TTL ").append(SOA_TTL).append('\n');
    soaSerial.ifPresent(
        serial -> {
          Name host = DnsRecords.name("soa", "localhost");
          Name admin = DnsRecords.name("soa", "hostmaster." + domain);
          line(
              out,
              new SOARecord(
                  origin, DClass.IN, SOA_TTL, host, admin, serial, 3600, 600, 86400, SOA_TTL));
          line(out, new NSRecord(origin, DClass.IN, SOA_TTL, host));
        });
    List<RecordSet> sorted =
        records.stream()
            .sorted(Comparator.comparing(RecordSet::name).thenComparing(RecordSet::type))
            .toList();
    for (RecordSet rs : sorted) {
      if (!DnsName.isWithin(rs.name(), domain)) {
        out.append("; skipped ")
            .append(rs.key())
            .append(": not inside ")
            .append(domain)
            .append('\n');
        continue;
      }
      if (rs.type() == RecordType.OTHER) {
        // SOA, NS and other types linkdns only reads: the provider keeps its own, the apex above
        // stands in.
        out.append("; skipped a record at ")
            .append(rs.name())
            .append(" of a type linkdns does not write\n");
        continue;
      }
      if (rs.data() instanceof RecordData.Alias alias) {
        List<String> known = aliasAddresses.getOrDefault(alias.target().dnsName(), List.of());
        out.append("; ")
            .append(rs.name())
            .append(' ')
            .append(rs.type())
            .append(" alias to ")
            .append(alias.target().dnsName())
            .append(" (hosted zone ")
            .append(alias.target().hostedZoneId())
            .append(')');
        out.append(
            known.isEmpty()
                ? ": addresses unknown, not written\n"
                : ": written as the target's addresses\n");
      }
      DnsRecords.of(rs, aliasAddresses).forEach(r -> line(out, r));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, Record r) {
    out.append(r).append('\n');
  }
}
