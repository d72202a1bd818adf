package io.linkdns.core.verify;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * Turns the model's record sets into dnsjava records, so names, quoting and wire rules are
 * dnsjava's.
 */
final class DnsRecords {
  /** Route 53 answers an alias with the target's TTL; 60 s is what the VPC endpoint names carry. */
  static final long ALIAS_TTL = 60;

  private static final int TXT_STRING_MAX = 255;

  private DnsRecords() {}

  static Name name(String field, String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new InvalidInputException(field, text, "not a DNS name: " + e.getMessage(), e);
    }
  }

  /**
   * The dnsjava records of one record set; an alias becomes A/AAAA records of the addresses known
   * for its target, or nothing when none are known.
   */
  static List<Record> of(RecordSet rs, Map<String, List<String>> aliasAddresses) {
    Name owner = name("record[" + rs.key() + "].name", rs.name());
    List<Record> out = new ArrayList<>();
    if (rs.data() instanceof RecordData.Alias alias) {
      for (String a : aliasAddresses.getOrDefault(alias.target().dnsName(), List.of())) {
        address(rs, owner, ALIAS_TTL, a).ifPresent(out::add);
      }
      return List.copyOf(out);
    }
    RecordData.Values v = (RecordData.Values) rs.data();
    for (String value : v.values()) {
      switch (rs.type()) {
        case A, AAAA -> address(rs, owner, v.ttl(), value).ifPresent(out::add);
        case CNAME ->
            out.add(
                new CNAMERecord(
                    owner, DClass.IN, v.ttl(), name("record[" + rs.key() + "].value", value)));
        case TXT -> out.add(new TXTRecord(owner, DClass.IN, v.ttl(), txtStrings(value)));
        case OTHER ->
            throw new InvalidInputException(
                "record[" + rs.key() + "].type",
                rs.type().name(),
                "a record of a type linkdns does not know cannot be written");
      }
    }
    return List.copyOf(out);
  }

  private static java.util.Optional<Record> address(
      RecordSet rs, Name owner, long ttl, String value) {
    int family = value.contains(":") ? Address.IPv6 : Address.IPv4;
    if ((rs.type() == io.linkdns.core.model.RecordType.AAAA) != (family == Address.IPv6)) {
      return java.util.Optional.empty();
    }
    try {
      var addr = Address.getByAddress(value, family);
      return java.util.Optional.of(
          family == Address.IPv4
              ? new ARecord(owner, DClass.IN, ttl, addr)
              : new AAAARecord(owner, DClass.IN, ttl, addr));
    } catch (UnknownHostException e) {
      throw new InvalidInputException(
          "record[" + rs.key() + "].value", value, "not an IP address", e);
    }
  }

  /**
   * One model value is one TXT record; a value longer than a DNS string (255 bytes) is split into
   * several strings. dnsjava parses escapes in the strings it is given, so a literal backslash is
   * escaped first.
   */
  private static List<String> txtStrings(String value) {
    List<String> strings = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      int size = ch.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes + size > TXT_STRING_MAX) {
        strings.add(current.toString());
        current.setLength(0);
        bytes = 0;
      }
      current.append(cp == '\\' ? "\\\\" : ch);
      bytes += size;
      i += Character.charCount(cp);
    }
    if (current.length() > 0 || strings.isEmpty()) {
      strings.add(current.toString());
    }
    return strings;
  }
}
