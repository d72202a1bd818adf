package io.linkdns.core.cli;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.confluent.ConfluentAuthority;
import io.linkdns.core.confluent.Discovery;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.CurrentRecord;
import io.linkdns.core.reconcile.DnsZones;
import io.linkdns.core.reconcile.EndpointCatalog;
import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.reconcile.Reconciler;
import io.linkdns.core.reconcile.Zone;
import io.linkdns.core.resolve.Claim;
import io.linkdns.core.resolve.DomainResolver;
import io.linkdns.core.verify.Report;
import io.linkdns.core.verify.Verifier;
import io.linkdns.core.verify.ZoneFileWriter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * The operator's command line, the same for every cloud: plan, apply, sweep, verify, zone-file and
 * discover (Confluent Cloud's view) on the engine the functions run. A cloud module supplies how to connect ({@link Cloud}) and any
 * commands of its own.
 */
public final class CommandLine {

  /** What a cloud module provides: its adapters, wired from the options and the environment. */
  public interface Cloud {
    EndpointCatalog catalog();

    DnsZones zones();

    /** A reconciler over these adapters; a dry run plans without writing. */
    Reconciler reconciler(boolean dryRun);

    /** A network id as the catalog spells it (Azure resource ids are compared in lower case). */
    default String network(String given) {
      return given;
    }

    /** What Confluent's API says of the endpoint, when it is configured. */
    default Optional<Claim> claim(Endpoint endpoint) {
      return Optional.empty();
    }

    /** Confluent's networking and the endpoints matching it, as {@code discover} prints it; empty when Confluent is not configured. */
    default Optional<String> discovery() {
      return Optional.empty();
    }

    /** A cloud from its two adapters, the resolver and the options, with a network-id spelling. */
    static Cloud of(EndpointCatalog catalog, DnsZones zones, DomainResolver resolver, Reconciler.Options options,
        UnaryOperator<String> networkSpelling) {
      return of(catalog, zones, resolver, options, networkSpelling, Optional.empty());
    }

    /** The same, with Confluent's API as the authority the resolver consults. */
    static Cloud of(EndpointCatalog catalog, DnsZones zones, DomainResolver resolver, Reconciler.Options options,
        UnaryOperator<String> networkSpelling, Optional<ConfluentAuthority> confluent) {
      return new Cloud() {
        @Override
        public Optional<Claim> claim(Endpoint endpoint) {
          return confluent.flatMap(a -> a.claim(endpoint));
        }

        @Override
        public Optional<String> discovery() {
          return confluent.map(a -> Discovery.report(a.listings().current(), catalog.all(), resolver, options.ownerId()));
        }

        @Override
        public EndpointCatalog catalog() {
          return catalog;
        }

        @Override
        public DnsZones zones() {
          return zones;
        }

        @Override
        public Reconciler reconciler(boolean dryRun) {
          return new Reconciler(catalog, zones, resolver, options.withDryRun(dryRun));
        }

        @Override
        public String network(String given) {
          return networkSpelling.apply(given);
        }
      };
    }
  }

  private final PrintStream out;
  private final String network;
  private final String usage;
  private final Function<Options, Cloud> connect;
  private final Map<String, ToIntFunction<Options>> extra;

  /**
   * @param network the option naming a network: "vpc" or "vnet"
   * @param usage the cloud's usage text (commands and connection options)
   */
  public CommandLine(PrintStream out, String network, String usage, Function<Options, Cloud> connect,
      Map<String, ToIntFunction<Options>> extra) {
    this.out = out;
    this.network = network;
    this.usage = usage;
    this.connect = connect;
    this.extra = Map.copyOf(extra);
  }

  /** Runs one command; returns the exit status: 0 done or in sync, 1 problems or failures, 2 bad usage. */
  public int run(String[] args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      out.println(usage);
      return args.length == 0 ? 2 : 0;
    }
    Options o = Options.parse(args);
    return switch (o.command()) {
      case "plan" -> reconcile(o, true);
      case "apply" -> reconcile(o, false);
      case "sweep" -> sweep(o);
      case "verify" -> verify(o);
      case "zone-file" -> zoneFile(o);
      case "discover" -> discover(o);
      default -> {
        ToIntFunction<Options> command = extra.get(o.command());
        if (command == null) {
          throw new InvalidInputException("command", o.command(), "unknown command\n" + usage);
        }
        yield command.applyAsInt(o);
      }
    };
  }

  private int reconcile(Options o, boolean dryRun) {
    Cloud cloud = connect.apply(o);
    Reconciler reconciler = cloud.reconciler(dryRun);
    Outcome outcome = o.get("endpoint").isPresent()
        ? reconciler.endpoint(o.get("endpoint").get(), Optional.empty())
        : reconciler.domain(domain(o), cloud.network(o.require(network)));
    print(outcome);
    if (outcome.status() != Outcome.Status.FAILED) {
      List<Endpoint> involved = o.get("endpoint").isPresent()
          ? cloud.catalog().find(o.get("endpoint").get()).stream().toList()
          : cloud.catalog().inNetwork(cloud.network(o.require(network)));
      resolution(cloud, outcome.domain(), involved);
    }
    return outcome.status() == Outcome.Status.FAILED ? 1 : 0;
  }

  /**
   * Names Confluent's DNS resolution mode for the domain: CHASED_PRIVATE means Confluent's public
   * names CNAME into the private domain, so clients need public DNS as well as the private zone.
   */
  private void resolution(Cloud cloud, String domain, List<Endpoint> endpoints) {
    java.util.Set<String> lines = new java.util.TreeSet<>();
    for (Endpoint e : endpoints) {
      try {
        cloud.claim(e).filter(c -> c.domain().equals(domain) && c.resolution().isPresent()).ifPresent(c -> lines.add("resolution "
            + c.resolution().get() + " (" + c.source() + ")"
            + (c.resolution().filter(r -> r.equals("CHASED_PRIVATE")).isPresent()
                ? ": clients also need public DNS; Confluent's public names CNAME into " + domain
                : ": private DNS only")));
      } catch (InvalidInputException unavailable) {
        lines.add("resolution unknown: " + unavailable.getMessage());
      }
    }
    lines.forEach(l -> out.println("  # " + l));
  }

  private int discover(Options o) {
    Cloud cloud = connect.apply(o);
    out.print(cloud.discovery().orElseThrow(() -> new InvalidInputException("LINKDNS_CONFLUENT_API_KEY", null,
        "discover reads Confluent Cloud's API: set LINKDNS_CONFLUENT_API_KEY and LINKDNS_CONFLUENT_API_SECRET, or LINKDNS_CONFLUENT_SECRET")));
    return 0;
  }

  private int sweep(Options o) {
    List<Outcome> outcomes = connect.apply(o).reconciler(o.flag("dry-run")).sweep();
    outcomes.forEach(this::print);
    out.println(outcomes.size() + " zone(s) looked at");
    return outcomes.stream().anyMatch(x -> x.status() == Outcome.Status.FAILED) ? 1 : 0;
  }

  private int verify(Options o) {
    Cloud cloud = connect.apply(o);
    String domain = domain(o);
    List<Endpoint> endpoints = cloud.catalog().inNetwork(cloud.network(o.require(network)));
    String resolver = o.get("resolver").orElseGet(CommandLine::systemResolver);
    Verifier.Scope scope = Verifier.Scope.of(domain, cloud.reconciler(true).live(domain, endpoints)).withHostnames(o.all("name"));
    Report report = Verifier.at(resolver).verify(scope);
    out.println(report.text());
    resolution(cloud, domain, endpoints);
    return report.ok() ? 0 : 1;
  }

  private int zoneFile(Options o) {
    Cloud cloud = connect.apply(o);
    String domain = domain(o);
    String net = cloud.network(o.require(network));
    Zone zone;
    try {
      zone = cloud.zones().find(domain, net)
          .orElseThrow(() -> new InvalidInputException("--domain", domain, "no private zone of that name is linked to " + net));
    } catch (io.linkdns.core.reconcile.ForeignZoneException e) {
      throw new InvalidInputException("--domain", domain, e.getMessage(), e);
    }
    out.print(ZoneFileWriter.forDomain(domain).write(cloud.zones().records(zone).stream().map(CurrentRecord::record).toList()));
    return 0;
  }

  private static String domain(Options o) {
    return DnsName.requireDomain("--domain", o.require("domain"));
  }

  /** The first nameserver this host uses: inside a VPC or VNet, the cloud's resolver. */
  public static String systemResolver() {
    List<String> servers = org.xbill.DNS.ResolverConfig.getCurrentConfig().servers().stream()
        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
    return servers.isEmpty() ? "127.0.0.1:53" : servers.get(0);
  }

  public void print(Outcome outcome) {
    out.println(outcome.status() + "  " + outcome.domain() + "  " + outcome.networks()
        + outcome.zoneId().map(z -> "  zone " + z).orElse("") + (outcome.zoneCreated() ? " (created)" : ""));
    for (Change c : outcome.changes()) {
      out.println("  " + Change.describe(c));
    }
    outcome.conflicts().forEach(c -> out.println("  ! " + c));
    outcome.notes().forEach(n -> out.println("  # " + n));
    outcome.error().ifPresent(e -> out.println("  error: " + e));
  }

  /** Parsed options: {@code --key value} (repeatable) and bare flags. */
  public record Options(String command, Map<String, List<String>> values) {
    private static final List<String> FLAGS = List.of("dry-run");

    public static Options parse(String[] args) {
      Map<String, List<String>> values = new HashMap<>();
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          throw new InvalidInputException("argument", a, "expected an option starting with --");
        }
        String key = a.substring(2);
        if (FLAGS.contains(key)) {
          values.computeIfAbsent(key, k -> new ArrayList<>()).add("true");
          continue;
        }
        if (i + 1 >= args.length) {
          throw new InvalidInputException(a, null, "needs a value");
        }
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(args[++i]);
      }
      return new Options(args[0], values);
    }

    public Optional<String> get(String key) {
      List<String> v = values.get(key);
      return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    public List<String> all(String key) {
      return values.getOrDefault(key, List.of());
    }

    public boolean flag(String key) {
      return values.containsKey(key);
    }

    public String require(String key) {
      return get(key).orElseThrow(() -> new InvalidInputException("--" + key, null, "required for " + command));
    }
  }
}
