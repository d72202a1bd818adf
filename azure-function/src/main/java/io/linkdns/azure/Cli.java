package io.linkdns.azure;

import com.azure.core.exception.AzureException;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.cli.CommandLine;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The command line on Azure: the shared commands over Azure Network and Private DNS, with the
 * developer's login (DefaultAzureCredential: Azure CLI, environment, managed identity).
 */
public final class Cli {
  static final String USAGE = """
      usage: linkdns-azure <command> [options]
        plan      --domain D --vnet VNET-ID | --endpoint PRIVATE-ENDPOINT-ID   print the changes; writes nothing
        apply     --domain D --vnet VNET-ID | --endpoint PRIVATE-ENDPOINT-ID   make them
        sweep     [--dry-run]                                 reconcile every zone with matching endpoints
        verify    --domain D --vnet VNET-ID [--resolver HOST:PORT] [--name HOST]...
                                                              resolve client names and check them against the endpoints
        zone-file --domain D --vnet VNET-ID                   print the zone as a BIND master file
        discover                                              Confluent's networks, attachments and access points, the
                                                              endpoints here matching them and the records each would get
      options (each overrides its environment variable):
        --subscription ID          AZURE_SUBSCRIPTION_ID
        --zone-resource-group RG   LINKDNS_ZONE_RESOURCE_GROUP
      settings come from the LINKDNS_* environment variables, as in the function (see README)
      exit status: 0 done or in sync, 1 problems found or a zone failed, 2 bad usage or input""";

  private final PrintStream out;
  private final Function<Map<String, String>, Wiring> connect;
  private final Map<String, String> env;

  Cli(PrintStream out, Map<String, String> env, Function<Map<String, String>, Wiring> connect) {
    this.out = out;
    this.env = env;
    this.connect = connect;
  }

  public static void main(String[] args) {
    int status;
    try {
      status = new Cli(System.out, System.getenv(), Wiring::fromEnvironment).run(args);
    } catch (InvalidInputException e) {
      System.err.println("linkdns-azure: " + e.getMessage());
      status = 2;
    } catch (AzureException e) {
      System.err.println("linkdns-azure: Azure call failed: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  int run(String[] args) {
    return new CommandLine(out, "vnet", USAGE, this::cloud, Map.of()).run(args);
  }

  private CommandLine.Cloud cloud(CommandLine.Options o) {
    Map<String, String> settings = new HashMap<>(env);
    o.get("subscription").ifPresent(s -> settings.put("AZURE_SUBSCRIPTION_ID", s));
    o.get("zone-resource-group").ifPresent(g -> settings.put("LINKDNS_ZONE_RESOURCE_GROUP", g));
    Wiring wiring = connect.apply(settings);
    return CommandLine.Cloud.of(wiring.catalog(), wiring.zones(), wiring.resolver(),
        wiring.reconciler().options(), id -> id.toLowerCase(Locale.ROOT), wiring.confluent());
  }
}
