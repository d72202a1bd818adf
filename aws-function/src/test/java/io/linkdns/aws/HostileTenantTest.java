package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.DnsName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.TagResourceType;
import software.amazon.awssdk.services.route53.model.VPC;

/**
 * The attacks of issue 8 ("Trust boundaries") and a few more, tried as a hostile tenant would: with
 * the packaged handler built from the environment like production, default settings, events through
 * the SQS queue. Each must change nothing it should not (Route 53 compared before and after through
 * an admin client), leave legitimate records alone, and leave a log line naming what was refused.
 */
class HostileTenantTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE_ARN =
      "arn:aws:iam::123456789012:role/linkdns-FunctionRole-1A2B3C";

  /** A PrivateLink service the tenant runs themselves. */
  private static final String TENANT_SERVICE =
      "com.amazonaws.vpce.us-east-2.vpce-svc-0eeeeeeeeeeeeeee1";

  private final AwsWorld world = new AwsWorld();
  private final Network home = new Network(world.vpcId, world.subnetByAz);

  // ---- 1. a tag naming a domain outside the allowed ones

  @ParameterizedTest(name = "{0} (allowed: {1})")
  @CsvSource(
      delimiter = '|',
      nullValues = "default",
      value = {
        "s3.us-east-1.amazonaws.com       | default | cloud provider's own suffix amazonaws.com",
        "sts.us-east-2.amazonaws.com      | default | cloud provider's own suffix amazonaws.com",
        "login.microsoftonline.com        | default | cloud provider's own suffix microsoftonline.com",
        "intranet.example.com             | default | not below an allowed domain",
        "notconfluent.cloud               | default | not below an allowed domain",
        "confluent.cloud.attacker.example | default | not below an allowed domain",
        // A zone above a Confluent network would answer for every Confluent name below it in the
        // VPC:
        // NXDOMAIN for every public pkc-... cluster of the region, the public API included.
        "confluent.cloud                  | default | would shadow every Confluent network",
        "aws.confluent.cloud              | default | would shadow every Confluent network",
        "us-east-1.aws.confluent.cloud    | default | would shadow every Confluent network",
        "us-east-1.aws.confluent.cloud    | confluent.cloud | would shadow every Confluent network",
        "pkc-1a2b3.us-east-1.aws.confluent.cloud | default | not below an allowed domain",
        // An operator who allows a whole top-level domain still cannot open the clouds' own names.
        "s3.us-east-1.amazonaws.com       | com     | cloud provider's own suffix amazonaws.com",
      })
  void attack1_aTagNamingADomainOutsideTheAllowedOnesCreatesNoZone(
      String domain, String allowed, String why) {
    String vpce =
        world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of("linkdns:domain", domain));
    Handler handler =
        world.handler(
            allowed == null ? production() : production("LINKDNS_ALLOWED_DOMAINS", allowed));
    List<String> before = zonesNamed(domain);

    JsonNode response =
        invoke(
            handler,
            AwsWorld.sqsBatch(
                world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b"))));

    assertThat(response.path("batchItemFailures")).as("a refusal is final, not retried").isEmpty();
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(zonesNamed(domain)).isEqualTo(before).isEmpty();
    assertThat(refusals())
        .singleElement()
        .asString()
        .contains(vpce)
        .contains("tag[linkdns:domain]")
        .contains(domain)
        .contains(why);
    assertThat(metric("Refused")).isEqualTo(1);

    // The schedule reads every endpoint in the account: the sweep refuses the tag too.
    world.clearLogs();
    invoke(handler, AwsWorld.fixture("eventbridge/scheduled-event.json"));
    assertThat(zonesNamed(domain)).isEmpty();
    assertThat(refusals()).anySatisfy(r -> assertThat(r).contains(vpce).contains(domain));
  }

  // ---- 2. a forged marker in a zone linkdns never created

  @Test
  void attack2_aForgedMarkerInAZoneLinkdnsNeverCreatedDeletesNothing() {
    String domain = AwsWorld.uniqueDomain();
    String zone = foreignZone(domain, home.id(), "team intranet");
    String wildcardMarker =
        "\"heritage=linkdns,owner=linkdns,layout=confluent-aws-dedicated\" \"endpoints=vpce-0dead00000000beef\"";
    String aMarker =
        "\"heritage=linkdns,owner=linkdns,layout=confluent-aws-dedicated-a\" \"endpoints=vpce-0dead00000000beef\"";
    write(zone, "www." + domain, "A", "10.1.2.3");
    write(zone, "*." + domain, "CNAME", "proxy.intranet.example.com");
    // The attacker may write TXT records only, and forges linkdns's markers beside the victim's
    // records.
    write(zone, "_linkdns-a.www." + domain, "TXT", aMarker);
    write(zone, "_linkdns-cname-wildcard." + domain, "TXT", wildcardMarker);
    ZoneState before = state(zone);
    Handler handler = world.handler(production());

    // The attacker's own change reaches linkdns as a remediation event; then the schedule sweeps.
    JsonNode response =
        invoke(
            handler,
            AwsWorld.sqsBatch(
                world.recordChangeEvent(
                    zone, "_linkdns-a.www." + domain + ".", "heritage=linkdns")));
    JsonNode sweep = invoke(handler, AwsWorld.fixture("eventbridge/scheduled-event.json"));

    assertThat(state(zone)).isEqualTo(before);
    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(sweep.path("outcomes"))
        .noneSatisfy(o -> assertThat(o.path("zone_id").asText()).isEqualTo(zone));
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconcile skipped");
              assertThat(l.path("notes").toString()).contains(zone).contains("is not linkdns's");
            });
  }

  // ---- 3. a second VPC associated with a linkdns zone, with an endpoint of the same domain

  @Test
  void attack3_aSecondVpcCannotTakeTheNamesOfALinkdnsZoneWhileTheIncumbentLives() {
    String domain = AwsWorld.uniqueDomain();
    String incumbent = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    ChangeLog changes = new ChangeLog();
    Handler handler = world.handler(production(), 8, changes);
    invoke(handler, AwsWorld.sqsBatch(world.createEvent(incumbent, domain, AwsWorld.AZ_NAMES)));
    String zone = world.zoneId(domain).orElseThrow();
    Map<String, List<String>> wired = world.records(domain);
    assertThat(world.answers(domain)).hasSize(4);

    // The attacker associates their VPC with the zone, then creates an endpoint there with the same
    // tag.
    Network other = network("10.31");
    world
        .admin
        .route53()
        .associateVPCWithHostedZone(r -> r.hostedZoneId(zone).vpc(vpc(other.id())));
    String claimant =
        endpoint(other, AwsWorld.SERVICE, List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    ZoneState before = state(zone);
    changes.clear();
    world.clearLogs();

    JsonNode response =
        invoke(
            handler,
            AwsWorld.sqsBatch(
                createEvent(other, claimant, AwsWorld.SERVICE, domain, List.of("us-east-2a"))));

    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(changes.zones()).doesNotContain(zone);
    assertThat(state(zone)).isEqualTo(before);
    assertThat(world.records(domain)).isEqualTo(wired);
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconciled with conflicts");
              assertThat(l.path("conflicts").toString())
                  .contains(claimant)
                  .contains("claimed by")
                  .contains(world.vpcId);
            });
    assertThat(metric("Conflicts")).isGreaterThanOrEqualTo(1);

    // Sweep after sweep: nothing flips between the two networks.
    for (int i = 0; i < 3; i++) {
      world.clearLogs();
      invoke(handler, AwsWorld.fixture("eventbridge/scheduled-event.json"));
      assertThat(changes.zones())
          .as("sweep %s writes into the shared zone", i + 1)
          .doesNotContain(zone);
      assertThat(world.records(domain)).isEqualTo(wired);
      assertThat(world.logs())
          .anySatisfy(l -> assertThat(l.path("conflicts").toString()).contains(claimant));
    }

    // The incumbent goes: the claimant's network takes the zone over, and keeps it.
    world.deleteEndpoints(incumbent);
    invoke(handler, AwsWorld.sqsBatch(world.deleteEvent(incumbent)));
    Map<String, List<String>> takenOver =
        Map.of("*." + domain + " CNAME", List.of(world.zonalName(claimant, "us-east-2a")));
    assertThat(world.answers(domain)).isEqualTo(takenOver);
    assertThat(world.records(domain).get("_linkdns-cname-wildcard." + domain + " TXT").toString())
        .contains(claimant);
    changes.clear();
    invoke(handler, AwsWorld.fixture("eventbridge/scheduled-event.json"));
    assertThat(changes.zones()).doesNotContain(zone);
    assertThat(world.answers(domain)).isEqualTo(takenOver);
  }

  // ---- 4. a domain whose names do not fit DNS

  @ParameterizedTest(name = "{0} characters, {1} AZ(s)")
  @CsvSource({
    "240, 3, refused, at most 253",
    "230, 1, refused, at most 253",
    "253, 1, refused, at most 253",
    "256, 1, refused, tag[linkdns:domain]",
  })
  void attack4_aDomainTooLongForItsNamesIsRefusedBeforeAnyZoneExists(
      int length, int azCount, String message, String words) {
    String domain = longDomain(length);
    assertThat(domain).hasSize(length);
    List<String> azs = AwsWorld.AZ_NAMES.subList(0, azCount);
    String vpce = world.createEndpoint(azs, Map.of("linkdns:domain", domain));
    // Widened: Confluent's own shapes alone would refuse these deep names before their length is
    // asked.
    Handler handler = world.handler(production("LINKDNS_ALLOWED_DOMAINS", "confluent.cloud"));

    JsonNode response = invoke(handler, AwsWorld.sqsBatch(world.createEvent(vpce, domain, azs)));

    assertThat(response.path("batchItemFailures")).as("retrying cannot shorten a name").isEmpty();
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(zonesNamed(domain)).isEmpty();
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo(message);
              assertThat(l.toString()).contains(words).contains(domain.substring(0, 60));
            });
    if (message.equals("refused")) {
      assertThat(metric("Refused")).isEqualTo(1);
    }
  }

  // ---- 5. control messages through the queue

  @Test
  void attack5_aVerifyMessageOnTheQueueSendsNoDnsQuery() throws IOException {
    String domain = AwsWorld.uniqueDomain();
    world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(production());
    try (DatagramSocket resolver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      String verify =
          "{\"linkdns\":\"verify\",\"targets\":[{\"domain\":\""
              + domain
              + "\",\"vpc\":\""
              + world.vpcId
              + "\",\"resolver\":\"127.0.0.1:"
              + resolver.getLocalPort()
              + "\"}]}";

      JsonNode response = invoke(handler, AwsWorld.sqsBatch(verify));

      assertThat(response.path("batchItemFailures")).isEmpty();
      assertThat(received(resolver, 500))
          .as("a DNS query reached the attacker's resolver")
          .isEmpty();
      assertThat(world.logs())
          .anySatisfy(
              l -> {
                assertThat(l.path("message").asText()).isEqualTo("event rejected");
                assertThat(l.path("field").asText()).isEqualTo("linkdns");
                assertThat(l.path("error").asText())
                    .contains("\"verify\"")
                    .contains("never through the queue");
              });
      assertThat(metric("EventsRejected")).isEqualTo(1);
      assertThat(metric("VerifyRuns")).isZero();

      // The same message from the operator (direct invocation) does reach the resolver: the
      // listener works.
      invoke(handler, verify);
      assertThat(received(resolver, 5000))
          .as("the operator's verify asks the resolver")
          .isPresent();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"linkdns\":\"sweep\"}",
        "{\"linkdns\":\"verify\"}",
        "{\"linkdns\":\"reset\"}",
        "eventbridge/scheduled-event.json",
      })
  void attack5_controlMessagesThroughTheQueueAreRejectedBeforeAnyCall(String body) {
    String payload = body.startsWith("{") ? body : AwsWorld.fixture(body);
    Handler handler = world.handler(production());

    JsonNode response = invoke(handler, AwsWorld.sqsBatch(payload));

    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(world.counter.calls()).as("AWS calls for a rejected control message").isEmpty();
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("event rejected");
              assertThat(l.path("error").asText()).contains("never through the queue");
            });
    assertThat(metric("EventsRejected")).isEqualTo(1);
  }

  // ---- own: a pinned domain tagged on an endpoint of another service

  @ParameterizedTest(name = "rule domain {0}, tenant tags {1}")
  @CsvSource({
    "{domain},                         {domain}",
    "{domain},                         us-east-2.aws.confluent.cloud",
    "*.us-east-2.aws.confluent.cloud,  {domain}",
    "*.us-east-2.aws.confluent.cloud,  {unclaimed}",
    // A zone for the pinned subtree's root (or above it) would answer for every name the pin
    // reserves.
    "*.us-east-2.aws.confluent.cloud,  us-east-2.aws.confluent.cloud",
    "*.us-east-2.aws.confluent.cloud,  aws.confluent.cloud",
  })
  void aPinnedDomainTaggedOnAnEndpointOfAnotherServiceIsRefused(
      String ruleDomain, String tenantTag) {
    String domain = AwsWorld.uniqueDomain();
    String tagged =
        tenantTag.replace("{domain}", domain).replace("{unclaimed}", AwsWorld.uniqueDomain());
    String rules =
        "[{\"service\":\""
            + AwsWorld.SERVICE
            + "\",\"domain\":\""
            + ruleDomain.replace("{domain}", domain)
            + "\"}]";
    Handler handler = world.handler(production("LINKDNS_RULES", rules));
    String legit = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    invoke(handler, AwsWorld.sqsBatch(world.createEvent(legit, domain, AwsWorld.AZ_NAMES)));
    String zone = world.zoneId(domain).orElseThrow();
    ZoneState before = state(zone);
    assertThat(world.answers(domain)).hasSize(4);
    List<String> zonesBefore = zonesNamed(tagged);
    // An endpoint to the tenant's own service, in the same VPC, tagged with a domain the rule
    // reserves.
    String tenant =
        endpoint(home, TENANT_SERVICE, List.of("us-east-2a"), Map.of("linkdns:domain", tagged));
    world.clearLogs();

    JsonNode response =
        invoke(
            handler,
            AwsWorld.sqsBatch(
                createEvent(home, tenant, TENANT_SERVICE, tagged, List.of("us-east-2a"))));

    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(state(zone)).isEqualTo(before);
    assertThat(zonesNamed(tagged)).isEqualTo(zonesBefore);
    if (io.linkdns.core.ownership.AllowedDomains.shadowsConfluentNetworks(tagged)) {
      // Above a Confluent network: refused by the allowed domains before the pin is asked.
      assertThat(refusals())
          .singleElement()
          .asString()
          .contains(tenant)
          .contains(tagged)
          .contains("would shadow every Confluent network");
    } else {
      assertThat(refusals())
          .singleElement()
          .asString()
          .contains(tenant)
          .contains(TENANT_SERVICE)
          .contains(tagged)
          .contains("pin it to service " + AwsWorld.SERVICE);
    }
    assertThat(metric("Refused")).isEqualTo(1);

    // The legitimate endpoint's next event finds its zone as it left it.
    invoke(handler, AwsWorld.sqsBatch(world.modifyEvent(legit, List.of(), List.of())));
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(state(zone)).isEqualTo(before);
  }

  // ---- own: a forged marker beside a foreign value at a name a layout writes, inside a linkdns
  // zone

  @Test
  void aForgedMarkerBesideAForeignValueAtALayoutNameIsNeitherDeletedNorOverwritten() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(production());
    invoke(
        handler,
        AwsWorld.sqsBatch(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b"))));
    String zone = world.zoneId(domain).orElseThrow();
    String az3 = world.azIdByName.get("us-east-2c");
    String name = "*." + az3 + "." + domain;
    String forged =
        "\"heritage=linkdns,owner=linkdns,layout=confluent-aws-dedicated\" \"endpoints="
            + vpce
            + "\"";
    write(zone, name, "CNAME", "broker.attacker.example.net");
    write(zone, "_linkdns-cname-wildcard." + az3 + "." + domain, "TXT", forged);
    Map<String, List<String>> attacked = world.records(domain);
    world.clearLogs();

    // Its change event: the endpoint has no subnet in that AZ, so a believed marker would delete
    // the record.
    invoke(
        handler,
        AwsWorld.sqsBatch(
            world.recordChangeEvent(zone, name + ".", "broker.attacker.example.net")));

    assertThat(world.records(domain)).isEqualTo(attacked);
    assertThat(world.logs())
        .anySatisfy(
            l ->
                assertThat(l.path("notes").toString())
                    .contains("marker for " + name + " CNAME ignored")
                    .contains("broker.attacker.example.net"));

    // The endpoint now gets a subnet there: linkdns wants that name, but does not overwrite it.
    world.modifyEndpoint(vpce, List.of("us-east-2c"), List.of());
    world.clearLogs();
    invoke(handler, AwsWorld.sqsBatch(world.modifyEvent(vpce, List.of("us-east-2c"), List.of())));

    assertThat(world.records(domain)).isEqualTo(attacked);
    assertThat(world.answers(domain))
        .containsEntry(name + " CNAME", List.of("broker.attacker.example.net"))
        .containsEntry("*." + domain + " CNAME", List.of(world.regionalName(vpce)));
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconciled with conflicts");
              assertThat(l.path("conflicts").toString()).contains(name);
            });
    assertThat(metric("Conflicts")).isGreaterThanOrEqualTo(1);
  }

  // ---- own: a remediation event from a caller that only looks like the function

  static Stream<Arguments> lookalikeCallers() {
    return Stream.of(
        Arguments.of(
            "a session named like the function",
            "arn:aws:sts::123456789012:assumed-role/tenant-dev/linkdns",
            "arn:aws:iam::123456789012:role/tenant-dev"),
        Arguments.of(
            "a session named like the function's role",
            "arn:aws:sts::123456789012:assumed-role/tenant-dev/linkdns-FunctionRole-1A2B3C",
            "arn:aws:iam::123456789012:role/tenant-dev"),
        Arguments.of(
            "a role whose name starts with the function's",
            "arn:aws:sts::123456789012:assumed-role/linkdns-FunctionRole-1A2B3C-copy/linkdns",
            "arn:aws:iam::123456789012:role/linkdns-FunctionRole-1A2B3C-copy"),
        Arguments.of(
            "a role of that name under another path",
            "arn:aws:sts::123456789012:assumed-role/linkdns-FunctionRole-1A2B3C/linkdns",
            "arn:aws:iam::123456789012:role/tenant/linkdns-FunctionRole-1A2B3C"),
        Arguments.of(
            "the same role name in another account",
            "arn:aws:sts::999999999999:assumed-role/linkdns-FunctionRole-1A2B3C/linkdns",
            "arn:aws:iam::999999999999:role/linkdns-FunctionRole-1A2B3C"),
        Arguments.of(
            "the function's assumed-role ARN without a session issuer",
            "arn:aws:sts::123456789012:assumed-role/linkdns-FunctionRole-1A2B3C/linkdns",
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lookalikeCallers")
  void aRemediationEventFromALookalikeCallerIsNotIgnored(
      String who, String callerArn, String issuerArn) {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(production());
    invoke(handler, AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES)));
    Map<String, List<String>> wired = world.records(domain);
    String zone = world.zoneId(domain).orElseThrow();
    String victim = "*." + world.azIdByName.get("us-east-2a") + "." + domain;
    String zonal = world.zonalName(vpce, "us-east-2a");
    world
        .admin
        .route53()
        .changeResourceRecordSets(
            r ->
                r.hostedZoneId(zone)
                    .changeBatch(
                        b ->
                            b.changes(
                                c ->
                                    c.action("DELETE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(victim)
                                                    .type("CNAME")
                                                    .ttl(60L)
                                                    .resourceRecords(v -> v.value(zonal))))));
    String account = callerArn.split(":")[4];
    String event =
        AwsWorld.fixture("cloudtrail/change-resource-record-sets-by-caller.json")
            .replace("{{zoneId}}", zone)
            .replace("{{name}}", victim + ".")
            .replace("{{value}}", zonal)
            .replace("{{callerArn}}", callerArn)
            .replace("{{issuerArn}}", issuerArn)
            .replace("{{accountId}}", account)
            .replace("{{sessionName}}", callerArn.substring(callerArn.lastIndexOf('/') + 1))
            .replace("{{issuerName}}", issuerArn.substring(issuerArn.lastIndexOf('/') + 1));
    world.clearLogs();

    JsonNode response = invoke(handler, AwsWorld.sqsBatch(event));

    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(world.logs())
        .noneSatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("event skipped"));
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconciled");
              assertThat(l.path("zone_id").asText()).isEqualTo(zone);
              assertThat(l.path("creates").asInt()).isEqualTo(1);
            });
    assertThat(world.records(domain)).isEqualTo(wired);
  }

  // ---- own: a foreign zone of the same name already on the endpoint's VPC

  @ParameterizedTest(name = "zone comment: {0}")
  @ValueSource(strings = {"", "the team's own zone", "managed by linkdns owner=someone-else"})
  void aForeignZoneOfTheSameNameOnTheVpcIsNeverWrittenInto(String comment) {
    String domain = AwsWorld.uniqueDomain();
    String foreign = foreignZone(domain, home.id(), comment);
    write(foreign, "*." + domain, "A", "10.66.0.1");
    ZoneState before = state(foreign);
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(production());

    JsonNode response =
        invoke(handler, AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES)));

    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(state(foreign)).isEqualTo(before);
    assertThat(zonesNamed(domain)).containsExactly(foreign);
    assertThat(refusals())
        .singleElement()
        .asString()
        .contains(foreign)
        .contains(domain)
        .contains("not created by linkdns");
    assertThat(metric("Refused")).isEqualTo(1);
  }

  @ParameterizedTest(name = "zone comment: {0}")
  @ValueSource(
      strings = {
        "managed by linkdns owner=linkdns",
        "private DNS for endpoints, managed by linkdns owner=linkdns"
      })
  void aZoneMarkedInTheOlderCommentFormatIsStillOurs(String comment) {
    String domain = AwsWorld.uniqueDomain();
    String older = foreignZone(domain, home.id(), comment);
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(production());

    JsonNode response =
        invoke(handler, AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES)));

    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(zonesNamed(domain)).containsExactly(older);
    assertThat(refusals()).isEmpty();
    assertThat(world.records(domain)).containsKey("*." + domain + " CNAME");
    assertThat(world.counter.writes("Route53")).containsExactly("Route53.ChangeResourceRecordSets");
  }

  @Test
  void aZoneLinkdnsCreatesCarriesOneMarkInItsCommentAndNoTag() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(production());
    java.time.Instant before =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    invoke(handler, AwsWorld.sqsBatch(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES)));

    ZoneState created = state(zonesNamed(domain).get(0));
    assertThat(created.tags()).isEmpty();
    assertThat(io.linkdns.core.ownership.ZoneMark.parse(created.comment()))
        .hasValueSatisfying(
            mark -> {
              assertThat(mark.owner()).isEqualTo("linkdns");
              assertThat(mark.created())
                  .hasValueSatisfying(
                      t -> assertThat(t).isBetween(before, java.time.Instant.now()));
              assertThat(mark.emptySince()).isEmpty();
            });
    assertThat(world.counter.calls("Route53")).noneMatch(c -> c.contains("Tags"));
  }

  @Test
  void aForeignZoneCreatedWhileLinkdnsCreatesItsOwnIsNeitherAssociatedNorWritten() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Network other = network("10.32");
    String[] rival = new String[1];
    AtomicBoolean raced = new AtomicBoolean();
    ExecutionInterceptor race =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if ("CreateHostedZone"
                    .equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && raced.compareAndSet(false, true)) {
              // Someone else's zone of that name lands on the VPC between linkdns's lookup and its
              // create.
              rival[0] = foreignZone(domain, home.id(), "");
              world
                  .admin
                  .route53()
                  .associateVPCWithHostedZone(r -> r.hostedZoneId(rival[0]).vpc(vpc(other.id())));
              write(rival[0], "*." + domain, "A", "10.66.0.2");
            }
          }
        };
    Handler handler = world.handler(production(), 8, race);

    JsonNode response =
        invoke(handler, AwsWorld.sqsBatch(world.createEvent(vpce, domain, List.of("us-east-2a"))));

    assertThat(raced).isTrue();
    assertThat(response.path("batchItemFailures")).isEmpty();
    assertThat(zonesNamed(domain)).containsExactly(rival[0]);
    ZoneState after = state(rival[0]);
    assertThat(after.vpcs()).containsExactlyInAnyOrder(home.id(), other.id());
    assertThat(after.tags()).isEmpty();
    assertThat(after.records())
        .containsEntry("*." + domain + ". A", List.of("10.66.0.2"))
        .hasSize(3);
    assertThat(world.counter.writes("Route53")).containsExactly("Route53.CreateHostedZone");
    assertThat(refusals())
        .singleElement()
        .asString()
        .contains(rival[0])
        .contains("not created by linkdns");
  }

  // ---- own: allowed domains under a cloud's own suffix

  @ParameterizedTest(name = "LINKDNS_ALLOWED_DOMAINS={0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "amazonaws.com                     | amazonaws.com",
        "*.amazonaws.com                   | amazonaws.com",
        "confluent.cloud,s3.amazonaws.com  | amazonaws.com",
        "aws                               | aws",
        "core.windows.net                  | windows.net",
      })
  void allowedDomainsUnderACloudsOwnSuffixStopTheFunctionAtStartUp(String allowed, String suffix) {
    assertThatThrownBy(() -> world.handler(production("LINKDNS_ALLOWED_DOMAINS", allowed)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("LINKDNS_ALLOWED_DOMAINS=")
        .hasMessageContaining("cloud provider's own service suffix " + suffix);
    assertThat(world.counter.calls()).isEmpty();
  }

  // ---- own: Route 53 refusing a batch for a reason a retry cannot fix

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "FATAL problem: DomainLabelTooLong (Domain label is too long) encountered with 'x'                        | 1 | FAILED",
        "RRSet with DNS name _linkdns-cname-wildcard.x. is not permitted in zone y.                                | 1 | FAILED",
        "[Tried to create resource record set [name='a.', type='CNAME'] but it already exists, FATAL problem: DomainLabelEmpty (Domain label is empty) encountered with 'b..'] | 1 | FAILED",
        // A compare-and-swap miss is still re-read and retried: the legitimate race stays handled.
        "Tried to create resource record set [name='a.', type='CNAME'] but it already exists                      | 2 | CHANGED",
      })
  void anInvalidChangeBatchThatIsNotACompareAndSwapMissIsNotRetried(
      String reason, int attempts, String status) {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    ChangeLog changes = new ChangeLog();
    Handler handler = world.handler(production(), 8, changes);
    world.faults().inject("/rrset", 400, "InvalidChangeBatch", reason);

    JsonNode response =
        invoke(handler, AwsWorld.sqsBatch(world.createEvent(vpce, domain, List.of("us-east-2a"))));

    assertThat(world.faults().served()).hasSize(1);
    assertThat(world.counter.calls("Route53"))
        .filteredOn(c -> c.endsWith("ChangeResourceRecordSets"))
        .hasSize(attempts);
    assertThat(changes.attempts())
        .as("HTTP attempts of ChangeResourceRecordSets")
        .isEqualTo(attempts);
    assertThat(response.path("batchItemFailures"))
        .as("Route 53 would refuse a redelivery the same way")
        .isEmpty();
    if (status.equals("FAILED")) {
      assertThat(world.answers(domain)).isEmpty();
      assertThat(world.logs())
          .anySatisfy(
              l -> {
                assertThat(l.path("level").asText()).isEqualTo("ERROR");
                assertThat(l.path("message").asText()).startsWith("reconcile failed");
                assertThat(l.toString())
                    .contains(reason.substring(0, 40))
                    .contains("a retry cannot fix");
              });
      assertThat(metric("Failures")).isEqualTo(1);
    } else {
      assertThat(world.answers(domain)).hasSize(1);
      assertThat(metric("Failures")).isZero();
    }
  }

  // ---- own: a marker forged with the unkeyed checksum (or a seal of the wrong key) beside a
  // foreign record

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"unkeyed checksum", "seal of another key"})
  void aMarkerWithAComputableChecksumBesideAForeignRecordLetsTheSweepDeleteNothing(String forgery) {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(production("LINKDNS_SEAL_KEY", "this-installations-seal-key"));
    invoke(handler, AwsWorld.sqsBatch(world.createEvent(vpce, domain, List.of("us-east-2a"))));
    String zone = world.zoneId(domain).orElseThrow();
    // Someone else's record at a name a layout writes, and a marker anyone who may write TXT can
    // compute.
    String name = "*.legacy." + domain;
    io.linkdns.core.model.RecordSet foreign =
        io.linkdns.core.model.RecordSet.values(
            name,
            io.linkdns.core.model.RecordType.CNAME,
            300,
            List.of("kafka.partner.example.net"));
    io.linkdns.core.ownership.OwnerMarker claim =
        io.linkdns.core.ownership.OwnerMarker.of(
            "linkdns", "confluent-aws-dedicated", List.of("vpce-0made0up0000000001"));
    io.linkdns.core.ownership.OwnerMarker forged =
        forgery.equals("unkeyed checksum")
            ? claim.sealing(foreign)
            : claim.sealedWith(
                io.linkdns.core.ownership.SealKey.of("test", "the-attackers-own-seal-key"),
                foreign);
    write(zone, name, "CNAME", "kafka.partner.example.net");
    write(zone, "_linkdns-cname-wildcard.legacy." + domain, "TXT", OwnerMarkers.txtValue(forged));
    Map<String, List<String>> attacked = world.records(domain);
    world.clearLogs();

    invoke(handler, AwsWorld.fixture("eventbridge/scheduled-event.json"));

    assertThat(world.records(domain)).isEqualTo(attacked);
    assertThat(world.answers(domain))
        .containsEntry(name + " CNAME", List.of("kafka.partner.example.net"));
    assertThat(world.logs())
        .anySatisfy(
            l ->
                assertThat(l.path("notes").toString())
                    .contains("marker for " + name + " CNAME ignored")
                    .contains("kafka.partner.example.net"));
  }

  // ---- the handler as Lambda runs it, and what it logged

  /** Production's environment: what the stack sets, everything else default. */
  private Map<String, String> production(String... more) {
    List<String> pairs =
        new ArrayList<>(
            List.of("AWS_LAMBDA_FUNCTION_NAME", "linkdns", "LINKDNS_ROLE_ARN", ROLE_ARN));
    pairs.addAll(List.of(more));
    return world.env(pairs.toArray(String[]::new));
  }

  /**
   * One invocation through the Lambda entry point (so the metrics line is flushed too); the
   * response.
   */
  private JsonNode invoke(Handler handler, String payload) {
    world.counter.reset();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, null);
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code refused} entries of every "refused" log line so far. */
  private List<String> refusals() {
    List<String> out = new ArrayList<>();
    for (JsonNode l : world.logs()) {
      if (l.path("message").asText().equals("refused")) {
        assertThat(l.path("level").asText()).isEqualTo("WARN");
        l.path("refused").forEach(r -> out.add(r.asText()));
      }
    }
    return out;
  }

  /** The sum of an EMF metric over the metrics lines so far. */
  private double metric(String name) {
    return world.logs().stream()
        .filter(l -> l.has("_aws"))
        .mapToDouble(l -> l.path(name).asDouble(0))
        .sum();
  }

  private static Optional<String> received(DatagramSocket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    DatagramPacket packet = new DatagramPacket(new byte[512], 512);
    try {
      socket.receive(packet);
      return Optional.of(
          packet.getAddress() + ":" + packet.getPort() + " " + packet.getLength() + " bytes");
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    }
  }

  /**
   * Records the zone of every ChangeResourceRecordSets call and counts its HTTP attempts, retries
   * included.
   */
  private static final class ChangeLog implements ExecutionInterceptor {
    private final List<String> zones = new ArrayList<>();
    private int attempts;

    @Override
    public synchronized void beforeExecution(
        Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof ChangeResourceRecordSetsRequest r) {
        zones.add(r.hostedZoneId().replace("/hostedzone/", ""));
      }
    }

    @Override
    public synchronized void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if ("ChangeResourceRecordSets"
          .equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        attempts++;
      }
    }

    synchronized List<String> zones() {
      return List.copyOf(zones);
    }

    synchronized int attempts() {
      return attempts;
    }

    synchronized void clear() {
      zones.clear();
      attempts = 0;
    }
  }

  // ---- the attacker's and the victim's side, through the admin client

  /** A VPC and its subnet per AZ name. */
  private record Network(String id, Map<String, String> subnetByAz) {}

  private Network network(String prefix) {
    String id = world.admin.ec2().createVpc(r -> r.cidrBlock(prefix + ".0.0/16")).vpc().vpcId();
    Map<String, String> subnets = new TreeMap<>();
    int i = 1;
    for (String az : AwsWorld.AZ_NAMES) {
      String cidr = prefix + "." + i++ + ".0/24";
      subnets.put(
          az,
          world
              .admin
              .ec2()
              .createSubnet(r -> r.vpcId(id).availabilityZone(az).cidrBlock(cidr))
              .subnet()
              .subnetId());
    }
    return new Network(id, subnets);
  }

  private String endpoint(
      Network network, String service, List<String> azs, Map<String, String> tags) {
    List<software.amazon.awssdk.services.ec2.model.Tag> t =
        tags.entrySet().stream()
            .map(
                e ->
                    software.amazon.awssdk.services.ec2.model.Tag.builder()
                        .key(e.getKey())
                        .value(e.getValue())
                        .build())
            .toList();
    return world
        .admin
        .ec2()
        .createVpcEndpoint(
            r ->
                r.vpcId(network.id())
                    .serviceName(service)
                    .vpcEndpointType("Interface")
                    .subnetIds(azs.stream().map(network.subnetByAz()::get).toList())
                    .tagSpecifications(
                        s ->
                            s.resourceType(
                                    software.amazon.awssdk.services.ec2.model.ResourceType
                                        .VPC_ENDPOINT)
                                .tags(t)))
        .vpcEndpoint()
        .vpcEndpointId();
  }

  /** The CloudTrail create event of an endpoint in any VPC, to any service. */
  private String createEvent(
      Network network, String endpointId, String service, String domain, List<String> azs) {
    String event =
        world
            .createEvent(endpointId, domain, azs)
            .replace(world.vpcId, network.id())
            .replace(AwsWorld.SERVICE, service);
    for (String az : azs) {
      event = event.replace(world.subnetByAz.get(az), network.subnetByAz().get(az));
    }
    return event;
  }

  private static VPC vpc(String id) {
    return VPC.builder().vpcId(id).vpcRegion("us-east-2").build();
  }

  /** A private zone someone else made, associated with the VPC; its id. */
  private String foreignZone(String domain, String vpcId, String comment) {
    HostedZone z =
        world
            .admin
            .route53()
            .createHostedZone(
                r ->
                    r.name(domain)
                        .callerReference("tenant-" + UUID.randomUUID())
                        .vpc(vpc(vpcId))
                        .hostedZoneConfig(c -> c.privateZone(true).comment(comment)))
            .hostedZone();
    return z.id().replace("/hostedzone/", "");
  }

  private void write(String zoneId, String name, String type, String value) {
    world
        .admin
        .route53()
        .changeResourceRecordSets(
            r ->
                r.hostedZoneId(zoneId)
                    .changeBatch(
                        b ->
                            b.changes(
                                c ->
                                    c.action("CREATE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(name)
                                                    .type(type)
                                                    .ttl(60L)
                                                    .resourceRecords(v -> v.value(value))))));
  }

  /** Everything a zone is: name, comment, VPCs, tags and every record set as stored. */
  private record ZoneState(
      String name,
      String comment,
      List<String> vpcs,
      Map<String, String> tags,
      Map<String, List<String>> records) {}

  private ZoneState state(String zoneId) {
    GetHostedZoneResponse z = world.admin.route53().getHostedZone(r -> r.id(zoneId));
    Map<String, List<String>> records = new TreeMap<>();
    world
        .admin
        .route53()
        .listResourceRecordSetsPaginator(r -> r.hostedZoneId(zoneId))
        .resourceRecordSets()
        .forEach(
            rr ->
                records.put(
                    rr.name()
                        + " "
                        + rr.typeAsString()
                        + (rr.setIdentifier() == null ? "" : " " + rr.setIdentifier()),
                    rr.aliasTarget() != null
                        ? List.of("ALIAS " + rr.aliasTarget().dnsName())
                        : rr.resourceRecords().stream()
                            .map(ResourceRecord::value)
                            .sorted()
                            .toList()));
    Map<String, String> tags = new LinkedHashMap<>();
    world
        .admin
        .route53()
        .listTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zoneId))
        .resourceTagSet()
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return new ZoneState(
        z.hostedZone().name(),
        z.hostedZone().config().comment(),
        z.vpCs().stream().map(VPC::vpcId).sorted().toList(),
        tags,
        records);
  }

  /** Ids of every hosted zone in the account with exactly this name. */
  private List<String> zonesNamed(String domain) {
    List<String> out = new ArrayList<>();
    world
        .admin
        .route53()
        .listHostedZonesPaginator()
        .hostedZones()
        .forEach(
            z -> {
              if (DnsName.normalize(z.name()).equals(DnsName.normalize(domain))) {
                out.add(z.id().replace("/hostedzone/", ""));
              }
            });
    return out;
  }

  /**
   * A unique domain under confluent.cloud of exactly {@code length} characters, in labels of at
   * most 63.
   */
  private static String longDomain(int length) {
    String tail = AwsWorld.uniqueDomain();
    List<String> labels = new ArrayList<>();
    int need = length - tail.length();
    while (need > 0) {
      int label = Math.min(62, need - 1);
      if (need - (label + 1) == 1) {
        label--; // never leave room for an empty label
      }
      labels.add("x".repeat(label));
      need -= label + 1;
    }
    labels.add(tail);
    return String.join(".", labels);
  }
}
