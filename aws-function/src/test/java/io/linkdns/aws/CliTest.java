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

/** The operator's command line against the emulator: plan writes nothing, apply converges, zone-file exports. */
class CliTest {
  private final AwsWorld world = new AwsWorld();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private int run(String... args) {
    buffer.reset();
    Cli cli = new Cli(new PrintStream(buffer, true, StandardCharsets.UTF_8), world.env());
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
    String vpce = world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of("linkdns:domain", domain));

    assertThat(run("plan", "--domain", domain, "--vpc", world.vpcId)).isZero();
    assertThat(output()).startsWith("PLANNED").contains("would be created")
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
    assertThat(output()).contains("$ORIGIN " + domain + ".")
        .containsPattern("\\*\\." + domain.replace(".", "\\.") + "\\.\\s+60\\s+IN\\s+CNAME\\s+" + world.zonalName(vpce, "us-east-2a").replace(".", "\\.") + "\\.");
  }

  @Test
  void badUsageNamesWhatIsMissing() {
    assertThat(new Cli(new PrintStream(buffer, true, StandardCharsets.UTF_8), world.env()).run(new String[0])).isEqualTo(2);
    assertThat(output()).contains("usage: linkdns");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("plan", "--vpc", world.vpcId))
        .hasMessageContaining("--domain").hasMessageContaining("required");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("plan", "--domain", "not a domain", "--vpc", world.vpcId))
        .hasMessageContaining("--domain='not a domain'");
  }
}
