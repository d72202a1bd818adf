package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's command line against the emulator: plan writes nothing, apply converges, zone-file
 * exports.
 */
class CliTest {
  private final AwsWorld world = new AwsWorld();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

  private int run(String... args) {
    buffer.reset();
    errors.reset();
    Cli cli =
        new Cli(
            new PrintStream(buffer, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8),
            world.env());
    String[] full = new String[args.length + 4];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--endpoint-url";
    full[args.length + 1] = AwsEmulator.get().endpoint().toString();
    full[args.length + 2] = "--region";
    full[args.length + 3] = "us-east-2";
    return cli.run(full);
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void planPrintsTheChangesAndWritesNothingThenApplyMakesThem() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of("linkdns:domain", domain));

    assertThat(run("plan", "--domain", domain, "--vpc", world.vpcId)).isZero();
    assertThat(output())
        .startsWith("PLANNED")
        .contains("would be created")
        .contains("+ *." + domain + " 60 CNAME " + world.regionalName(vpce))
        .contains("+ *.use2-az2." + domain + " 60 CNAME " + world.zonalName(vpce, "us-east-2b"));
    assertThat(world.zoneId(domain)).isEmpty();

    assertThat(run("apply", "--endpoint", vpce)).isZero();
    assertThat(output()).startsWith("CHANGED");
    assertThat(world.answers(domain)).hasSize(3);

    assertThat(run("plan", "--endpoint", vpce)).isZero();
    assertThat(output()).startsWith("PLANNED").doesNotContain("+ ").doesNotContain("- ");
  }

  @Test
  void zoneFileExportsTheManagedRecordsAsAMasterFile() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    run("apply", "--endpoint", vpce);

    assertThat(run("zone-file", "--domain", domain, "--vpc", world.vpcId)).isZero();
    assertThat(output())
        .contains("$ORIGIN " + domain + ".")
        .containsPattern(
            "\\*\\."
                + domain.replace(".", "\\.")
                + "\\.\\s+60\\s+IN\\s+CNAME\\s+"
                + world.zonalName(vpce, "us-east-2a").replace(".", "\\.")
                + "\\.");
  }

  @Test
  void badUsageNamesWhatIsMissing() {
    assertThat(
            new Cli(
                    new PrintStream(buffer, true, StandardCharsets.UTF_8),
                    new PrintStream(errors, true, StandardCharsets.UTF_8),
                    world.env())
                .run())
        .isEqualTo(2);
    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("usage: linkdns");
    assertThat(run("plan", "--vpc", world.vpcId)).isEqualTo(2);
    assertThat(errors.toString(StandardCharsets.UTF_8))
        .contains("Missing required argument(s): --domain=D")
        .contains("usage: linkdns plan");
    assertThat(run("plan", "--domain", "not a domain", "--vpc", world.vpcId)).isEqualTo(2);
    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("--domain='not a domain'");
  }

  /**
   * The first trust pass's command-line attacks, against EC2 and Route 53: each is refused and
   * writes nothing.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "sweep --dryrun yes",
        "sweep --dry_run true",
        "sweep --dry-run=true 1",
        "sweep --vpc VPC",
        "plan --domain DOMAIN --vpc vpc-0bbbbbbbbbbbbbbbb --endpoint VPCE",
        "apply --domain DOMAIN --vpc vpc-A",
        "apply --endpoint VPCE --region us_east_2",
        "apply --endpoint VPCE --endpoint-url not-a-url",
        "apply --endpoint VPCE --vnet VPC"
      })
  void aCommandLineItDoesNotTakeIsRefusedAndWritesNothing(String line) {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    String[] args =
        line.replace("DOMAIN", domain).replace("VPCE", vpce).replace("VPC", world.vpcId).split(" ");

    assertThat(run(args)).isEqualTo(2);

    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("usage: linkdns " + args[0]);
    assertThat(output()).isEmpty();
    assertThat(world.zoneId(domain)).isEmpty();
  }

  @Test
  void applyWithDryRunPrintsThePlanAndWritesNothing() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));

    assertThat(run("apply", "--endpoint", vpce, "--dry-run")).isZero();

    assertThat(output())
        .startsWith("PLANNED")
        .contains("+ *." + domain + " 60 CNAME " + world.zonalName(vpce, "us-east-2a"));
    assertThat(world.zoneId(domain)).isEmpty();
  }
}
