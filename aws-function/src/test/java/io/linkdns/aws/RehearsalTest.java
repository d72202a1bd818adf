package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsWorld;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * SnapStart priming's rehearsal takes the whole create path on canned answers, and nothing leaves
 * the process.
 */
class RehearsalTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CREATE_PATH =
      List.of(
          "DescribeVpcEndpoints",
          "DescribeAvailabilityZones",
          // the second ListHostedZonesByVPC counts the VPC's new zones against LINKDNS_ZONE_BUDGET
          "DescribeNetworkInterfaces",
          "ListHostedZonesByVPC",
          "ListHostedZonesByVPC",
          "CreateHostedZone",
          "ChangeResourceRecordSets");

  @Test
  void theRehearsalTakesTheWholeCreatePathOnCannedAnswers() throws IOException {
    AwsWorld world = new AwsWorld();
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    List<String> served =
        Rehearsal.run(
            world.env(), Region.US_EAST_2, new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(served).as("operations answered by the canned client").isEqualTo(CREATE_PATH);
    JsonNode line = reconciled(log);
    assertThat(line.path("status").asText()).isEqualTo("CHANGED");
    assertThat(line.path("domain").asText())
        .isEqualTo("linkdns-rehearsal.us-east-1.aws.private.confluent.cloud");
    assertThat(line.path("zone_created").asBoolean()).isTrue();
    assertThat(line.path("creates").asInt()).as("wildcard + 3 zonal CNAMEs").isEqualTo(4);
    assertThat(world.zoneId("linkdns-rehearsal.us-east-1.aws.private.confluent.cloud"))
        .as("no zone in the real account")
        .isEmpty();
  }

  @Test
  void theRehearsalNeverReachesConfluentsApiOrTheQueue() throws IOException {
    AwsWorld world = new AwsWorld();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + listener.getLocalPort();
      ByteArrayOutputStream log = new ByteArrayOutputStream();

      List<String> served =
          Rehearsal.run(
              world.env(
                  "LINKDNS_CONFLUENT_API_URL",
                  url,
                  "LINKDNS_CONFLUENT_API_KEY",
                  "key",
                  "LINKDNS_CONFLUENT_API_SECRET",
                  "secret",
                  "LINKDNS_QUEUE_URL",
                  url + "/queue",
                  // The seal key's secret is not read either: the rehearsal seals with a throwaway
                  // key.
                  "LINKDNS_SEAL_KEY_SECRET",
                  "linkdns-seal-key-never-read"),
              Region.US_EAST_2,
              new PrintStream(log, true, StandardCharsets.UTF_8));

      assertThat(served).isEqualTo(CREATE_PATH);
      assertThat(reconciled(log).path("status").asText()).isEqualTo("CHANGED");
      listener.setSoTimeout(200);
      boolean connected;
      try (var ignored = listener.accept()) {
        connected = true;
      } catch (SocketTimeoutException e) {
        connected = false;
      }
      assertThat(connected).as("a connection to the Confluent API or queue address").isFalse();
    }
  }

  @Test
  void theRehearsalFollowsTheOperatorsAllowListAndLayout() throws IOException {
    AwsWorld world = new AwsWorld();
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    List<String> served =
        Rehearsal.run(
            world.env(
                "LINKDNS_ALLOWED_DOMAINS",
                "example.net",
                "LINKDNS_LAYOUT",
                "confluent-aws-enterprise"),
            Region.EU_WEST_1,
            new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(served).contains("ChangeResourceRecordSets");
    JsonNode line = reconciled(log);
    assertThat(line.path("domain").asText()).isEqualTo("linkdns-rehearsal.example.net");
    assertThat(line.path("status").asText()).isEqualTo("CHANGED");
  }

  @ParameterizedTest
  @CsvSource({
    "POST, /, 'Action=DescribeVpcEndpoints&Version=2016-11-15', DescribeVpcEndpoints",
    "POST, /, Action=DescribeAvailabilityZones, DescribeAvailabilityZones",
    "GET, /2013-04-01/hostedzonesbyvpc, '', ListHostedZonesByVPC",
    "POST, /2013-04-01/hostedzone, '', CreateHostedZone",
    "POST, /2013-04-01/hostedzone/Z1/rrset/, '', ChangeResourceRecordSets",
    "GET, /2013-04-01/hostedzone/Z1/rrset, '', GET /2013-04-01/hostedzone/Z1/rrset",
    "DELETE, /2013-04-01/hostedzone/Z1, '', DELETE /2013-04-01/hostedzone/Z1"
  })
  void theCannedClientNamesEachRequestsOperation(
      SdkHttpMethod method, String path, String body, String expected) {
    assertThat(Rehearsal.Canned.operation(method, path, body)).isEqualTo(expected);
  }

  private static JsonNode reconciled(ByteArrayOutputStream log) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String l : log.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        lines.add(JSON.readTree(l));
      }
    }
    return lines.stream()
        .filter(l -> l.path("message").asText().startsWith("reconciled"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome line in " + lines));
  }
}
