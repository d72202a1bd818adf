package io.linkdns.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.CurrentRecord;
import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.reconcile.Reconciler;
import io.linkdns.core.reconcile.Zone;
import io.linkdns.core.verify.Report;
import io.linkdns.core.verify.Verifier;
import io.linkdns.core.verify.ZoneFileWriter;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * The operator's command line, on the same engine as the Lambda: plan, apply, sweep, verify and
 * zone-file against real AWS credentials or an emulator, plus the demo walk-through.
 */
public final class Cli {
  static final String USAGE = """
      usage: linkdns <command> [options]
        plan      --domain D --vpc V | --endpoint vpce-ID   print the changes a reconcile would make; writes nothing
        apply     --domain D --vpc V | --endpoint vpce-ID   make those changes
        sweep     [--dry-run]                               reconcile every zone with matching endpoints
        verify    --domain D --vpc V [--resolver HOST:PORT] [--name HOST]...
                                                            resolve client names and check them against the endpoints
        zone-file --domain D --vpc V                        print the zone as a BIND master file
        demo      --endpoint-url URL                        walk through create, verify, delete against an emulator
      options:
        --region R            AWS region (default: AWS_REGION, else us-east-1)
        --endpoint-url URL    AWS API endpoint (default: the SDK's AWS_ENDPOINT_URL, else AWS itself)
      settings come from the LINKDNS_* environment variables, as in the Lambda (see README)
      exit status: 0 done or in sync, 1 problems found or a zone failed, 2 bad usage or input""";

  private final PrintStream out;
  private final Map<String, String> env;

  Cli(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  public static void main(String[] args) {
    int status;
    try {
      status = new Cli(System.out, System.getenv()).run(args);
    } catch (InvalidInputException e) {
      System.err.println("linkdns: " + e.getMessage());
      status = 2;
    } catch (SdkException e) {
      System.err.println("linkdns: AWS call failed: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  int run(String[] args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    Options o = Options.parse(args);
    return switch (o.command) {
      case "plan" -> reconcile(o, true);
      case "apply" -> reconcile(o, false);
      case "sweep" -> sweep(o);
      case "verify" -> verify(o);
      case "zone-file" -> zoneFile(o);
      case "demo" -> new Demo(out, env).run(o.require("endpoint-url"), region(o));
      default -> throw new InvalidInputException("command", o.command, "unknown command\n" + USAGE);
    };
  }

  private Region region(Options o) {
    return Region.of(o.get("region").or(() -> Optional.ofNullable(env.get("AWS_REGION"))).orElse("us-east-1"));
  }

  private AwsWiring wiring(Options o) {
    AwsClients clients = AwsClients.build(new AwsClients.Config(region(o), o.get("endpoint-url").map(URI::create),
        8, 5.0, List.of()));
    Map<String, String> settings = new HashMap<>(env);
    return AwsWiring.of(settings, clients, region(o));
  }

  private int reconcile(Options o, boolean dryRun) {
    Reconciler reconciler = wiring(o).reconciler(dryRun);
    Outcome outcome = o.get("endpoint").isPresent()
        ? reconciler.endpoint(o.get("endpoint").get(), Optional.empty())
        : reconciler.domain(DnsName.requireDomain("--domain", o.require("domain")), o.require("vpc"));
    print(outcome);
    return outcome.status() == Outcome.Status.FAILED ? 1 : 0;
  }

  private int sweep(Options o) {
    List<Outcome> outcomes = wiring(o).reconciler(o.flag("dry-run")).sweep();
    outcomes.forEach(this::print);
    out.println(outcomes.size() + " zone(s) looked at");
    return outcomes.stream().anyMatch(x -> x.status() == Outcome.Status.FAILED) ? 1 : 0;
  }

  private int verify(Options o) {
    AwsWiring w = wiring(o);
    String domain = DnsName.requireDomain("--domain", o.require("domain"));
    String resolver = o.get("resolver").orElse(defaultResolver());
    Verifier.Scope scope = Verifier.Scope.of(domain, w.live(domain, o.require("vpc"))).withHostnames(o.all("name"));
    Report report = Verifier.at(resolver).verify(scope);
    out.println(report.text());
    return report.ok() ? 0 : 1;
  }

  private int zoneFile(Options o) {
    AwsWiring w = wiring(o);
    String domain = DnsName.requireDomain("--domain", o.require("domain"));
    Zone zone = w.zones().find(domain, o.require("vpc"))
        .orElseThrow(() -> new InvalidInputException("--domain", domain, "no private zone of that name is associated with " + o.require("vpc")));
    out.print(ZoneFileWriter.forDomain(domain).write(w.zones().records(zone).stream().map(CurrentRecord::record).toList()));
    return 0;
  }

  /** The first nameserver of /etc/resolv.conf: inside a VPC, the Route 53 Resolver. */
  static String defaultResolver() {
    List<String> servers = org.xbill.DNS.ResolverConfig.getCurrentConfig().servers().stream()
        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
    return servers.isEmpty() ? "127.0.0.1:53" : servers.get(0);
  }

  void print(Outcome outcome) {
    out.println(outcome.status() + "  " + outcome.domain() + "  " + outcome.networks()
        + outcome.zoneId().map(z -> "  zone " + z).orElse("") + (outcome.zoneCreated() ? " (created)" : ""));
    for (Change c : outcome.changes()) {
      out.println("  " + Change.describe(c));
    }
    outcome.conflicts().forEach(c -> out.println("  ! " + c));
    outcome.notes().forEach(n -> out.println("  # " + n));
    outcome.error().ifPresent(e -> out.println("  error: " + e));
  }

  /** Parsed command-line options: {@code --key value}, repeatable, and bare flags. */
  record Options(String command, Map<String, List<String>> values) {
    private static final List<String> FLAGS = List.of("dry-run");

    static Options parse(String[] args) {
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

    Optional<String> get(String key) {
      List<String> v = values.get(key);
      return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    List<String> all(String key) {
      return values.getOrDefault(key, List.of());
    }

    boolean flag(String key) {
      return values.containsKey(key);
    }

    String require(String key) {
      return get(key).orElseThrow(() -> new InvalidInputException("--" + key, null, "required for " + command));
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();
}
