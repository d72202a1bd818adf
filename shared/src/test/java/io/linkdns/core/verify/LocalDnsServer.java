package io.linkdns.core.verify;

import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.RecordSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server on loopback: BIND's {@code named} (or Knot's {@code knotd} when
 * named is not installed) serving zones built from record sets on 127.0.0.1 at a free port, UDP and
 * TCP. The demo and the tests serve what linkdns wrote with it and verify against it; {@link
 * #replace} swaps a zone's contents and returns once the server answers with them.
 */
public final class LocalDnsServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final String KEY_NAME = "linkdns-test";
  private static final List<String> SEARCH_DIRS =
      List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin");

  /** One zone to serve: its domain, its record sets, and the addresses alias targets resolve to. */
  public record ZoneContent(
      String domain, List<RecordSet> records, Map<String, List<String>> aliasAddresses) {
    public ZoneContent {
      domain = DnsName.requireDomain("domain", domain);
      records = List.copyOf(records);
      aliasAddresses = Map.copyOf(aliasAddresses);
    }

    public ZoneContent(String domain, List<RecordSet> records) {
      this(domain, records, Map.of());
    }
  }

  private enum Software {
    BIND,
    KNOT
  }

  private final Software software;
  private final Path binary;
  private final Path dir;
  private final String key;
  private final Map<String, ZoneContent> zones = new LinkedHashMap<>();
  private int port;
  private int controlPort;
  private long serial = 1;
  private Process process;
  private Duration startup = Duration.ZERO;

  private LocalDnsServer(Software software, Path binary, Path dir) {
    this.software = software;
    this.binary = binary;
    this.dir = dir;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = Base64.getEncoder().encodeToString(secret);
  }

  /** Starts a server for one zone. */
  public static LocalDnsServer start(String domain, List<RecordSet> records) {
    return start(List.of(new ZoneContent(domain, records)));
  }

  /** Starts a server for the given zones (none is fine: it then refuses every query). */
  public static LocalDnsServer start(List<ZoneContent> zones) {
    Map.Entry<Software, Path> found = requireInstalled();
    Path dir;
    try {
      dir = Files.createTempDirectory("linkdns-dns-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LocalDnsServer server = new LocalDnsServer(found.getKey(), found.getValue(), dir);
    zones.forEach(z -> server.zones.put(z.domain(), z));
    RuntimeException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        server.launch();
        return server;
      } catch (RuntimeException e) {
        // Another process may have taken the free port between probing and binding it: try a new
        // one.
        last = e;
        server.stopProcess();
      }
    }
    server.close();
    throw last;
  }

  /** Why no server can be started, for errors and skipped tests. */
  public static final String NOT_INSTALLED =
      "no DNS server to serve zones with: neither BIND's named nor Knot's knotd is"
          + " installed; run .ci/install-dns-server.sh (installs bind9 from Debian)";

  /** named, else knotd. */
  private static Map.Entry<Software, Path> requireInstalled() {
    return installed().orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
  }

  /** True when a DNS server this helper can start is installed. */
  public static boolean available() {
    return installed().isPresent();
  }

  private static Optional<Map.Entry<Software, Path>> installed() {
    String forced = System.getProperty("linkdns.test.dns-server", "");
    Optional<Path> named = forced.equals("knot") ? Optional.empty() : find("named");
    if (named.isPresent() && find("rndc").isPresent()) {
      return Optional.of(Map.entry(Software.BIND, named.get()));
    }
    return find("knotd")
        .filter(k -> find("knotc").isPresent())
        .map(k -> Map.entry(Software.KNOT, k));
  }

  private static Optional<Path> find(String program) {
    Stream<String> path =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator));
    return Stream.concat(path, SEARCH_DIRS.stream())
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The address to give a resolver: {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  public int port() {
    return port;
  }

  /** How long the server took from launch until it answered SOA for every zone. */
  public Duration startup() {
    return startup;
  }

  /** "BIND" or "Knot", with the path of the binary. */
  public String software() {
    return (software == Software.BIND ? "BIND " : "Knot ") + binary;
  }

  /** The master file currently served for a domain. */
  public String zoneFile(String domain) {
    try {
      return Files.readString(zonePath(DnsName.normalize(domain)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the contents of the only zone served. */
  public void replace(List<RecordSet> records) {
    if (zones.size() != 1) {
      throw new IllegalStateException(
          "replace(records) needs exactly one zone; serving " + zones.keySet());
    }
    ZoneContent only = zones.values().iterator().next();
    replace(new ZoneContent(only.domain(), records, only.aliasAddresses()));
  }

  /**
   * Serves the zone with new contents (adding it if new) and waits until the server answers with
   * them.
   */
  public synchronized void replace(ZoneContent zone) {
    zones.put(zone.domain(), zone);
    reload();
  }

  /** Stops serving a zone; the server then refuses queries for it. */
  public synchronized void remove(String domain) {
    if (zones.remove(DnsName.normalize(domain)) != null) {
      reload();
    }
  }

  @Override
  public synchronized void close() {
    stopProcess();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  private void launch() {
    port = freePort();
    controlPort = freePort();
    writeFiles();
    List<String> command =
        software == Software.BIND
            // -g: foreground, log to stderr; -4: 127.0.0.1 only; -n 2: two worker threads start
            // faster than one per CPU
            ? List.of(
                binary.toString(),
                "-g",
                "-4",
                "-n",
                "2",
                "-c",
                dir.resolve("named.conf").toString())
            : List.of(binary.toString(), "-c", dir.resolve("knot.conf").toString());
    long started = System.nanoTime();
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    awaitZones(START_TIMEOUT);
    startup = Duration.ofNanos(System.nanoTime() - started);
  }

  private void reload() {
    serial++;
    writeFiles();
    List<String> command =
        software == Software.BIND
            ? List.of(
                find("rndc").orElseThrow().toString(),
                "-c",
                dir.resolve("rndc.conf").toString(),
                "reload")
            : List.of(
                find("knotc").orElseThrow().toString(),
                "-c",
                dir.resolve("knot.conf").toString(),
                "reload");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + out + "\n" + logTail());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    awaitZones(Duration.ofSeconds(20));
  }

  /** Waits until every zone answers SOA with the current serial. */
  private void awaitZones(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SimpleResolver resolver = new SimpleResolver(socketAddress());
    resolver.setTimeout(Duration.ofMillis(250));
    List<String> waiting = List.copyOf(zones.keySet());
    String lastProblem = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            software() + " exited with " + process.exitValue() + ":\n" + logTail());
      }
      Optional<String> pending = Optional.empty();
      if (waiting.isEmpty()) {
        // nothing to serve: ready once it answers at all
        pending = answers(resolver) ? Optional.empty() : Optional.of("no answer");
      }
      for (String z : waiting) {
        Optional<Long> s = soaSerial(resolver, z);
        if (s.isEmpty() || s.get() != serial) {
          pending =
              Optional.of(
                  z + " serial " + s.map(String::valueOf).orElse("none") + ", want " + serial);
          break;
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      lastProblem = pending.get();
      sleep();
    }
    throw new IllegalStateException(
        software()
            + " did not serve the zones within "
            + timeout
            + " ("
            + lastProblem
            + "):\n"
            + logTail());
  }

  private static boolean answers(SimpleResolver resolver) {
    try {
      resolver.send(Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN)));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Long> soaSerial(SimpleResolver resolver, String domain) {
    try {
      Message m =
          resolver.send(
              Message.newQuery(
                  Record.newRecord(Name.fromString(domain + "."), Type.SOA, DClass.IN)));
      if (m.getRcode() != Rcode.NOERROR) {
        return Optional.empty();
      }
      return m.getSection(Section.ANSWER).stream()
          .filter(r -> r instanceof SOARecord)
          .map(r -> ((SOARecord) r).getSerial())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void writeFiles() {
    try {
      StringBuilder zoneBlocks = new StringBuilder();
      for (ZoneContent z : zones.values()) {
        String text =
            ZoneFileWriter.forDomain(z.domain())
                .withAliasAddresses(z.aliasAddresses())
                .withSoa(serial)
                .write(z.records());
        Files.writeString(zonePath(z.domain()), text);
        zoneBlocks.append(
            software == Software.BIND
                ? "zone \""
                    + z.domain()
                    + "\" { type master; file \""
                    + zonePath(z.domain())
                    + "\"; check-names ignore; };\n"
                : "  - domain: " + z.domain() + "\n    file: " + zonePath(z.domain()) + "\n");
      }
      if (software == Software.BIND) {
        Files.writeString(
            dir.resolve("named.conf"),
            String.join(
                "\n",
                "options {",
                "  directory \"" + dir + "\";",
                "  pid-file \"" + dir.resolve("named.pid") + "\";",
                "  session-keyfile \"" + dir.resolve("session.key") + "\";",
                "  managed-keys-directory \"" + dir + "\";",
                "  listen-on port " + port + " { 127.0.0.1; };",
                "  listen-on-v6 { none; };",
                "  recursion no;",
                "  allow-query { any; };",
                "  dnssec-validation no;",
                "  notify no;",
                "};",
                "key \"" + KEY_NAME + "\" { algorithm hmac-sha256; secret \"" + key + "\"; };",
                "controls { inet 127.0.0.1 port "
                    + controlPort
                    + " allow { 127.0.0.1; } keys { \""
                    + KEY_NAME
                    + "\"; }; };",
                zoneBlocks.toString()));
        Files.writeString(
            dir.resolve("rndc.conf"),
            String.join(
                "\n",
                "key \"" + KEY_NAME + "\" { algorithm hmac-sha256; secret \"" + key + "\"; };",
                "options { default-key \""
                    + KEY_NAME
                    + "\"; default-server 127.0.0.1; default-port "
                    + controlPort
                    + "; };",
                ""));
      } else {
        Files.writeString(
            dir.resolve("knot.conf"),
            String.join(
                "\n",
                "server:",
                "  rundir: \"" + dir + "\"",
                "  listen: 127.0.0.1@" + port,
                "control:",
                "  listen: \"" + dir.resolve("knot.sock") + "\"",
                "database:",
                "  storage: \"" + dir + "\"",
                "template:",
                "  - id: default",
                "    storage: \"" + dir + "\"",
                "    semantic-checks: off",
                "    zonefile-sync: -1",
                "    zonefile-load: whole",
                "    journal-content: none",
                zones.isEmpty() ? "" : "zone:\n" + zoneBlocks,
                ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path zonePath(String domain) {
    return dir.resolve("db." + domain);
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("server.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void stopProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** A port free for both TCP and UDP on 127.0.0.1 right now. */
  private static int freePort() {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          DatagramSocket udp =
              new DatagramSocket(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()))) {
        return tcp.getLocalPort();
      } catch (IOException taken) {
        // UDP side in use: try another
      }
    }
    throw new IllegalStateException("no free port for both TCP and UDP on 127.0.0.1");
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
