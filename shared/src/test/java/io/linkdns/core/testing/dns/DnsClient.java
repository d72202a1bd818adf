package io.linkdns.core.testing.dns;

import io.linkdns.core.verify.LocalDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks a DNS server for a host name's A records the way a Kafka client's resolver would, and
 * describes the answer in one line: {@code CNAME <target>}, {@code A <ip> <ip>} (sorted), or the
 * response code ({@code NXDOMAIN}, {@code NODATA}, {@code REFUSED}).
 */
public final class DnsClient {
  private final SimpleResolver resolver;

  public DnsClient(InetSocketAddress server) {
    this.resolver = new SimpleResolver(server);
    this.resolver.setTimeout(Duration.ofSeconds(2));
  }

  public static DnsClient of(LocalDnsServer server) {
    return new DnsClient(server.socketAddress());
  }

  public String ask(String host) {
    try {
      Name name = Name.fromString(host.endsWith(".") ? host : host + ".");
      Message m = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
      if (m.getRcode() != Rcode.NOERROR) {
        return Rcode.string(m.getRcode());
      }
      List<Record> answer = m.getSection(Section.ANSWER);
      List<String> cnames =
          answer.stream()
              .filter(r -> r instanceof CNAMERecord)
              .map(r -> "CNAME " + strip(((CNAMERecord) r).getTarget().toString()))
              .toList();
      String addresses =
          answer.stream()
              .filter(r -> r instanceof ARecord)
              .map(r -> ((ARecord) r).getAddress().getHostAddress())
              .sorted()
              .collect(Collectors.joining(" "));
      if (cnames.isEmpty() && addresses.isEmpty()) {
        return "NODATA";
      }
      StringBuilder s = new StringBuilder(String.join(" ", cnames));
      if (!addresses.isEmpty()) {
        s.append(s.length() == 0 ? "" : " ").append("A ").append(addresses);
      }
      return s.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("no answer for " + host, e);
    }
  }

  private static String strip(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
