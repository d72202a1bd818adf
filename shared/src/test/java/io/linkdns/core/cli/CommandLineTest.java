package io.linkdns.core.cli;

import static io.linkdns.core.testing.AwsEndpointBuilder.awsEndpoint;
import static io.linkdns.core.testing.AwsEndpointBuilder.regionalName;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.plan.Policy;
import io.linkdns.core.reconcile.Backoff;
import io.linkdns.core.reconcile.Reconciler;
import io.linkdns.core.testing.InMemoryCatalog;
import io.linkdns.core.testing.InMemoryZones;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line as a careless operator (or a script with a typo) uses it: whatever it does not
 * take is refused with exit 2 and that command's usage, before anything is read or written; what it
 * takes is honoured, --dry-run included.
 */
class CommandLineTest {
  private static final String D = "pr123a.us-east-2.aws.confluent.cloud";
  private static final String VPC = "vpc-0aaaaaaaaaaaaaaaa";
  private static final String VPCE = "vpce-0123456789abcdef0";
  private static final CommandLine.Dialect DIALECT =
      new CommandLine.Dialect(
          "linkdns",
          new CommandLine.Option("vpc", "vpc-ID", "the VPC", id("--vpc", "vpc-[0-9a-f]{8,17}")),
          new CommandLine.Option(
              "endpoint", "vpce-ID", "the endpoint", id("--endpoint", "vpce-[0-9a-f]{8,17}")),
          List.of(
              new CommandLine.Option(
                  "region", "R", "the region", id("--region", "[a-z]{2}(-[a-z]+)+-\\d+"))),
          "settings come from the LINKDNS_* environment variables");

  private final InMemoryCatalog catalog =
      new InMemoryCatalog(awsEndpoint(VPCE).network(VPC).domain(D).build());
  private final InMemoryZones zones = new InMemoryZones();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private int connected;

  private static UnaryOperator<String> id(String field, String pattern) {
    return v -> {
      if (!v.matches(pattern)) {
        throw new InvalidInputException(field, v, "not of the form " + pattern);
      }
      return v;
    };
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    DomainResolver resolver =
        new DomainResolver(
            TagKeys.AWS, List.of(), Layouts.builtIn(), Layouts.CONFLUENT_AWS_DEDICATED);
    Reconciler.Options options =
        new Reconciler.Options(
            "linkdns", Policy.SYNC, true, false, new Backoff(Duration.ZERO, Duration.ZERO, 4));
    return new CommandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            DIALECT,
            o -> {
              connected++;
              return CommandLine.Cloud.of(
                  catalog, zones, resolver, options, UnaryOperator.identity());
            })
        .run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
      # arguments                                                                    | usage of        | the error says
      sweep --dryrun yes                                                             | linkdns sweep   | Unknown options: '--dryrun', 'yes'
      sweep --dry_run true                                                           | linkdns sweep   | Unknown options: '--dry_run', 'true'
      sweep --dry-run=true 1                                                         | linkdns sweep   | should be specified without 'true' parameter
      sweep --dry-run 1                                                              | linkdns sweep   | Unmatched argument at index 2: '1'
      sweep --dry-run --dry-run                                                      | linkdns sweep   | should be specified only once
      sweep --vpc vpc-0aaaaaaaaaaaaaaaa                                              | linkdns sweep   | Unknown options: '--vpc', 'vpc-0aaaaaaaaaaaaaaaa'; sweep reconciles every network and takes no --vpc
      sweep -- --dry-run                                                             | linkdns sweep   | Unknown option: '--dry-run'
      plan --domain pr123a.us-east-2.aws.confluent.cloud --vpc vpc-0bbbbbbbbbbbbbbbb --endpoint vpce-0123456789abcdef0 | linkdns plan | --endpoint and --domain/--vpc exclude each other
      apply --endpoint vpce-0123456789abcdef0 --vpc vpc-0aaaaaaaaaaaaaaaa             | linkdns apply   | --endpoint and --domain/--vpc exclude each other
      apply --domain=pr123a.us-east-2.aws.confluent.cloud --vpc=vpc-0aaaaaaaaaaaaaaaa --endpoint=vpce-0123456789abcdef0 | linkdns apply | --endpoint and --domain/--vpc exclude each other
      sweep --vpc=vpc-0aaaaaaaaaaaaaaaa                                              | linkdns sweep   | sweep reconciles every network and takes no --vpc
      apply --endpoint vpce-0123456789abcdef0 --domain pr123a.us-east-2.aws.confluent.cloud | linkdns apply | --endpoint and --domain/--vpc exclude each other
      apply --domain pr123a.us-east-2.aws.confluent.cloud --domain pr456b.us-east-2.aws.confluent.cloud --vpc vpc-0aaaaaaaaaaaaaaaa | linkdns apply | give --endpoint once, or --domain and --vpc once each
      apply --endpoint vpce-0123456789abcdef0 --endpoint vpce-0123456789abcdef1      | linkdns apply   | give --endpoint once
      apply --domain pr123a.us-east-2.aws.confluent.cloud                            | linkdns apply   | Missing required argument(s): --vpc=vpc-ID
      apply                                                                          | linkdns apply   | Missing required argument (specify one of these)
      apply --endpoint vpce-0123456789abcdef0 --dry-run yes                          | linkdns apply   | Unmatched argument at index 4: 'yes'
      apply --endpoint vpce-0123456789abcdef0 extra                                  | linkdns apply   | Unmatched argument at index 3: 'extra'
      apply --endpoint not-an-endpoint                                               | linkdns apply   | --endpoint='not-an-endpoint'
      apply --domain pr123a.us-east-2.aws.confluent.cloud --vpc vpc-A                | linkdns apply   | --vpc='vpc-A'
      apply --domain --vpc vpc-0aaaaaaaaaaaaaaaa                                     | linkdns apply   | Expected parameter for option '--domain' but found '--vpc'
      apply --endpoint vpce-0123456789abcdef0 --region                               | linkdns apply   | Missing required parameter for option '--region'
      apply --endpoint vpce-0123456789abcdef0 --region US_EAST                       | linkdns apply   | --region='US_EAST'
      apply --endpoint vpce-0123456789abcdef0 --resolver 10.0.0.2:53                 | linkdns apply   | Unknown options: '--resolver'
      apply --endp vpce-0123456789abcdef0                                            | linkdns apply   | Unknown options: '--endp'
      apply @args.txt                                                                | linkdns apply   | Unmatched argument at index 1: '@args.txt'
      plan --domain 'not a domain' --vpc vpc-0aaaaaaaaaaaaaaaa                       | linkdns plan    | --domain='not a domain'
      plan --endpoint vpce-0123456789abcdef0 --dry-run                               | linkdns plan    | Unknown option: '--dry-run'
      verify --domain pr123a.us-east-2.aws.confluent.cloud --vpc vpc-0aaaaaaaaaaaaaaaa --endpoint vpce-0123456789abcdef0 | linkdns verify | Unknown options: '--endpoint'
      verify --domain pr123a.us-east-2.aws.confluent.cloud --vpc vpc-0aaaaaaaaaaaaaaaa --resolver 10.0.0.2:99999 | linkdns verify | port '99999'
      verify --domain pr123a.us-east-2.aws.confluent.cloud --vpc vpc-0aaaaaaaaaaaaaaaa --name '*.x.example' | linkdns verify | --name='*.x.example'
      zone-file --domain pr123a.us-east-2.aws.confluent.cloud                        | linkdns zone-file | Missing required option: '--vpc=vpc-ID'
      discover --domain pr123a.us-east-2.aws.confluent.cloud                         | linkdns discover | Unknown options: '--domain'
      frobnicate                                                                     | linkdns [-h]    | Unmatched argument at index 0: 'frobnicate'
      --dry-run sweep                                                                | linkdns [-h]    | Unknown option: '--dry-run'
      ""                                                                             | linkdns [-h]    | a command is required
      """)
  void whatACommandDoesNotTakeIsRefusedWithItsUsageAndNothingIsWritten(
      String arguments, String usage, String says) {
    String[] args = arguments.isEmpty() ? new String[0] : split(arguments);

    int status = run(args);

    assertThat(status).isEqualTo(2);
    assertThat(err()).contains(says).contains("usage: " + usage);
    assertThat(out()).isEmpty();
    assertThat(connected)
        .as("nothing read or written before the arguments are understood")
        .isZero();
    assertThat(zones.writes()).isZero();
    assertThat(zones.snapshot()).isEmpty();
  }

  /** Splits on spaces, keeping 'quoted words' together (as a shell would). */
  private static String[] split(String line) {
    List<String> words = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return words.toArray(String[]::new);
  }

  @Test
  void applyWithDryRunPrintsThePlanAndWritesNothingThenApplyWrites() {
    assertThat(run("apply", "--endpoint", VPCE, "--dry-run")).isZero();
    assertThat(out())
        .startsWith("PLANNED")
        .contains("+ *." + D + " 60 CNAME " + regionalName(VPCE));
    assertThat(zones.writes()).isZero();
    assertThat(zones.snapshot()).isEmpty();

    assertThat(run("apply", "--endpoint", VPCE)).isZero();
    assertThat(out()).startsWith("CHANGED");
    assertThat(zones.zonesCreated()).isEqualTo(1);
  }

  @Test
  void sweepWithDryRunPrintsThePlanAndWritesNothingThenSweepWrites() {
    assertThat(run("sweep", "--dry-run")).isZero();
    assertThat(out()).startsWith("PLANNED").contains("+ *." + D).contains("1 zone(s) looked at");
    assertThat(zones.writes()).isZero();
    assertThat(zones.snapshot()).isEmpty();

    assertThat(run("sweep", "--region", "us-east-2")).isZero();
    assertThat(out()).startsWith("CHANGED");
    assertThat(zones.zonesCreated()).isEqualTo(1);
  }

  @Test
  void applyByDomainAndNetworkTakesBothAndTheAttachedForm() {
    assertThat(run("apply", "--domain=" + D, "--vpc=" + VPC)).isZero();
    assertThat(out()).startsWith("CHANGED");
    assertThat(zones.find(D, VPC)).isPresent();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      --help                   ; usage: linkdns [-h] [COMMAND]   ; zone-file
      -h                       ; usage: linkdns [-h] [COMMAND]   ; discover
      sweep --help             ; usage: linkdns sweep            ; --dry-run
      apply -h                 ; usage: linkdns apply            ; (--endpoint=vpce-ID |
      verify --help            ; usage: linkdns verify           ; --name=HOST
      """)
  void helpPrintsThatCommandsUsageAndExitsZero(String arguments, String usage, String mentions) {
    assertThat(run(arguments.split(" "))).isZero();
    assertThat(out()).contains(usage).contains(mentions);
    assertThat(err()).isEmpty();
    assertThat(connected).isZero();
  }

  @Test
  void aBadInputFoundWhileRunningExitsTwoWithTheReason() {
    assertThat(run("zone-file", "--domain", D, "--vpc", VPC)).isEqualTo(2);
    assertThat(err())
        .contains("--domain='" + D + "'")
        .contains("no private zone of that name is linked to " + VPC);
    assertThat(zones.writes()).isZero();
  }
}
