package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.log.LogLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SnapStart priming hook reads what a first event reads, and writes nothing. */
class SnapStartPrimingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void primingReadsTheEventPathAndAZoneAndWritesNothing() {
    AwsWorld world = new AwsWorld();
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    world.handler(world.env()).handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));
    Map<String, List<String>> wired = world.records(domain);
    // a new container: nothing cached yet
    Handler handler = world.handler(world.env());
    world.counter.reset();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<String> rehearsed = new java.util.ArrayList<>();
    SnapStartPriming priming =
        new SnapStartPriming(
            handler.wiring(),
            new EventParser(JSON, Optional.empty()),
            JSON,
            new LogLines(
                "aws", LogLines.printTo(new PrintStream(log, true, StandardCharsets.UTF_8))),
            () -> {
              rehearsed.addAll(
                  Rehearsal.run(
                      world.env(),
                      AwsWorld.REGION,
                      new PrintStream(java.io.OutputStream.nullOutputStream())));
              return rehearsed;
            });

    priming.beforeCheckpoint(null);

    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("\"message\":\"primed before the SnapStart snapshot\"")
        .contains("\"problems\":[]");
    assertThat(world.counter.calls())
        .as("the read paths a first event takes")
        .contains(
            "Ec2.DescribeAvailabilityZones",
            "Ec2.DescribeVpcEndpoints",
            "Route53.ListHostedZones",
            "Route53.GetHostedZone");
    assertThat(world.counter.calls("Ec2")).as("EC2 calls seen under that name").isNotEmpty();
    assertThat(world.counter.writes("Ec2")).isEmpty();
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(world.records(domain)).isEqualTo(wired);
    assertThat(rehearsed)
        .as("the write half, on canned answers")
        .contains("CreateHostedZone", "ChangeResourceRecordSets");
    assertThat(world.counter.calls())
        .as("real calls")
        .doesNotContain("Route53.CreateHostedZone", "Route53.ChangeResourceRecordSets");
  }

  @Test
  void aRehearsalThatStopsShortIsReportedAsAPrimingProblem() {
    AwsWorld world = new AwsWorld();
    Handler handler = world.handler(world.env());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    SnapStartPriming priming =
        new SnapStartPriming(
            handler.wiring(),
            new EventParser(JSON, Optional.empty()),
            JSON,
            new LogLines(
                "aws", LogLines.printTo(new PrintStream(log, true, StandardCharsets.UTF_8))),
            () -> List.of("DescribeVpcEndpoints"));

    priming.beforeCheckpoint(null);

    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("write path: rehearsal stopped after [DescribeVpcEndpoints]");
  }
}
