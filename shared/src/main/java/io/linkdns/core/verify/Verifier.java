package io.linkdns.core.verify;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.layout.Layout;
import io.linkdns.core.layout.RecordTemplate;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.Placement;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.plan.DesiredRecord;
import io.linkdns.core.plan.Planner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks a resolver the names a Kafka client would ask (a bootstrap name, a broker name per zone the
 * endpoints cover, and names that must fall back to the wildcard) and checks each answer against
 * what the Planner's desired records call for, so verify and reconcile cannot disagree.
 */
public final class Verifier {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** The owner id does not change which records are desired, only their markers. */
  private static final String PLANNER_OWNER = "linkdns-verify";

  /**
   * The AZ name at the end of the first label of an AWS zonal endpoint name, e.g. {@code
   * ...-us-east-2a}.
   */
  private static final Pattern AZ_NAME =
      Pattern.compile("-([a-z]{2}(?:-[a-z]+)+-\\d+(?:-[a-z]+-\\d+)?[a-z])$");

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String HEX = "0123456789abcdef";

  private final Resolver udp;
  private final Resolver tcp;
  private final String resolverText;
  private final RandomGenerator random;

  /** What to verify: a domain, its live endpoints, and optional extra names. */
  public record Scope(
      String domain, List<Planner.Bound> live, List<String> hostnames, List<String> fallbackZones) {
    public Scope {
      domain = DnsName.requireDomain("domain", domain);
      live = List.copyOf(live);
      hostnames = hostnames.stream().map(DnsName::normalize).toList();
      fallbackZones = List.copyOf(fallbackZones);
    }

    public static Scope of(String domain, List<Planner.Bound> live) {
      return new Scope(domain, live, List.of(), List.of());
    }

    /** Extra host names to ask (say the cluster's real bootstrap and broker names). */
    public Scope withHostnames(List<String> names) {
      return new Scope(domain, live, names, fallbackZones);
    }

    /**
     * Zones of the region with no endpoint (say use2-az3 when the endpoints are in az1 and az2): a
     * broker name there is asked too, and must get what a correct server gives, usually the
     * wildcard.
     */
    public Scope withFallbackZones(List<String> zones) {
      return new Scope(domain, live, hostnames, zones);
    }
  }

  private enum Role {
    BOOTSTRAP,
    ZONAL,
    FALLBACK,
    AZ_NAME,
    HOSTNAME
  }

  /**
   * One name to ask; {@code zone} is the zone id it stands for, {@code node} the name it sits
   * below.
   */
  private record Probe(String name, Role role, String az, String node) {}

  public Verifier(Resolver resolver, String description, RandomGenerator random) {
    this(resolver, resolver, description, random);
  }

  private Verifier(Resolver udp, Resolver tcp, String description, RandomGenerator random) {
    this.udp = udp;
    this.tcp = tcp;
    this.resolverText = description;
    this.random = random;
  }

  /**
   * A verifier asking the resolver at {@code host:port} (port 53 when left out) over UDP, then TCP.
   */
  public static Verifier at(String hostPort) {
    return at(hostPort, DEFAULT_TIMEOUT);
  }

  public static Verifier at(String hostPort, Duration timeout) {
    InetSocketAddress address = parseAddress(hostPort);
    SimpleResolver udp = new SimpleResolver(address);
    udp.setTimeout(timeout);
    SimpleResolver tcp = new SimpleResolver(address);
    tcp.setTCP(true);
    tcp.setTimeout(timeout);
    return new Verifier(udp, tcp, hostPort, new Random());
  }

  /**
   * A resolver's address from {@code host[:port]} (port 53 by default); a malformed one is refused
   * naming it.
   */
  public static InetSocketAddress parseAddress(String hostPort) {
    if (hostPort == null || hostPort.isBlank()) {
      throw new InvalidInputException(
          "resolver", hostPort, "a resolver address host[:port] is required");
    }
    String host = hostPort.trim();
    int port = 53;
    int colon = host.lastIndexOf(':');
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        throw new InvalidInputException(
            "resolver", hostPort, "an IPv6 address in brackets needs a closing ']'");
      }
      if (close + 1 < host.length()) {
        port = port(hostPort, host.substring(close + 2));
      }
      host = host.substring(1, close);
    } else if (colon > 0 && host.indexOf(':') == colon) {
      port = port(hostPort, host.substring(colon + 1));
      host = host.substring(0, colon);
    }
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) {
      throw new InvalidInputException(
          "resolver", hostPort, "host '" + host + "' cannot be resolved");
    }
    return a;
  }

  private static int port(String hostPort, String text) {
    try {
      int p = Integer.parseInt(text);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "resolver", hostPort, "port '" + text + "' is not a number from 1 to 65535");
    }
  }

  public Report verify(String domain, List<Planner.Bound> live) {
    return verify(Scope.of(domain, live));
  }

  public Report verify(Scope scope) {
    String domain = scope.domain();
    Planner.Desired desired = new Planner(PLANNER_OWNER).plan(domain, scope.live());
    List<RecordSet> records = desired.records().stream().map(DesiredRecord::record).toList();
    List<String> notes = new ArrayList<>();
    if (records.isEmpty()) {
      notes.add("no live endpoint gives " + domain + " a record: nothing to verify");
      return new Report(domain, resolverText, List.of(), notes);
    }
    Answer soa = ask(domain, Type.SOA);
    if (soa.failed()) {
      return new Report(
          domain,
          resolverText,
          List.of(
              new Finding(
                  Finding.Kind.ZONE_NOT_VISIBLE,
                  domain,
                  "SOA " + domain,
                  soa.toString(),
                  "the resolver "
                      + resolverText
                      + " does not serve "
                      + domain
                      + " (SOA query answered "
                      + soa
                      + "): the zone is not associated with this VPC/VNet, or not served at all")),
          notes);
    }
    Map<String, List<String>> aliases = aliasAddresses(scope.live());
    ZoneAnswers oracle = new ZoneAnswers(domain, records, aliases);
    Set<String> liveValues = liveValues(scope.live());
    List<Probe> probes = probes(scope, notes);
    RecordType qtype = queryType(records);
    Answer wildcard = oracle.answer(probes.get(0).name(), qtype).answer();
    Answer bootstrapAnswered = null;
    List<Judged> judged = new ArrayList<>();
    for (Probe p : probes) {
      ZoneAnswers.Expected expected = oracle.answer(p.name(), qtype);
      Answer observed = ask(p.name(), qtype == RecordType.AAAA ? Type.AAAA : Type.A);
      if (p.role() == Role.BOOTSTRAP) {
        bootstrapAnswered = observed;
      }
      Finding f =
          judge(domain, p, expected, observed, wildcard, bootstrapAnswered, liveValues, oracle);
      judged.add(new Judged(p, expected.source().orElse(""), f));
    }
    return new Report(domain, resolverText, merge(foldAzNames(judged)), notes);
  }

  /** A finding with the probe that led to it and the record set that should have answered. */
  private record Judged(Probe probe, String source, Finding finding) {}

  /**
   * One wrong record shows under every name it answers (a stale wildcard answers the bootstrap name
   * and every name without a zonal record): report it once, listing the other names.
   */
  private static List<Finding> merge(List<Judged> judged) {
    Map<String, List<Judged>> byCause = new LinkedHashMap<>();
    for (Judged j : judged) {
      Finding f = j.finding();
      String key =
          f.problem() ? f.kind() + " " + j.source() + " " + f.answered() : "#" + byCause.size();
      byCause.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
    }
    List<Finding> out = new ArrayList<>();
    for (List<Judged> group : byCause.values()) {
      Finding first = group.get(0).finding();
      if (group.size() == 1) {
        out.add(first);
      } else {
        List<String> others =
            group.subList(1, group.size()).stream().map(j -> j.finding().name()).toList();
        out.add(
            new Finding(
                first.kind(),
                first.name(),
                first.expected(),
                first.answered(),
                first.message() + " (the same answer came for " + String.join(", ", others) + ")"));
      }
    }
    return List.copyOf(out);
  }

  private static RecordType queryType(List<RecordSet> records) {
    return records.stream().allMatch(r -> r.type() == RecordType.AAAA)
        ? RecordType.AAAA
        : RecordType.A;
  }

  private Finding judge(
      String domain,
      Probe p,
      ZoneAnswers.Expected expected,
      Answer observed,
      Answer wildcard,
      Answer bootstrapAnswered,
      Set<String> liveValues,
      ZoneAnswers oracle) {
    Answer want = expected.answer();
    String source = expected.source().orElse("no record");
    if (!oracle.contains(p.name())) {
      return new Finding(
          Finding.Kind.UNCHECKED,
          p.name(),
          "-",
          observed.toString(),
          p.name() + " is not inside " + domain + ": linkdns has no say in its answer");
    }
    if (!expected.checkable()) {
      return new Finding(
          Finding.Kind.UNCHECKED,
          p.name(),
          "alias " + source,
          observed.toString(),
          "cannot check alias from here: "
              + source
              + " is an alias whose target addresses are not known; "
              + p.name()
              + " answered "
              + observed);
    }
    if (matches(want, observed)) {
      return new Finding(
          Finding.Kind.OK, p.name(), want.toString(), observed.toString(), "as expected");
    }
    String said = p.name() + " answered " + observed;
    if (observed.status() == Answer.Status.REFUSED
        || observed.status() == Answer.Status.SERVFAIL
        || observed.status() == Answer.Status.FAILED
        || observed.status() == Answer.Status.NO_RESPONSE) {
      if (p.role() == Role.BOOTSTRAP) {
        return new Finding(
            Finding.Kind.ZONE_NOT_VISIBLE,
            p.name(),
            want.toString(),
            observed.toString(),
            said
                + " instead of "
                + want
                + ": the resolver "
                + resolverText
                + " does not serve "
                + domain
                + " for this name (zone not associated with the VPC/VNet, or broken)");
      }
      return new Finding(
          Finding.Kind.WRONG_ANSWER,
          p.name(),
          want.toString(),
          observed.toString(),
          said + " instead of " + want + " (from " + source + ")");
    }
    List<String> stale = observed.values().stream().filter(v -> !liveValues.contains(v)).toList();
    if (!stale.isEmpty()) {
      return new Finding(
          Finding.Kind.STALE_TARGET,
          p.name(),
          want.toString(),
          observed.toString(),
          said
              + ", but no live endpoint of "
              + domain
              + " has "
              + String.join(", ", stale)
              + ": a record points at an endpoint that no longer exists (expected "
              + want
              + " from "
              + source
              + ")");
    }
    switch (p.role()) {
      case ZONAL -> {
        boolean wildcardAnswer = matches(wildcard, observed);
        if (!matches(wildcard, want) && (wildcardAnswer || observed.failed())) {
          String zonal = "*." + p.node();
          String what =
              wildcardAnswer
                  ? "the wildcard *." + domain + " (" + observed + ", all endpoints)"
                  : observed
                      + " (the wildcard does not cover it either: something else still exists below "
                      + p.node()
                      + ")";
          return new Finding(
              Finding.Kind.MISSING_ZONAL_RECORD,
              p.name(),
              want.toString(),
              observed.toString(),
              p.name()
                  + " answered "
                  + what
                  + " instead of only the "
                  + p.az()
                  + " endpoint ("
                  + want
                  + "): the zonal record "
                  + zonal
                  + " is missing");
        }
      }
      case AZ_NAME -> {
        if (bootstrapAnswered != null && observed.equals(bootstrapAnswered)) {
          // the name got what the wildcard gives: whatever is wrong is the wildcard's, reported for
          // the bootstrap name
          break;
        }
        return new Finding(
            Finding.Kind.AZ_NAME_INSTEAD_OF_ID,
            p.name(),
            want.toString(),
            observed.toString(),
            said
                + " instead of "
                + want
                + ": a record exists below "
                + p.node()
                + ", named with the AZ name "
                + azNameOf(p, domain)
                + " where the AZ ID "
                + p.az()
                + " belongs (AZ names differ per account)");
      }
      case BOOTSTRAP -> {
        if (observed.status() == Answer.Status.NXDOMAIN) {
          return new Finding(
              Finding.Kind.WRONG_ANSWER,
              p.name(),
              want.toString(),
              observed.toString(),
              said
                  + " instead of "
                  + want
                  + ": the zone is served but the wildcard "
                  + source
                  + " is missing");
        }
      }
      default -> {}
    }
    return new Finding(
        Finding.Kind.WRONG_ANSWER,
        p.name(),
        want.toString(),
        observed.toString(),
        said + " instead of " + want + " (from " + source + ")");
  }

  private static String azNameOf(Probe p, String domain) {
    String node = p.node();
    return node.substring(0, node.length() - domain.length() - 1);
  }

  /**
   * A record named with the AZ name usually means the AZ ID's record is absent: report that once,
   * as the AZ-name problem it is, rather than also as a missing zonal record.
   */
  private static List<Judged> foldAzNames(List<Judged> judged) {
    Set<String> swapped = new HashSet<>();
    Set<String> idMissing = new HashSet<>();
    for (Judged j : judged) {
      if (j.probe().role() == Role.AZ_NAME
          && j.finding().kind() == Finding.Kind.AZ_NAME_INSTEAD_OF_ID) {
        swapped.add(j.probe().az());
      }
      if (j.probe().role() == Role.ZONAL
          && j.finding().kind() == Finding.Kind.MISSING_ZONAL_RECORD) {
        idMissing.add(j.probe().az());
      }
    }
    List<Judged> out = new ArrayList<>();
    for (Judged j : judged) {
      Finding f = j.finding();
      String zone = j.probe().az();
      if (j.probe().role() == Role.ZONAL
          && f.kind() == Finding.Kind.MISSING_ZONAL_RECORD
          && swapped.contains(zone)) {
        continue;
      }
      if (j.probe().role() == Role.AZ_NAME
          && f.kind() == Finding.Kind.AZ_NAME_INSTEAD_OF_ID
          && idMissing.contains(zone)) {
        f =
            new Finding(
                f.kind(),
                f.name(),
                f.expected(),
                f.answered(),
                f.message()
                    + "; the record named with the AZ ID, below "
                    + zone
                    + ", is missing as a result");
      }
      out.add(new Judged(j.probe(), j.source(), f));
    }
    return List.copyOf(out);
  }

  static boolean matches(Answer expected, Answer observed) {
    if (expected.status() != observed.status()) {
      return false;
    }
    if (expected.status() != Answer.Status.DATA) {
      return true;
    }
    if (!expected.chain().isEmpty()) {
      int n = expected.chain().size();
      return observed.chain().size() >= n
          && observed.chain().subList(0, n).equals(expected.chain())
          && (expected.addresses().isEmpty() || expected.addresses().equals(observed.addresses()));
    }
    return observed.chain().isEmpty() && observed.addresses().equals(expected.addresses());
  }

  private List<Probe> probes(Scope scope, List<String> notes) {
    String domain = scope.domain();
    List<Probe> probes = new ArrayList<>();
    probes.add(new Probe("lkc-" + random(ALPHABET, 5) + "." + domain, Role.BOOTSTRAP, "", domain));
    Map<String, Probe> byPattern = new LinkedHashMap<>();
    List<RecordTemplate> zonal = new ArrayList<>();
    TreeSet<String> zones = new TreeSet<>();
    Map<String, String> azNames = new LinkedHashMap<>();
    for (Planner.Bound b : scope.live()) {
      Layout layout = b.binding().layout();
      layout.records().stream()
          .filter(RecordTemplate::perAz)
          .filter(t -> !zonal.contains(t))
          .forEach(zonal::add);
      zones.addAll(zonesOf(b));
      if (b.binding().az().isEmpty()) {
        for (Placement p : b.endpoint().placements()) {
          p.zonalName()
              .flatMap(Verifier::azName)
              .filter(n -> !n.equals(p.az()))
              .ifPresent(n -> azNames.putIfAbsent(p.az(), n));
        }
      }
    }
    if (zonal.isEmpty()) {
      notes.add(
          "the layouts of " + domain + " have no per-zone record: no zonal broker names asked");
    }
    for (RecordTemplate t : zonal) {
      for (String z : zones) {
        add(byPattern, t.expand(domain, z), Role.ZONAL, z);
      }
      for (String z : scope.fallbackZones()) {
        add(byPattern, t.expand(domain, z), Role.FALLBACK, z);
      }
      azNames.forEach((id, name) -> add(byPattern, t.expand(domain, name), Role.AZ_NAME, id));
    }
    probes.addAll(byPattern.values());
    scope.hostnames().forEach(h -> probes.add(new Probe(h, Role.HOSTNAME, "", domain)));
    return List.copyOf(probes);
  }

  private void add(Map<String, Probe> byPattern, String pattern, Role role, String zone) {
    if (byPattern.containsKey(pattern)) {
      return;
    }
    String node = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
    String name = pattern.startsWith("*.") ? "e-" + random(HEX, 4) + "." + node : pattern;
    byPattern.put(pattern, new Probe(name, role, zone, node));
  }

  /**
   * The zones an endpoint covers, as the Planner labels them (a binding's zone replaces the
   * endpoint's own).
   */
  private static List<String> zonesOf(Planner.Bound b) {
    if (b.binding().az().isPresent()) {
      return List.of(b.binding().az().get());
    }
    return b.endpoint().placements().stream().map(Placement::az).filter(z -> !z.isBlank()).toList();
  }

  /** The AWS AZ name a zonal endpoint name embeds in its first label, if it has one. */
  static Optional<String> azName(String zonalName) {
    String first =
        zonalName.contains(".") ? zonalName.substring(0, zonalName.indexOf('.')) : zonalName;
    Matcher m = AZ_NAME.matcher(first);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private String random(String alphabet, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /**
   * The addresses each alias target of the endpoints resolves to (a regional name to all the
   * endpoint's addresses, a zonal name to its zone's), keyed by the target's DNS name.
   */
  public static Map<String, List<String>> aliasAddresses(List<Planner.Bound> live) {
    Map<String, List<String>> out = new HashMap<>();
    for (Planner.Bound b : live) {
      Endpoint e = b.endpoint();
      e.regionalAlias().ifPresent(a -> out.put(a.dnsName(), e.addresses()));
      e.regionalName().ifPresent(n -> out.putIfAbsent(n, e.addresses()));
      for (Placement p : e.placements()) {
        p.zonalAlias().ifPresent(a -> out.put(a.dnsName(), p.addresses()));
        p.zonalName().ifPresent(n -> out.putIfAbsent(n, p.addresses()));
      }
    }
    return Map.copyOf(out);
  }

  private static Set<String> liveValues(List<Planner.Bound> live) {
    Set<String> out = new HashSet<>();
    for (Planner.Bound b : live) {
      Endpoint e = b.endpoint();
      e.regionalName().ifPresent(out::add);
      e.regionalAlias().ifPresent(a -> out.add(a.dnsName()));
      out.addAll(e.addresses());
      for (Placement p : e.placements()) {
        p.zonalName().ifPresent(out::add);
        p.zonalAlias().ifPresent(a -> out.add(a.dnsName()));
      }
    }
    return out;
  }

  private Answer ask(String name, int type) {
    Name qname = DnsRecords.name("name", name);
    Message query = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
    Message response;
    try {
      response = udp.send(query);
    } catch (IOException udpFailed) {
      try {
        response = tcp.send(query);
      } catch (IOException tcpFailed) {
        return Answer.of(Answer.Status.NO_RESPONSE);
      }
    }
    return read(response, qname, type);
  }

  /**
   * Follows the CNAME chain inside the answer section from {@code qname} and collects the addresses
   * it ends on.
   */
  static Answer read(Message response, Name qname, int type) {
    int rcode = response.getRcode();
    List<String> chain = new ArrayList<>();
    Name current = qname;
    List<Record> answers = response.getSection(Section.ANSWER);
    for (int hop = 0; hop < 16; hop++) {
      Name from = current;
      Optional<CNAMERecord> next =
          answers.stream()
              .filter(r -> r instanceof CNAMERecord && r.getName().equals(from))
              .map(r -> (CNAMERecord) r)
              .findFirst();
      if (next.isEmpty()) {
        break;
      }
      current = next.get().getTarget();
      chain.add(DnsName.normalize(current.toString()));
    }
    Name end = current;
    List<String> values =
        answers.stream()
            .filter(r -> r.getType() == type && r.getName().equals(end))
            .map(
                r ->
                    type == Type.SOA
                        ? DnsName.normalize(r.getName().toString())
                        : r.rdataToString())
            .toList();
    Answer.Status status =
        switch (rcode) {
          case Rcode.NOERROR ->
              chain.isEmpty() && values.isEmpty() ? Answer.Status.NODATA : Answer.Status.DATA;
          case Rcode.NXDOMAIN -> Answer.Status.NXDOMAIN;
          case Rcode.REFUSED -> Answer.Status.REFUSED;
          case Rcode.SERVFAIL -> Answer.Status.SERVFAIL;
          default -> Answer.Status.FAILED;
        };
    if (type == Type.SOA && status == Answer.Status.DATA && values.isEmpty()) {
      status = Answer.Status.NODATA;
    }
    return new Answer(status, chain, values);
  }
}
