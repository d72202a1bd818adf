package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.ownership.OwnerMarker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Gaps seen when replaying real CloudTrail and EC2 payloads, end to end through the handler against
 * the emulator: tagging an existing endpoint, deleting one EC2 no longer lists, and an endpoint
 * still pending when its event arrives (retried through the real SQS queue).
 */
class EndpointLifecycleTest {
  private final AwsWorld world = new AwsWorld();

  @Test
  void taggingAnExistingEndpointWiresItAndUntaggingUnwiresIt() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of());
    Handler handler = world.handler(world.env());
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b")));
    assertThat(world.zoneId(domain)).isEmpty();

    world.tag(vpce, "linkdns:domain", domain);
    handler.handle(world.tagsEvent("CreateTags", domain, vpce));
    assertThat(world.answers(domain)).hasSize(3);

    world.admin.ec2().deleteTags(r -> r.resources(vpce).tags(t -> t.key("linkdns:domain")));
    handler.handle(world.tagsEvent("DeleteTags", domain, vpce));
    // Untagged, the endpoint names no domain: the zone it fed is only found by the sweep.
    handler.handle("{\"linkdns\":\"sweep\"}");
    assertThat(world.records(domain)).isEmpty();
  }

  @Test
  void wildcardDnsEntriesFromEc2AreTheNamesUnderTheWildcard() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(
            List.of("us-east-2a", "us-east-2b"),
            Map.of("linkdns:domain", domain, "moto:wildcard-dns", "true"));
    List<String> entries =
        world.describe(vpce).dnsEntries().stream().map(e -> e.dnsName()).toList();
    assertThat(entries).allMatch(n -> n.startsWith("*." + vpce + "-"));

    world
        .handler(world.env())
        .handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b")));

    assertThat(world.answers(domain))
        .hasSize(3)
        .allSatisfy(
            (name, values) ->
                assertThat(values)
                    .singleElement()
                    .satisfies(
                        v -> assertThat(v).startsWith(vpce + "-").endsWith(".vpce.amazonaws.com")));
    assertThat(world.answers(domain).get("*." + domain + " CNAME"))
        .containsExactly(entries.get(0).substring(2));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"sealed with the installation's key, true", "legacy unkeyed checksum, false"})
  void aDeleteForAnEndpointEc2NoLongerListsRemovesTheRecordsItSealed(
      String marking, boolean removed) {
    String domain = AwsWorld.uniqueDomain();
    String kept =
        world.createEndpoint(
            List.of("us-east-2a"),
            Map.of("linkdns:domain", domain, "linkdns:layout", "confluent-aws-dedicated-a"));
    io.linkdns.core.ownership.SealKey key =
        io.linkdns.core.ownership.SealKey.of("test", "endpoint-lifecycle-seal-key");
    Handler handler = world.handler(world.env("LINKDNS_SEAL_KEY", "endpoint-lifecycle-seal-key"));
    handler.handle(world.createEvent(kept, domain, List.of("us-east-2a")));
    // Records an endpoint EC2 has forgotten left behind: a zonal A record and its owner marker.
    String forgotten = "vpce-0f0e0d0c0b0a09080";
    String zone = world.zoneId(domain).orElseThrow();
    String name = "*.use2-az9." + domain;
    RecordSet left =
        new RecordSet(name, RecordType.A, new RecordData.Values(60, List.of("10.20.9.9")));
    OwnerMarker owner = OwnerMarker.of("linkdns", "confluent-aws-dedicated-a", List.of(forgotten));
    String marker =
        OwnerMarkers.txtValue(removed ? owner.sealedWith(key, left) : owner.sealing(left));
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
                                    c.action("CREATE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(name)
                                                    .type("A")
                                                    .ttl(60L)
                                                    .resourceRecords(v -> v.value("10.20.9.9"))),
                                c ->
                                    c.action("CREATE")
                                        .resourceRecordSet(
                                            s ->
                                                s.name(OwnerMarkers.nameFor(name, RecordType.A))
                                                    .type("TXT")
                                                    .ttl(60L)
                                                    .resourceRecords(v -> v.value(marker))))));
    Map<String, List<String>> before = world.answers(domain);
    assertThat(before).containsKey(name + " A");

    JsonNode response = handler.handle(world.deleteEvent(forgotten));

    if (removed) {
      assertThat(world.answers(domain)).doesNotContainKey(name + " A").hasSize(before.size() - 1);
      assertThat(response.path("outcomes").get(0).path("status").asText()).isEqualTo("CHANGED");
    } else {
      // An address proves nothing about whose it was once the endpoint is gone: reported, kept.
      assertThat(world.answers(domain)).isEqualTo(before);
      assertThat(response.path("outcomes").toString())
          .contains("marker for " + name + " A ignored");
    }
  }

  @ParameterizedTest(name = "receive {0}: back in {1} s")
  @CsvSource({"1, 30", "3, 120", "6, 900"})
  void aPendingEndpointsMessageComesBackSoonWithAGrowingDelay(int receiveCount, int seconds) {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(
            List.of("us-east-2a"),
            Map.of("linkdns:domain", domain, "moto:initial-state", "pendingAcceptance"));
    SqsClient sqs = world.admin.sqs().get();
    String queue =
        sqs.createQueue(r -> r.queueName("linkdns-events-" + UUID.randomUUID())).queueUrl();
    String body = world.createEvent(vpce, domain, List.of("us-east-2a"));
    sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
    // Received with no visibility timeout: without linkdns's change it would be visible again at
    // once.
    Message received =
        sqs.receiveMessage(r -> r.queueUrl(queue).visibilityTimeout(0)).messages().get(0);
    Handler handler = world.handler(world.env("LINKDNS_QUEUE_URL", queue));

    JsonNode response =
        handler.handle(
            AwsWorld.sqsRecord(received.messageId(), received.receiptHandle(), receiveCount, body));

    assertThat(response.path("batchItemFailures"))
        .singleElement()
        .satisfies(
            f -> assertThat(f.path("itemIdentifier").asText()).isEqualTo(received.messageId()));
    assertThat(sqs.receiveMessage(r -> r.queueUrl(queue)).messages()).isEmpty();
    assertThat(world.logs())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText())
                  .isEqualTo("endpoint pending; message returns to the queue soon");
              assertThat(l.path("visibility_timeout_seconds").asInt()).isEqualTo(seconds);
              assertThat(l.path("endpoints").get(0).asText()).isEqualTo(vpce);
            });

    // Accepted at last (acceptance sends no event to this account): the returning message wires it.
    world.tag(vpce, "moto:state", "available");
    JsonNode again =
        handler.handle(
            AwsWorld.sqsRecord(
                received.messageId(), received.receiptHandle(), receiveCount + 1, body));
    assertThat(again.path("batchItemFailures")).isEmpty();
    assertThat(world.answers(domain)).containsOnlyKeys("*." + domain + " CNAME");
  }

  @Test
  void withoutAQueueUrlAPendingEndpointIsOnlyReportedFailedAndAfterManyReceivesLeftToTheSweep() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(
            List.of("us-east-2a"),
            Map.of("linkdns:domain", domain, "moto:initial-state", "pending"));
    Handler handler = world.handler(world.env());
    String body = world.createEvent(vpce, domain, List.of("us-east-2a"));

    assertThat(handler.handle(AwsWorld.sqsRecord("m-1", "rh-1", 1, body)).path("batchItemFailures"))
        .hasSize(1);
    assertThat(handler.handle(AwsWorld.sqsRecord("m-1", "rh-1", 8, body)).path("batchItemFailures"))
        .isEmpty();
    assertThat(world.logs())
        .anySatisfy(
            l ->
                assertThat(l.path("message").asText())
                    .isEqualTo("endpoint still pending; left to the sweep"));
  }
}
