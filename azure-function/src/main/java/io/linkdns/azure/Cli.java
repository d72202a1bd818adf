package io.linkdns.azure;

import com.azure.core.exception.AzureException;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.cli.CommandLine;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The command line on Azure: the shared commands over Azure Network and Private DNS, with the
 * developer's login (DefaultAzureCredential: Azure CLI, environment, managed identity).
 */
public final class Cli {
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  // Azure's rule for resource group names: letters, digits, '_', '-', '.', '(' and ')', not ending
  // in '.'.
  private static final Pattern RESOURCE_GROUP =
      Pattern.compile("[-\\w.()]{0,89}[-\\w()]", Pattern.UNICODE_CHARACTER_CLASS);
  static final CommandLine.Dialect DIALECT =
      new CommandLine.Dialect(
          "linkdns-azure",
          new CommandLine.Option(
              "vnet",
              "VNET-ID",
              "the virtual network's resource id the zone is linked to",
              resource("--vnet", "microsoft.network/virtualnetworks")),
          new CommandLine.Option(
              "endpoint",
              "PRIVATE-ENDPOINT-ID",
              "one private endpoint's resource id: its domain in its VNet",
              resource("--endpoint", "microsoft.network/privateendpoints")),
          List.of(
              new CommandLine.Option(
                  "subscription",
                  "ID",
                  "AZURE_SUBSCRIPTION_ID",
                  matching("--subscription", SUBSCRIPTION)),
              new CommandLine.Option(
                  "zone-resource-group",
                  "RG",
                  "LINKDNS_ZONE_RESOURCE_GROUP",
                  matching("--zone-resource-group", RESOURCE_GROUP))),
          "settings come from the LINKDNS_* environment variables, as in the function (see README); "
              + "--subscription and --zone-resource-group override theirs");

  private final PrintStream out;
  private final PrintStream err;
  private final Function<Map<String, String>, AzureWiring> connect;
  private final Map<String, String> env;

  Cli(
      PrintStream out,
      Map<String, String> env,
      Function<Map<String, String>, AzureWiring> connect) {
    this(out, System.err, env, connect);
  }

  Cli(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Function<Map<String, String>, AzureWiring> connect) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.connect = connect;
  }

  public static void main(String[] args) {
    int status;
    try {
      status =
          new Cli(System.out, System.err, System.getenv(), AzureWiring::fromEnvironment).run(args);
    } catch (AzureException e) {
      System.err.println("linkdns-azure: Azure call failed: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  int run(String... args) {
    return new CommandLine(out, err, DIALECT, this::cloud).run(args);
  }

  private static UnaryOperator<String> resource(String field, String type) {
    return v -> {
      if (!ResourceId.parse(field, v).type().equals(type)) {
        throw new InvalidInputException(field, v, "not the id of a " + type + " resource");
      }
      return v;
    };
  }

  private static UnaryOperator<String> matching(String field, Pattern pattern) {
    return v -> {
      if (!pattern.matcher(v).matches()) {
        throw new InvalidInputException(field, v, "not of the form " + pattern.pattern());
      }
      return v;
    };
  }

  private CommandLine.Cloud cloud(CommandLine.Options o) {
    Map<String, String> settings = new HashMap<>(env);
    o.get("subscription").ifPresent(s -> settings.put("AZURE_SUBSCRIPTION_ID", s));
    o.get("zone-resource-group").ifPresent(g -> settings.put("LINKDNS_ZONE_RESOURCE_GROUP", g));
    AzureWiring wiring = connect.apply(settings);
    return CommandLine.Cloud.of(
        wiring.catalog(),
        wiring.zones(),
        wiring.resolver(),
        wiring.reconciler().options(),
        id -> id.toLowerCase(Locale.ROOT),
        wiring.confluent());
  }
}
