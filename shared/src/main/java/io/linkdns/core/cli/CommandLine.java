package io.linkdns.core.cli;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.confluent.ConfluentAuthority;
import io.linkdns.core.confluent.Discovery;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.Claim;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.plan.Change;
import io.linkdns.core.reconcile.DnsZones;
import io.linkdns.core.reconcile.EndpointCatalog;
import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.reconcile.Reconciler;
import io.linkdns.core.verify.Report;
import io.linkdns.core.verify.Verifier;
import io.linkdns.core.verify.ZoneFileWriter;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The operator's command line, the same for every cloud: plan, apply, sweep, verify, zone-file and
 * discover (Confluent Cloud's view) on the engine the functions run, parsed strictly by picocli. A
 * cloud module supplies its spelling ({@link Dialect}) and how to connect ({@link Cloud}).
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

    /**
     * Confluent's networking and the endpoints matching it, as {@code discover} prints it; empty
     * when Confluent is not configured.
     */
    default Optional<String> discovery() {
      return Optional.empty();
    }

    /** A cloud from its two adapters, the resolver and the options, with a network-id spelling. */
    static Cloud of(
        EndpointCatalog catalog,
        DnsZones zones,
        DomainResolver resolver,
        Reconciler.Options options,
        UnaryOperator<String> networkSpelling) {
      return of(catalog, zones, resolver, options, networkSpelling, Optional.empty());
    }

    /** The same, with Confluent's API as the authority the resolver consults. */
    static Cloud of(
        EndpointCatalog catalog,
        DnsZones zones,
        DomainResolver resolver,
        Reconciler.Options options,
        UnaryOperator<String> networkSpelling,
        Optional<ConfluentAuthority> confluent) {
      return new Cloud() {
        @Override
        public Optional<Claim> claim(Endpoint endpoint) {
          return confluent.flatMap(a -> a.claim(endpoint));
        }

        @Override
        public Optional<String> discovery() {
          return confluent.map(
              a ->
                  Discovery.report(
                      a.listings().current(), catalog.all(), resolver, options.ownerId()));
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

  /**
   * One option as a cloud names it: the name without dashes, the label of its value in the usage,
   * what it is, and the check a value must pass (throws {@link InvalidInputException}, returns the
   * value to use).
   */
  public record Option(
      String name, String label, String description, UnaryOperator<String> check) {}

  /**
   * How one cloud spells the command line: the program's name, the option naming a network ({@code
   * vpc}, {@code vnet}) and an endpoint, the options that say how to connect, and a line on where
   * settings come from.
   */
  public record Dialect(
      String program, Option network, Option endpoint, List<Option> connection, String settings) {
    public Dialect {
      connection = List.copyOf(connection);
    }
  }

  private static final String EXIT_STATUS =
      "exit status: 0 done or in sync, 1 problems found or a zone failed, 2 bad usage or input";

  private final PrintStream out;
  private final PrintStream err;
  private final Dialect dialect;
  private final Function<Options, Cloud> connect;

  public CommandLine(
      PrintStream out, PrintStream err, Dialect dialect, Function<Options, Cloud> connect) {
    this.out = out;
    this.err = err;
    this.dialect = dialect;
    this.connect = connect;
  }

  /**
   * Runs one command; returns the exit status: 0 done or in sync, 1 problems or failures, 2 bad
   * usage. Anything the command does not take (an unknown option, an option of another command, a
   * stray argument, a malformed value, options that exclude each other) is refused before anything
   * is read or written, with that command's usage on the error stream.
   */
  public int run(String... args) {
    picocli.CommandLine top = commands();
    picocli.CommandLine.ParseResult parsed;
    try {
      parsed = top.parseArgs(args);
    } catch (picocli.CommandLine.ParameterException e) {
      err.println(dialect.program() + ": " + explain(e, List.of(args)));
      if (e instanceof picocli.CommandLine.UnmatchedArgumentException unmatched) {
        picocli.CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
      }
      e.getCommandLine().usage(err);
      return 2;
    }
    for (picocli.CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested()) {
        p.commandSpec().commandLine().usage(out);
        return 0;
      }
    }
    if (!parsed.hasSubcommand()) {
      err.println(dialect.program() + ": a command is required");
      top.usage(err);
      return 2;
    }
    Options o = Options.of(parsed.subcommand());
    try {
      return switch (o.command()) {
        case "plan" -> reconcile(o, true);
        case "apply" -> reconcile(o, o.flag("dry-run"));
        case "sweep" -> sweep(o);
        case "verify" -> verify(o);
        case "zone-file" -> zoneFile(o);
        case "discover" -> discover(o);
        default -> throw new IllegalStateException("command without an action: " + o.command());
      };
    } catch (InvalidInputException e) {
      err.println(dialect.program() + ": " + e.getMessage());
      return 2;
    }
  }

  /** The command tree; built per run because picocli keeps parse state in it. */
  private picocli.CommandLine commands() {
    String net = "--" + dialect.network().name();
    CommandSpec top =
        command(dialect.program(), "private DNS for private endpoints, from the operator's seat");
    top.usageMessage().footer(dialect.settings(), EXIT_STATUS);
    picocli.CommandLine cli = new picocli.CommandLine(top);
    cli.addSubcommand(
        "plan", target("plan", "print the changes a reconcile would make; writes nothing", false));
    cli.addSubcommand(
        "apply",
        target("apply", "make those changes (--dry-run: print them, write nothing)", true));
    CommandSpec sweep =
        command(
            "sweep",
            "reconcile every zone with matching endpoints, in every network; "
                + "it takes no "
                + net
                + " (for one network: apply --domain D "
                + net
                + " "
                + dialect.network().label()
                + ")");
    sweep.addOption(dryRun());
    cli.addSubcommand("sweep", new picocli.CommandLine(connecting(sweep)));
    CommandSpec verify =
        command("verify", "resolve client names and check them against the endpoints");
    verify.addOption(
        value(
            "--domain", "D", "the zone's domain", true, v -> DnsName.requireDomain("--domain", v)));
    verify.addOption(value(dialect.network(), true));
    verify.addOption(
        value(
            "--resolver",
            "HOST:PORT",
            "the DNS server to ask (default: this host's first nameserver)",
            false,
            v -> {
              Verifier.parseAddress(v);
              return v;
            }));
    verify.addOption(
        OptionSpec.builder("--name")
            .paramLabel("HOST")
            .description("a client name to check as well (repeatable)")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .arity("1")
            .converters(checked(v -> DnsName.requireDomain("--name", v)))
            .build());
    cli.addSubcommand("verify", new picocli.CommandLine(connecting(verify)));
    CommandSpec zoneFile = command("zone-file", "print the zone as a BIND master file");
    zoneFile.addOption(
        value(
            "--domain", "D", "the zone's domain", true, v -> DnsName.requireDomain("--domain", v)));
    zoneFile.addOption(value(dialect.network(), true));
    cli.addSubcommand("zone-file", new picocli.CommandLine(connecting(zoneFile)));
    cli.addSubcommand(
        "discover",
        new picocli.CommandLine(
            connecting(
                command(
                    "discover",
                    "Confluent's networks, attachments and access points, the endpoints here matching them and the records each would get"))));
    // Strict: no @file expansion, no abbreviations, an option given twice is an error, and a value
    // that
    // looks like an option is not taken as a value.
    cli.setExpandAtFiles(false);
    cli.setAbbreviatedOptionsAllowed(false);
    cli.setAbbreviatedSubcommandsAllowed(false);
    cli.setOverwrittenOptionsAllowed(false);
    cli.setUnmatchedArgumentsAllowed(false);
    cli.setUnmatchedOptionsArePositionalParams(false);
    cli.setAllowOptionsAsOptionParameters(false);
    cli.setColorScheme(
        picocli.CommandLine.Help.defaultColorScheme(picocli.CommandLine.Help.Ansi.OFF));
    return cli;
  }

  private static CommandSpec command(String name, String description) {
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage()
        .synopsisHeading("usage: ")
        .description(description)
        .commandListHeading("commands:%n")
        .optionListHeading("options:%n")
        .sortOptions(false);
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("print this usage and exit")
            .build());
    return spec;
  }

  /** plan and apply: one endpoint, or one domain in one network, never both. */
  private picocli.CommandLine target(String name, String description, boolean writes) {
    CommandSpec spec = command(name, description);
    ArgGroupSpec domainInNetwork =
        ArgGroupSpec.builder()
            .exclusive(false)
            .multiplicity("1")
            .addArg(
                value(
                    "--domain",
                    "D",
                    "the zone's domain",
                    true,
                    v -> DnsName.requireDomain("--domain", v)))
            .addArg(value(dialect.network(), true))
            .build();
    spec.addArgGroup(
        ArgGroupSpec.builder()
            .exclusive(true)
            .multiplicity("1")
            .addArg(value(dialect.endpoint(), true))
            .addSubgroup(domainInNetwork)
            .build());
    if (writes) {
      spec.addOption(dryRun());
    }
    return new picocli.CommandLine(connecting(spec));
  }

  private CommandSpec connecting(CommandSpec spec) {
    dialect.connection().forEach(o -> spec.addOption(value(o, false)));
    return spec;
  }

  private static OptionSpec dryRun() {
    return OptionSpec.builder("--dry-run")
        .type(boolean.class)
        .arity("0")
        .description("print what would change and write nothing")
        .build();
  }

  private static OptionSpec value(Option o, boolean required) {
    return value("--" + o.name(), o.label(), o.description(), required, o.check());
  }

  private static OptionSpec value(
      String name,
      String label,
      String description,
      boolean required,
      UnaryOperator<String> check) {
    return OptionSpec.builder(name)
        .paramLabel(label)
        .description(description)
        .type(String.class)
        .arity("1")
        .required(required)
        .converters(checked(check))
        .build();
  }

  /**
   * A check's {@link InvalidInputException} as picocli's conversion error, so a bad value is a
   * usage error.
   */
  private static picocli.CommandLine.ITypeConverter<String> checked(UnaryOperator<String> check) {
    return v -> {
      try {
        return check.apply(v);
      } catch (InvalidInputException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    };
  }

  /** Whether the option was given, as {@code --name value} or {@code --name=value}. */
  private static boolean given(List<String> args, String option) {
    return args.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
  }

  /** picocli's message, except where it would not say plainly which options exclude each other. */
  private String explain(picocli.CommandLine.ParameterException e, List<String> args) {
    String net = "--" + dialect.network().name();
    String endpoint = "--" + dialect.endpoint().name();
    boolean targeted =
        e.getCommandLine().getCommandSpec().argGroups().stream().anyMatch(g -> g.exclusive());
    if (targeted && given(args, endpoint) && (given(args, "--domain") || given(args, net))) {
      return endpoint
          + " and --domain/"
          + net
          + " exclude each other: name one endpoint, or one domain and one network";
    }
    if (e instanceof picocli.CommandLine.MaxValuesExceededException && targeted) {
      return "give " + endpoint + " once, or --domain and " + net + " once each";
    }
    if (e.getCommandLine().getCommandName().equals("sweep") && given(args, net)) {
      // Refused rather than scoped: a sweep also visits every zone of ours for records of vanished
      // endpoints.
      return e.getMessage()
          + "; sweep reconciles every network and takes no "
          + net
          + " (for one network: apply --domain D "
          + net
          + " "
          + dialect.network().label()
          + ")";
    }
    return e.getMessage().replaceFirst("^Error: ", "");
  }

  private int reconcile(Options o, boolean dryRun) {
    Cloud cloud = connect.apply(o);
    Reconciler reconciler = cloud.reconciler(dryRun);
    Outcome outcome =
        o.get("endpoint").isPresent()
            ? reconciler.endpoint(o.get("endpoint").get(), Optional.empty())
            : reconciler.domain(domain(o), cloud.network(o.require(dialect.network().name())));
    print(outcome);
    if (outcome.status() != Outcome.Status.FAILED) {
      List<Endpoint> involved =
          o.get("endpoint").isPresent()
              ? cloud.catalog().find(o.get("endpoint").get()).stream().toList()
              : cloud.catalog().inNetwork(cloud.network(o.require(dialect.network().name())));
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
        cloud
            .claim(e)
            .filter(c -> c.domain().equals(domain) && c.resolution().isPresent())
            .ifPresent(
                c ->
                    lines.add(
                        "resolution "
                            + c.resolution().get()
                            + " ("
                            + c.source()
                            + ")"
                            + (c.resolution().filter(r -> r.equals("CHASED_PRIVATE")).isPresent()
                                ? ": clients also need public DNS; Confluent's public names CNAME into "
                                    + domain
                                : ": private DNS only")));
      } catch (InvalidInputException unavailable) {
        lines.add("resolution unknown: " + unavailable.getMessage());
      }
    }
    lines.forEach(l -> out.println("  # " + l));
  }

  private int discover(Options o) {
    Cloud cloud = connect.apply(o);
    out.print(
        cloud
            .discovery()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "LINKDNS_CONFLUENT_API_KEY",
                        null,
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
    List<Endpoint> endpoints =
        cloud.catalog().inNetwork(cloud.network(o.require(dialect.network().name())));
    String resolver = o.get("resolver").orElseGet(CommandLine::systemResolver);
    Verifier.Scope scope =
        Verifier.Scope.of(domain, cloud.reconciler(true).live(domain, endpoints))
            .withHostnames(o.all("name"));
    Report report = Verifier.at(resolver).verify(scope);
    out.println(report.text());
    resolution(cloud, domain, endpoints);
    return report.ok() ? 0 : 1;
  }

  private int zoneFile(Options o) {
    Cloud cloud = connect.apply(o);
    String domain = domain(o);
    String net = cloud.network(o.require(dialect.network().name()));
    Zone zone;
    try {
      zone =
          cloud
              .zones()
              .find(domain, net)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "--domain", domain, "no private zone of that name is linked to " + net));
    } catch (io.linkdns.core.ownership.ForeignZoneException e) {
      throw new InvalidInputException("--domain", domain, e.getMessage(), e);
    }
    out.print(
        ZoneFileWriter.forDomain(domain)
            .write(cloud.zones().records(zone).stream().map(CurrentRecord::record).toList()));
    return 0;
  }

  private static String domain(Options o) {
    return DnsName.requireDomain("--domain", o.require("domain"));
  }

  /** The first nameserver this host uses: inside a VPC or VNet, the cloud's resolver. */
  public static String systemResolver() {
    List<String> servers =
        org.xbill.DNS.ResolverConfig.getCurrentConfig().servers().stream()
            .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
            .toList();
    return servers.isEmpty() ? "127.0.0.1:53" : servers.get(0);
  }

  public void print(Outcome outcome) {
    out.println(
        outcome.status()
            + "  "
            + outcome.domain()
            + "  "
            + outcome.networks()
            + outcome.zoneId().map(z -> "  zone " + z).orElse("")
            + (outcome.zoneCreated() ? " (created)" : ""));
    for (Change c : outcome.changes()) {
      out.println("  " + Change.describe(c));
    }
    outcome.conflicts().forEach(c -> out.println("  ! " + c));
    outcome.notes().forEach(n -> out.println("  # " + n));
    outcome.error().ifPresent(e -> out.println("  error: " + e));
  }

  /**
   * A command and the options it was given, by name without dashes: values as checked, flags as
   * "true".
   */
  public record Options(String command, Map<String, List<String>> values) {
    public Options {
      values = Map.copyOf(values);
    }

    static Options of(picocli.CommandLine.ParseResult parsed) {
      Map<String, List<String>> values = new LinkedHashMap<>();
      for (OptionSpec o : parsed.matchedOptions()) {
        Object v = o.getValue();
        List<String> given =
            v instanceof List<?> l
                ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(v));
        values.put(o.longestName().substring(2), given);
      }
      return new Options(parsed.commandSpec().name(), values);
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
      return get(key)
          .orElseThrow(
              () -> new InvalidInputException("--" + key, null, "required for " + command));
    }
  }
}
