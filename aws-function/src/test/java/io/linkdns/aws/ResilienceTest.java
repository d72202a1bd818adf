package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.aws.testing.FaultInjector.Fault;
import io.linkdns.core.Deadline;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.ownership.OwnerMarker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Repeated events, API budgets, races, big plans, injected faults and partial batch failures. */
class ResilienceTest {
  private final AwsWorld world = new AwsWorld();

  @Test
  void aSecondDeliveryOfEveryEventWritesNothing() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    String create = world.createEvent(vpce, domain, AwsWorld.AZ_NAMES);
    handler.handle(create);
    world.modifyEndpoint(vpce, List.of(), List.of("us-east-2c"));
    String modify = world.modifyEvent(vpce, List.of(), List.of("us-east-2c"));
    handler.handle(modify);
    Map<String, List<String>> settled = world.records(domain);

    for (String again : List.of(create, modify, create)) {
      world.counter.reset();
      handler.handle(again);
      assertThat(world.counter.writes("Route53")).as("Route 53 writes on redelivery").isEmpty();
    }
    assertThat(world.records(domain)).isEqualTo(settled);
  }

  @Test
  void aCreateEventStaysWithinItsApiBudget() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());

    handler.handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));

    // Cold container, new zone: endpoints of the VPC, the AZ ID map, the ENIs; find zone, count the
    // VPC's new
    // zones against the budget (no zone in it: no further listing), create it, one change batch.
    assertThat(world.counter.calls("Ec2")).hasSizeLessThanOrEqualTo(3);
    assertThat(world.counter.calls("Route53"))
        .containsExactly(
            "Route53.ListHostedZonesByVPC",
            "Route53.ListHostedZonesByVPC",
            "Route53.CreateHostedZone",
            "Route53.ChangeResourceRecordSets");
    assertThat(world.counter.calls("Route53"))
        .filteredOn(c -> c.endsWith("ChangeResourceRecordSets"))
        .hasSize(1);
  }

  @Test
  void aCreateEventIntoAnExistingZoneCostsThreeRoute53CallsAndOneWrite() {
    String domain = AwsWorld.uniqueDomain();
    // A zone the operator made earlier and handed to linkdns by name (LINKDNS_ZONES).
    world
        .admin
        .route53()
        .createHostedZone(
            r ->
                r.name(domain)
                    .callerReference("pre-" + domain)
                    .vpc(v -> v.vpcId(world.vpcId).vpcRegion("us-east-2"))
                    .hostedZoneConfig(c -> c.privateZone(true)));
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env("LINKDNS_ZONES", domain));
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a"))); // warm the container
    world.counter.reset();
    String second =
        world.createEndpoint(
            List.of("us-east-2a"), Map.of("linkdns:domain", AwsWorld.uniqueDomain()));

    // A different endpoint's event into the warmed container: the zone of `domain` is in sync.
    handler.handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));
    assertThat(world.counter.calls("Ec2")).hasSizeLessThanOrEqualTo(3);
    assertThat(world.counter.calls("Route53"))
        .containsExactly(
            "Route53.ListHostedZonesByVPC",
            "Route53.GetHostedZone",
            "Route53.ListResourceRecordSets");
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(second).startsWith("vpce-");
  }

  @Test
  void anEventForAnEndpointAlreadyInSyncCostsNoRoute53Write() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    world.handler(world.env()).handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));
    Handler fresh = world.handler(world.env());
    world.counter.reset();

    fresh.handle(world.modifyEvent(vpce, List.of(), List.of()));

    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(world.counter.calls("Route53")).hasSizeLessThanOrEqualTo(3);
    // No VPC in a modify event: the endpoint's VPC, then the VPC's endpoints, the AZ map (cold),
    // the ENIs.
    assertThat(world.counter.calls("Ec2")).hasSizeLessThanOrEqualTo(4);
  }

  @Test
  void conflictingDomainExistsReusesTheZoneAnotherWriterCreated() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of("linkdns:domain", domain));
    AtomicBoolean raced = new AtomicBoolean();
    ExecutionInterceptor rival =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if ("CreateHostedZone"
                    .equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && raced.compareAndSet(false, true)) {
              // A second linkdns invocation of the same installation wins the race: its zone
              // carries the mark.
              world
                  .admin
                  .route53()
                  .createHostedZone(
                      r ->
                          r.name(domain)
                              .callerReference("rival-" + domain)
                              .vpc(v -> v.vpcId(world.vpcId).vpcRegion("us-east-2"))
                              .hostedZoneConfig(
                                  c ->
                                      c.privateZone(true)
                                          .comment("managed by linkdns owner=linkdns")));
            }
          }
        };
    Handler handler = world.handler(world.env(), 8, rival);

    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b")));

    long zonesNamedDomain =
        world.admin.route53().listHostedZonesByName(r -> r.dnsName(domain)).hostedZones().stream()
            .filter(z -> z.name().equals(domain + "."))
            .count();
    assertThat(raced).isTrue();
    assertThat(zonesNamedDomain).isEqualTo(1);
    assertThat(world.answers(domain)).hasSize(3);
  }

  @Test
  void aPlanOfMoreThanAThousandRecordsIsAppliedInSeveralBatches() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env("LINKDNS_SEAL_KEY", "resilience-test-seal-key"));
    io.linkdns.core.ownership.SealKey key =
        io.linkdns.core.ownership.SealKey.of("test", "resilience-test-seal-key");
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a")));
    String zone = world.zoneId(domain).orElseThrow();
    // 700 zonal records owned by linkdns for endpoints whose delete events never arrived: 1400
    // record sets to remove.
    List<Change> seed = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      String name = "*.stale-" + i + "." + domain;
      String ip = "10.77." + (i / 250) + "." + (i % 250);
      seed.add(
          Change.builder()
              .action(ChangeAction.CREATE)
              .resourceRecordSet(
                  ResourceRecordSet.builder()
                      .name(name)
                      .type("A")
                      .ttl(60L)
                      .resourceRecords(v -> v.value(ip))
                      .build())
              .build());
      String endpoint = String.format("vpce-0dead%012x", i);
      // The endpoints are gone, so only the seal linkdns writes vouches for the values.
      String marker =
          OwnerMarkers.txtValue(
              OwnerMarker.of("linkdns", "confluent-aws-dedicated-a", List.of(endpoint))
                  .sealedWith(key, RecordSet.values(name, RecordType.A, 60, List.of(ip))));
      seed.add(
          Change.builder()
              .action(ChangeAction.CREATE)
              .resourceRecordSet(
                  ResourceRecordSet.builder()
                      .name("_linkdns-a-wildcard.stale-" + i + "." + domain)
                      .type("TXT")
                      .ttl(60L)
                      .resourceRecords(v -> v.value(marker))
                      .build())
              .build());
    }
    for (int from = 0; from < seed.size(); from += 500) {
      List<Change> part = seed.subList(from, Math.min(seed.size(), from + 500));
      world
          .admin
          .route53()
          .changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(part)));
    }
    world.counter.reset();

    JsonNode response = handler.handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));

    assertThat(world.counter.calls("Route53"))
        .filteredOn(c -> c.endsWith("ChangeResourceRecordSets"))
        .hasSizeGreaterThan(1);
    assertThat(response.at("/outcomes/0/deletes").asInt()).isEqualTo(700);
    assertThat(response.at("/outcomes/0/batches").asInt()).isGreaterThan(1);
    assertThat(world.answers(domain).keySet())
        .containsExactlyInAnyOrder(
            "*." + domain + " CNAME",
            "*.use2-az1." + domain + " CNAME",
            "*.use2-az2." + domain + " CNAME",
            "*.use2-az3." + domain + " CNAME");
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void injectedFaultsOnTheHttpPathStillLeaveTheZoneExactlyRight(Fault fault) {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    // Twice on the change batch, once on each read, once on EC2.
    world
        .faults()
        .inject("/rrset", fault)
        .inject("/rrset", fault)
        .inject("", fault)
        .inject("hostedzonesbyvpc", fault)
        .inject("/rrset", fault);

    JsonNode response = handler.handle(world.createEvent(vpce, domain, AwsWorld.AZ_NAMES));

    assertThat(world.faults().served()).isNotEmpty();
    assertThat(response.at("/outcomes/0/status").asText()).isEqualTo("CHANGED");
    assertThat(world.answers(domain))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "*." + domain + " CNAME", List.of(world.regionalName(vpce)),
                "*.use2-az1." + domain + " CNAME", List.of(world.zonalName(vpce, "us-east-2a")),
                "*.use2-az2." + domain + " CNAME", List.of(world.zonalName(vpce, "us-east-2b")),
                "*.use2-az3." + domain + " CNAME", List.of(world.zonalName(vpce, "us-east-2c"))));
  }

  @Test
  void anSqsBatchReportsOnlyTheFailedMessage() {
    String good = AwsWorld.uniqueDomain();
    String bad = AwsWorld.uniqueDomain();
    String a = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", good));
    String b = world.createEndpoint(List.of("us-east-2b"), Map.of("linkdns:domain", bad));
    world
        .handler(world.env())
        .handle(world.createEvent(a, good, List.of("us-east-2a"))); // only b's zone needs a create
    Handler handler = world.handler(world.env(), 2);
    world.counter.reset();
    // b's zone creation fails twice, more than its two attempts allow; a is already in sync.
    world.faults().inject("/hostedzone", Fault.SERVICE_UNAVAILABLE);
    world.faults().inject("/hostedzone", Fault.SERVICE_UNAVAILABLE);

    JsonNode response =
        handler.handle(
            AwsWorld.sqsBatch(
                world.createEvent(b, bad, List.of("us-east-2b")),
                world.createEvent(a, good, List.of("us-east-2a")),
                "{\"truncated\": "));

    assertThat(response.path("batchItemFailures")).hasSize(1);
    assertThat(response.at("/batchItemFailures/0/itemIdentifier").asText()).isEqualTo("msg-1");
    assertThat(world.zoneId(bad)).isEmpty();
    assertThat(world.answers(good)).hasSize(1);

    JsonNode retry =
        handler.handle(AwsWorld.sqsBatch(world.createEvent(b, bad, List.of("us-east-2b"))));
    assertThat(retry.path("batchItemFailures")).isEmpty();
    assertThat(world.answers(bad)).hasSize(1);
  }

  @Test
  void theSweepWiresAnEndpointThatWasPendingAcceptanceWhenItsEventCame() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(
            List.of("us-east-2a", "us-east-2b"),
            Map.of("linkdns:domain", domain, "moto:initial-state", "pendingAcceptance"));
    Handler handler = world.handler(world.env());
    JsonNode first =
        handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b")));
    assertThat(first.at("/outcomes/0/status").asText()).isEqualTo("SKIPPED");
    assertThat(world.zoneId(domain)).isEmpty();

    // The service provider accepts the connection in its own account: no event reaches ours.
    world
        .admin
        .ec2()
        .createTags(r -> r.resources(vpce).tags(t -> t.key("moto:state").value("available")));
    handler.handle(AwsWorld.fixture("eventbridge/scheduled-event.json"));

    assertThat(world.answers(domain)).hasSize(3);
  }

  @Test
  void theSweepRemovesRecordsOfAnEndpointWhoseDeleteEventWasLost() {
    String domain = AwsWorld.uniqueDomain();
    String vpce =
        world.createEndpoint(List.of("us-east-2a", "us-east-2b"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a", "us-east-2b")));
    world.deleteEndpoints(vpce);

    handler.handle("{\"linkdns\":\"sweep\"}");

    assertThat(world.records(domain)).isEmpty();
  }

  @Test
  void theSweepCostsNothingPerZoneThatIsNotLinkdns() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a")));
    handler.handle("{\"linkdns\":\"sweep\"}");
    world.counter.reset();
    handler.handle("{\"linkdns\":\"sweep\"}");
    List<String> before =
        world.counter.calls("Route53").stream()
            .filter(c -> !c.endsWith("ListHostedZones"))
            .toList();
    for (int i = 0; i < 5; i++) {
      String other = "team" + i + "-" + AwsWorld.uniqueDomain();
      world
          .admin
          .route53()
          .createHostedZone(
              r ->
                  r.name(other)
                      .callerReference("other-" + other)
                      .vpc(v -> v.vpcId(world.vpcId).vpcRegion("us-east-2"))
                      .hostedZoneConfig(c -> c.privateZone(true).comment("the network team's")));
    }
    world.counter.reset();

    handler.handle("{\"linkdns\":\"sweep\"}");

    assertThat(
            world.counter.calls("Route53").stream()
                .filter(c -> !c.endsWith("ListHostedZones"))
                .toList())
        .as("per-zone reads in the sweep, with five more zones that are not linkdns's")
        .containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void withZoneCreationOffAMissingZoneIsAnErrorAndNothingIsWritten() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env("LINKDNS_CREATE_ZONES", "false"));

    JsonNode response = handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a")));

    assertThat(response.at("/outcomes/0/status").asText()).isEqualTo("FAILED");
    assertThat(response.at("/outcomes/0/error").asText())
        .contains("LINKDNS_CREATE_ZONES")
        .contains(world.vpcId);
    assertThat(world.counter.writes("Route53")).isEmpty();
    assertThat(world.zoneId(domain)).isEmpty();
  }

  @Test
  void primingBeforeASnapshotTakesTheAzMapOffTheFirstInvocation() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(AwsWorld.AZ_NAMES, Map.of("linkdns:domain", domain));
    String event = world.createEvent(vpce, domain, AwsWorld.AZ_NAMES);

    world.handler(world.env()).handle(event);
    assertThat(world.counter.calls("Ec2"))
        .as("a cold, unprimed container")
        .contains("Ec2.DescribeAvailabilityZones");

    // What the runtime's Handler() does when Lambda initialises for a SnapStart snapshot.
    Handler primed = world.handler(world.env());
    assertThat(primed.wiring().prime()).isEmpty();
    world.counter.reset();
    primed.handle(event);

    assertThat(world.counter.calls("Ec2"))
        .doesNotContain("Ec2.DescribeAvailabilityZones")
        .hasSizeLessThanOrEqualTo(2);
    assertThat(world.answers(domain)).hasSize(4);
  }

  private static List<String> madeUpIds(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("vpce-0%016x", 0xdead0000L + i));
    }
    return ids;
  }

  @Test
  void tenUnknownIdsCostOnePassOverOurZonesLikeOne() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    world.handler(world.env()).handle(world.createEvent(vpce, domain, List.of("us-east-2a")));

    world.counter.reset();
    world.handler(world.env()).handle(world.deleteEvent(madeUpIds(1).toArray(String[]::new)));
    List<String> one = world.counter.calls("Route53");
    world.counter.reset();
    world.handler(world.env()).handle(world.deleteEvent(madeUpIds(10).toArray(String[]::new)));
    List<String> ten = world.counter.calls("Route53");

    assertThat(one).isNotEmpty();
    assertThat(ten)
        .as("Route 53 calls for ten unknown ids")
        .containsExactlyInAnyOrderElementsOf(one);
    assertThat(ten).filteredOn(c -> c.endsWith(".GetHostedZone")).hasSizeGreaterThanOrEqualTo(1);
    assertThat(ten.stream().filter(c -> c.endsWith(".ListResourceRecordSets")).count())
        .as("record reads: one per zone (more only where a zone has more than one page)")
        .isGreaterThanOrEqualTo(ten.stream().filter(c -> c.endsWith(".GetHostedZone")).count());
    assertThat(world.counter.calls("Ec2"))
        .as("ten ids, one EC2 lookup")
        .containsExactly("Ec2.DescribeVpcEndpoints");
    assertThat(world.answers(domain)).hasSize(1);
  }

  @Test
  void twoDeleteMessagesInOneBatchShareOnePassOverOurZones() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    world.handler(world.env()).handle(world.createEvent(vpce, domain, List.of("us-east-2a")));
    world.counter.reset();
    world.handler(world.env()).handle(world.deleteEvent(madeUpIds(1).toArray(String[]::new)));
    List<String> one = world.counter.calls("Route53");
    world.counter.reset();

    world
        .handler(world.env())
        .handle(
            AwsWorld.sqsBatch(
                world.deleteEvent(madeUpIds(3).toArray(String[]::new)),
                world.deleteEvent(madeUpIds(7).subList(3, 7).toArray(String[]::new))));

    assertThat(world.counter.calls("Route53")).containsExactlyInAnyOrderElementsOf(one);
  }

  @Test
  void aThousandMadeUpIdsCannotStarveALegitimateCreateInTheSameBatch() {
    // Two zones of ours, each read slowly, so the delete's pass cannot finish in its half of the
    // time.
    for (int i = 0; i < 2; i++) {
      String d = AwsWorld.uniqueDomain();
      String e = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", d));
      world.handler(world.env()).handle(world.createEvent(e, d, List.of("us-east-2a")));
    }
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    ExecutionInterceptor slowReads =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (op.equals("GetHostedZone") || op.equals("ListResourceRecordSets")) {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    Handler handler = world.handler(world.env(), 8, slowReads);
    world.clearLogs();
    long start = System.nanoTime();

    JsonNode response =
        handler.handle(
            AwsWorld.sqsBatch(
                world.deleteEvent(madeUpIds(1000).toArray(String[]::new)),
                world.createEvent(vpce, domain, List.of("us-east-2a"))),
            Deadline.in(Duration.ofSeconds(5)));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
    assertThat(response.path("batchItemFailures").toString())
        .isEqualTo("[{\"itemIdentifier\":\"msg-1\"}]");
    assertThat(world.zoneId(domain)).isPresent();
    assertThat(world.answers(domain)).hasSize(1);
    assertThat(world.logs().toString()).contains("not finished in its share");
  }

  @Test
  void aMessageWhoseShareIsGoneIsNotStarted() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    world.counter.reset();

    JsonNode response =
        handler.handle(
            AwsWorld.sqsBatch(world.createEvent(vpce, domain, List.of("us-east-2a"))),
            Deadline.in(Duration.ZERO));

    assertThat(response.path("batchItemFailures")).hasSize(1);
    assertThat(world.counter.calls()).isEmpty();
    assertThat(world.zoneId(domain)).isEmpty();
  }

  @Test
  void aLinkageErrorFailsItsMessageNotTheBatch() {
    String good = AwsWorld.uniqueDomain();
    String bad = AwsWorld.uniqueDomain();
    String a = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", good));
    String b = world.createEndpoint(List.of("us-east-2b"), Map.of("linkdns:domain", bad));
    AtomicBoolean trimmed = new AtomicBoolean(true);
    ExecutionInterceptor missingClass =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            // What a client trimmed too far throws on first use of an operation it lost.
            if (trimmed.get()
                && attributes
                    .getAttribute(SdkExecutionAttribute.OPERATION_NAME)
                    .equals("CreateHostedZone")) {
              trimmed.set(false);
              throw new NoClassDefFoundError(
                  "software/amazon/awssdk/services/route53/model/CreateHostedZoneRequest");
            }
          }
        };
    Handler handler = world.handler(world.env(), 8, missingClass);
    world.clearLogs();

    JsonNode response =
        handler.handle(
            AwsWorld.sqsBatch(
                world.createEvent(b, bad, List.of("us-east-2b")),
                world.createEvent(a, good, List.of("us-east-2a"))));

    assertThat(response.path("batchItemFailures").toString())
        .isEqualTo("[{\"itemIdentifier\":\"msg-1\"}]");
    assertThat(world.answers(good)).hasSize(1);
    assertThat(world.logs())
        .anySatisfy(
            line -> {
              assertThat(line.path("level").asText()).isEqualTo("ERROR");
              assertThat(line.path("exception").asText())
                  .isEqualTo("java.lang.NoClassDefFoundError");
            });
  }

  @Test
  void aFailedDirectInvocationLogsAndRethrows() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env(), 1);
    world.faults().inject("", Fault.SERVICE_UNAVAILABLE);
    world.clearLogs();

    assertThatThrownBy(() -> handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a"))))
        .isInstanceOf(RuntimeException.class);

    assertThat(world.logs())
        .anySatisfy(
            line -> {
              assertThat(line.path("level").asText()).isEqualTo("ERROR");
              assertThat(line.path("message").asText()).isEqualTo("invocation failed");
              assertThat(line.path("error").asText()).contains("503");
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "invalid-change-batch-messages-already-exists.xml, CHANGED, ''",
    "invalid-change-batch-messages-not-found.xml, CHANGED, ''",
    "error-response-already-exists.xml, CHANGED, ''",
    "invalid-change-batch-messages-bad-name.xml, FAILED, DomainLabelEmpty"
  })
  void route53RefusalsInEitherBodyKeepTheirReasons(String fixture, String status, String reason) {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    handler.handle(world.createEvent(vpce, domain, List.of("us-east-2a")));
    world.modifyEndpoint(vpce, List.of("us-east-2b"), List.of());
    String name = "*.use2-az2." + domain + ".";
    world
        .faults()
        .injectBody(
            "POST",
            "/rrset",
            400,
            AwsWorld.fixture("route53/" + fixture).replace("{{name}}", name));

    JsonNode response = handler.handle(world.modifyEvent(vpce, List.of("us-east-2b"), List.of()));

    assertThat(world.faults().served()).hasSize(1);
    assertThat(response.at("/outcomes/0/status").asText()).isEqualTo(status);
    if (status.equals("CHANGED")) {
      assertThat(world.answers(domain)).hasSize(3);
    } else {
      assertThat(response.at("/outcomes/0/error").asText())
          .contains(reason)
          .contains("not permitted in zone");
      assertThat(world.answers(domain)).as("nothing written").hasSize(1);
    }
  }

  @Test
  void aSlowAnswerIsCutAtTheDeadlineNotAtTheSdksOwnTimeouts() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    ExecutionInterceptor slowAnswer =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (attributes
                .getAttribute(SdkExecutionAttribute.OPERATION_NAME)
                .equals("ListHostedZonesByVPC")) {
              try {
                Thread.sleep(10_000); // an attempt already under way when the deadline passes
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    Handler handler = world.handler(world.env(), 8, slowAnswer);
    long start = System.nanoTime();

    JsonNode response =
        handler.handle(
            AwsWorld.sqsBatch(world.createEvent(vpce, domain, List.of("us-east-2a"))),
            Deadline.in(Duration.ofSeconds(2)));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(response.path("batchItemFailures")).hasSize(1);
    assertThat(world.zoneId(domain)).isEmpty();
  }

  /** A Lambda context that only knows how much time is left. */
  private static com.amazonaws.services.lambda.runtime.Context remaining(int millis) {
    return (com.amazonaws.services.lambda.runtime.Context)
        java.lang.reflect.Proxy.newProxyInstance(
            ResilienceTest.class.getClassLoader(),
            new Class<?>[] {com.amazonaws.services.lambda.runtime.Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRemainingTimeInMillis" -> millis;
                  case "getAwsRequestId" -> "req-1";
                  default -> null;
                });
  }

  @ParameterizedTest(name = "{0} ms left")
  @CsvSource({"10000, 7500, 8000", "1500, 0, 0"})
  void theInvocationsDeadlineIsTheLambdasRemainingTimeLessAReserve(
      int left, long atLeast, long atMost) {
    Duration remaining = Handler.deadline(remaining(left)).remaining();

    assertThat(remaining.toMillis()).isBetween(atLeast, atMost);
  }

  @Test
  void withLessTimeLeftThanTheReserveTheRuntimePathStartsNothing() throws Exception {
    String domain = AwsWorld.uniqueDomain();
    String vpce = world.createEndpoint(List.of("us-east-2a"), Map.of("linkdns:domain", domain));
    Handler handler = world.handler(world.env());
    world.counter.reset();
    var out = new java.io.ByteArrayOutputStream();

    handler.handleRequest(
        new java.io.ByteArrayInputStream(
            AwsWorld.sqsBatch(world.createEvent(vpce, domain, List.of("us-east-2a")))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        out,
        remaining(1500));

    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"msg-1\"}]}");
    assertThat(world.counter.calls()).isEmpty();
  }
}
