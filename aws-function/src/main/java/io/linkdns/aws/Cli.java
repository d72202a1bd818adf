package io.linkdns.aws;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.cli.CommandLine;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * The command line on AWS: the shared commands over EC2 and Route 53 (the demo walk-through lives
 * in the demo module).
 */
public final class Cli {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  static final CommandLine.Dialect DIALECT =
      new CommandLine.Dialect(
          "linkdns",
          new CommandLine.Option(
              "vpc",
              "vpc-ID",
              "the VPC the zone is associated with",
              id("--vpc", EventParser.VPC_ID)),
          new CommandLine.Option(
              "endpoint",
              "vpce-ID",
              "one interface VPC endpoint: its domain in its VPC",
              id("--endpoint", EventParser.ENDPOINT_ID)),
          List.of(
              new CommandLine.Option(
                  "region",
                  "R",
                  "AWS region (default: AWS_REGION, else us-east-1)",
                  id("--region", REGION)),
              new CommandLine.Option(
                  "endpoint-url",
                  "URL",
                  "AWS API endpoint (default: the SDK's AWS_ENDPOINT_URL, else AWS itself)",
                  Cli::endpointUrl)),
          "settings come from the LINKDNS_* environment variables, as in the Lambda (see README)");

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  Cli(PrintStream out, Map<String, String> env) {
    this(out, System.err, env);
  }

  Cli(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    int status;
    try {
      status = new Cli(System.out, System.err, System.getenv()).run(args);
    } catch (SdkException e) {
      System.err.println("linkdns: AWS call failed: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  int run(String... args) {
    return new CommandLine(out, err, DIALECT, this::connect).run(args);
  }

  private static UnaryOperator<String> id(String field, Pattern pattern) {
    return v -> {
      if (!pattern.matcher(v).matches()) {
        throw new InvalidInputException(field, v, "not of the form " + pattern.pattern());
      }
      return v;
    };
  }

  private static String endpointUrl(String v) {
    try {
      URI u = new URI(v);
      if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
        throw new InvalidInputException(
            "--endpoint-url", v, "an http(s) URL with a host is required");
      }
      return v;
    } catch (java.net.URISyntaxException e) {
      throw new InvalidInputException("--endpoint-url", v, "not a URL: " + e.getReason(), e);
    }
  }

  private CommandLine.Cloud connect(CommandLine.Options o) {
    AwsSettings settings = AwsSettings.fromEnvironment(env);
    settings = settings.inRegion(o.get("region").map(Region::of).orElse(settings.region()));
    AwsWiring wiring =
        AwsWiring.of(
            settings,
            AwsClients.build(
                new AwsClients.Config(
                    settings.region(),
                    o.get("endpoint-url").map(URI::create),
                    settings.maxAttempts(),
                    5.0,
                    List.of())));
    return CommandLine.Cloud.of(
        wiring.catalog(),
        wiring.zones(),
        wiring.resolver(),
        wiring.options(),
        UnaryOperator.identity(),
        wiring.confluent());
  }
}
