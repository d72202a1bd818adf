package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Azure command line over the real SDK clients and the ARM fake: plan writes nothing, apply
 * converges.
 */
class CliTest {
  private Harness h;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    h = new Harness();
    h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
    h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private int run(String... args) {
    buffer.reset();
    errors.reset();
    return new Cli(
            new PrintStream(buffer, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8),
            h.env,
            h::connect)
        .run(args);
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void planPrintsTheRecordsAndWritesNothingThenApplyWritesThem() {
    assertThat(run("plan", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET)).isZero();
    assertThat(output())
        .startsWith("PLANNED")
        .contains("+ *." + ArmShapes.DOMAIN + " 60 A 10.20.1.4 10.20.2.4")
        .contains("+ *.az2." + ArmShapes.DOMAIN + " 60 A 10.20.2.4");
    assertThat(h.fake.requests().stream().filter(ArmFake.Request::isWrite)).isEmpty();

    assertThat(run("apply", "--endpoint", ArmShapes.endpointId("pe-kafka-az1"))).isZero();
    assertThat(output()).startsWith("CHANGED");
    assertThat(h.zoneView())
        .contains("* A 60 10.20.1.4,10.20.2.4", "*.az1 A 60 10.20.1.4", "*.az2 A 60 10.20.2.4");

    assertThat(run("plan", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET)).isZero();
    assertThat(output()).startsWith("PLANNED").doesNotContain("+ ").doesNotContain("~ ");
  }

  @Test
  void zoneFileAndBadUsage() {
    run("apply", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET);
    assertThat(run("zone-file", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET)).isZero();
    assertThat(output())
        .contains("$ORIGIN " + ArmShapes.DOMAIN + ".")
        .containsPattern("\\*\\.az1\\S*\\s+60\\s+IN\\s+A\\s+10\\.20\\.1\\.4");

    assertThat(run()).isEqualTo(2);
    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("usage: linkdns-azure");
    assertThat(run("apply", "--vnet", ArmShapes.VNET)).isEqualTo(2);
    assertThat(errors.toString(StandardCharsets.UTF_8))
        .contains("--domain")
        .contains("usage: linkdns-azure apply");
  }

  /**
   * The command-line attacks on Azure's spelling: each is refused with the command's usage, and
   * nothing is written.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "sweep --dryrun yes",
        "sweep --dry_run true",
        "sweep --dry-run=true 1",
        "sweep --vnet VNET",
        "plan --domain DOMAIN --vnet VNET --endpoint PE",
        "apply --endpoint PE --vpc vpc-0aaaaaaaaaaaaaaaa",
        "apply --domain DOMAIN --vnet /subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/z",
        "apply --endpoint VNET",
        "apply --endpoint PE --subscription not-a-guid",
        "apply --endpoint PE --zone-resource-group bad/rg"
      })
  void aCommandLineItDoesNotTakeIsRefusedAndWritesNothing(String line) {
    String[] args =
        line.replace("DOMAIN", ArmShapes.DOMAIN)
            .replace("VNET", ArmShapes.VNET)
            .replace("PE", ArmShapes.endpointId("pe-kafka-az1"))
            .split(" ");

    assertThat(run(args)).isEqualTo(2);

    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("usage: linkdns-azure " + args[0]);
    assertThat(buffer.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(h.fake.requests()).as("not even a read").isEmpty();
  }

  @Test
  void sweepWithDryRunPrintsThePlanAndWritesNothing() {
    assertThat(run("sweep", "--dry-run")).isZero();

    assertThat(output())
        .startsWith("PLANNED")
        .contains("+ *." + ArmShapes.DOMAIN + " 60 A 10.20.1.4 10.20.2.4");
    assertThat(h.fake.writes()).isZero();
  }
}
