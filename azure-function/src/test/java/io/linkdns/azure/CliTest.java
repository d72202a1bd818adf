package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Azure command line over the real SDK clients and the ARM fake: plan writes nothing, apply converges. */
class CliTest {
  private Harness h;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

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
    return new Cli(new PrintStream(buffer, true, StandardCharsets.UTF_8), h.env, h::connect).run(args);
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void planPrintsTheRecordsAndWritesNothingThenApplyWritesThem() {
    assertThat(run("plan", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET)).isZero();
    assertThat(output()).startsWith("PLANNED")
        .contains("+ *." + ArmShapes.DOMAIN + " 60 A 10.20.1.4 10.20.2.4")
        .contains("+ *.az2." + ArmShapes.DOMAIN + " 60 A 10.20.2.4");
    assertThat(h.fake.requests().stream().filter(ArmFake.Request::isWrite)).isEmpty();

    assertThat(run("apply", "--endpoint", ArmShapes.endpointId("pe-kafka-az1"))).isZero();
    assertThat(output()).startsWith("CHANGED");
    assertThat(h.zoneView()).contains(
        "* A 60 10.20.1.4,10.20.2.4", "*.az1 A 60 10.20.1.4", "*.az2 A 60 10.20.2.4");

    assertThat(run("plan", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET)).isZero();
    assertThat(output()).startsWith("PLANNED").doesNotContain("+ ").doesNotContain("~ ");
  }

  @Test
  void zoneFileAndBadUsage() {
    run("apply", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET);
    assertThat(run("zone-file", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET)).isZero();
    assertThat(output()).contains("$ORIGIN " + ArmShapes.DOMAIN + ".").containsPattern("\\*\\.az1\\S*\\s+60\\s+IN\\s+A\\s+10\\.20\\.1\\.4");

    assertThat(run()).isEqualTo(2);
    assertThatThrownBy(() -> run("apply", "--vnet", ArmShapes.VNET)).hasMessageContaining("--domain");
  }
}
