package io.linkdns.aws;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.cli.CommandLine;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/** The command line on AWS: the shared commands over EC2 and Route 53 (the demo walk-through lives in the demo module). */
public final class Cli {
  static final String USAGE = """
      usage: linkdns <command> [options]
        plan      --domain D --vpc V | --endpoint vpce-ID   print the changes a reconcile would make; writes nothing
        apply     --domain D --vpc V | --endpoint vpce-ID   make those changes
        sweep     [--dry-run]                               reconcile every zone with matching endpoints
        verify    --domain D --vpc V [--resolver HOST:PORT] [--name HOST]...
                                                            resolve client names and check them against the endpoints
        zone-file --domain D --vpc V                        print the zone as a BIND master file
        discover                                            Confluent's networks, attachments and access points, the
                                                            endpoints here matching them and the records each would get
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
    return new CommandLine(out, "vpc", USAGE, this::connect, Map.of()).run(args);
  }

  private Region region(CommandLine.Options o) {
    return Region.of(o.get("region").or(() -> Optional.ofNullable(env.get("AWS_REGION"))).orElse("us-east-1"));
  }

  private CommandLine.Cloud connect(CommandLine.Options o) {
    Region region = region(o);
    AwsWiring wiring = AwsWiring.of(env,
        AwsClients.build(new AwsClients.Config(region, o.get("endpoint-url").map(URI::create), 8, 5.0, List.of())), region);
    return CommandLine.Cloud.of(wiring.catalog(), wiring.zones(), wiring.resolver(), wiring.options(),
        UnaryOperator.identity(), wiring.confluent());
  }
}
