package io.linkdns.core.reconcile;

import static io.linkdns.core.testing.AwsEndpointBuilder.awsEndpoint;
import static io.linkdns.core.testing.AwsEndpointBuilder.regionalName;
import static io.linkdns.core.testing.AwsEndpointBuilder.zonalName;
import static io.linkdns.core.testing.AzureEndpointBuilder.azureEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.ownership.ZoneOwnership;
import io.linkdns.core.plan.Change;
import io.linkdns.core.plan.Policy;
import io.linkdns.core.plan.ProviderLimits;
import io.linkdns.core.testing.AzureEndpointBuilder;
import io.linkdns.core.testing.InMemoryCatalog;
import io.linkdns.core.testing.InMemoryZones;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconcilerTest {
  private static final String D = "pr123a.us-east-2.aws.confluent.cloud";
  private static final String D2 = "pr456b.us-east-2.aws.confluent.cloud";
  private static final String ID = "vpce-0abc";
  private static final Optional<String> VPC_1 = Optional.of("vpc-1");
  private static final Backoff NO_WAIT = new Backoff(Duration.ZERO, Duration.ZERO, 4);
  private static final SealKey KEY = SealKey.of("test", "reconciler-test-seal-key");
  private static final Reconciler.Options SYNC =
      new Reconciler.Options("linkdns", Policy.SYNC, true, false, NO_WAIT).withSealKey(KEY);
  private static final RecordSet LEGACY =
      RecordSet.values("legacy." + D, RecordType.A, 300, List.of("10.9.9.9"));
  private static final RecordSet SPF =
      RecordSet.values(D, RecordType.TXT, 300, List.of("v=spf1 -all"));

  private final InMemoryCatalog catalog = new InMemoryCatalog();
  private InMemoryZones zones = new InMemoryZones();

  private Reconciler reconciler(Reconciler.Options options) {
    return new Reconciler(
        catalog,
        zones,
        new DomainResolver(
            TagKeys.AWS, List.of(), Layouts.builtIn(), Layouts.CONFLUENT_AWS_DEDICATED),
        options);
  }

  private Reconciler reconciler() {
    return reconciler(SYNC);
  }

  /** What a Kafka client in vpc-1 would be answered, as "name TTL TYPE values". */
  private List<String> dns(String domain) {
    Zone z =
        zones.find(domain, "vpc-1").orElseThrow(() -> new AssertionError("no zone for " + domain));
    return zones.contents(z.id()).stream().map(c -> c.record().toString()).toList();
  }

  private static List<String> confluentRecords(String domain, String id, String... azs) {
    List<String> out = new java.util.ArrayList<>();
    out.add("*." + domain + " 60 CNAME " + regionalName(id));
    for (String az : azs) {
      out.add("*." + az + "." + domain + " 60 CNAME " + zonalName(id, az));
    }
    return out;
  }

  @Test
  void newEndpointGetsZoneAndRecords() {
    catalog.put(awsEndpoint(ID).domain(D).build());

    Outcome o = reconciler().endpoint(ID, VPC_1);

    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(o.zoneCreated()).isTrue();
    assertThat(zones.find(D, "vpc-1")).isPresent();
    assertThat(dns(D))
        .containsExactlyInAnyOrderElementsOf(
            confluentRecords(D, ID, "use2-az1", "use2-az2", "use2-az3"));
    Zone z = zones.find(D, "vpc-1").orElseThrow();
    assertThat(zones.contents(z.id()))
        .allSatisfy(
            c ->
                assertThat(c.owner())
                    .contains(
                        OwnerMarker.of("linkdns", Layouts.CONFLUENT_AWS_DEDICATED, List.of(ID))
                            .sealedWith(KEY, c.record())));
  }

  @Test
  void wrongNetworkHintStillFindsTheEndpoint() {
    catalog.put(awsEndpoint(ID).domain(D).azs("use2-az1").build());

    Outcome o = reconciler().endpoint(ID, Optional.of("vpc-elsewhere"));

    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(dns(D)).containsExactly("*." + D + " 60 CNAME " + zonalName(ID, "use2-az1"));
  }

  @Test
  void unknownEndpointIsSkipped() {
    Outcome o = reconciler().endpoint("vpce-0gone", Optional.empty());

    assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(zones.list(ZoneOwnership.of("linkdns"))).isEmpty();
  }

  @Test
  void secondRunWritesNothing() {
    catalog.put(awsEndpoint(ID).domain(D).build());
    reconciler().endpoint(ID, VPC_1);
    int writes = zones.writes();

    Outcome again = reconciler().endpoint(ID, Optional.empty());
    List<Outcome> sweep = reconciler().sweep();

    assertThat(again.status()).isEqualTo(Outcome.Status.IN_SYNC);
    assertThat(sweep).extracting(Outcome::status).containsOnly(Outcome.Status.IN_SYNC);
    assertThat(zones.writes()).isEqualTo(writes);
    assertThat(zones.zonesCreated()).isEqualTo(1);
  }

  @Test
  void existingZoneOfThatNameIsReused() {
    Zone existing = zones.addZone(D, "vpc-1");
    zones.putForeign(existing.id(), LEGACY);
    catalog.put(awsEndpoint(ID).domain(D).azs("use2-az1").build());

    Outcome o = reconciler().endpoint(ID, VPC_1);

    assertThat(o.zoneId()).contains(existing.id());
    assertThat(zones.zonesCreated()).isZero();
    assertThat(dns(D))
        .containsExactlyInAnyOrder(
            LEGACY.toString(), "*." + D + " 60 CNAME " + zonalName(ID, "use2-az1"));
  }

  @Test
  void deletedEndpointLosesItsRecordsAndForeignOnesStay() {
    Zone z = zones.addZone(D, "vpc-1");
    zones.putForeign(z.id(), LEGACY).putForeign(z.id(), SPF);
    catalog.put(awsEndpoint(ID).domain(D).build());
    reconciler().endpoint(ID, VPC_1);

    catalog.state(ID, EndpointState.GONE);
    Outcome o = reconciler().endpoint(ID, Optional.empty());

    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(o.count(Change.Delete.class)).isEqualTo(4);
    assertThat(dns(D)).containsExactlyInAnyOrder(LEGACY.toString(), SPF.toString());
  }

  @Test
  void deletedEndpointHandsItsNamesToTheOneThatRemains() {
    catalog.put(awsEndpoint("vpce-0aaa").domain(D).azs("use2-az1", "use2-az2").build());
    catalog.put(awsEndpoint("vpce-0bbb").domain(D).azs("use2-az2", "use2-az3").build());
    reconciler().endpoint("vpce-0aaa", VPC_1);
    assertThat(dns(D)).contains("*." + D + " 60 CNAME " + regionalName("vpce-0aaa"));

    catalog.state("vpce-0aaa", EndpointState.GONE);
    reconciler().endpoint("vpce-0aaa", Optional.empty());

    assertThat(dns(D))
        .containsExactlyInAnyOrderElementsOf(
            confluentRecords(D, "vpce-0bbb", "use2-az2", "use2-az3"));
  }

  @Test
  void concurrentWriterOnceThenConverges() {
    Zone z = zones.addZone(D, "vpc-1");
    catalog.put(awsEndpoint(ID).domain(D).build());
    // Another invocation for the same endpoint writes the wildcard first.
    RecordSet wildcard =
        RecordSet.values("*." + D, RecordType.CNAME, 60, List.of(regionalName(ID)));
    zones.beforeApply(
        1,
        dns ->
            dns.putOwned(
                z.id(),
                wildcard,
                OwnerMarker.of("linkdns", Layouts.CONFLUENT_AWS_DEDICATED, List.of(ID))));

    Outcome o = reconciler().endpoint(ID, VPC_1);

    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(zones.applyCalls()).isEqualTo(2);
    assertThat(dns(D))
        .containsExactlyInAnyOrderElementsOf(
            confluentRecords(D, ID, "use2-az1", "use2-az2", "use2-az3"));
  }

  @Test
  void concurrentEditOfARecordBeingUpdatedIsReplannedFromWhatIsThere() {
    catalog.put(awsEndpoint(ID).domain(D).azs("use2-az1", "use2-az2").build());
    reconciler().endpoint(ID, VPC_1);
    Zone z = zones.find(D, "vpc-1").orElseThrow();
    // Down to one AZ: the wildcard moves to the zonal name (an update) and the per-AZ records go.
    catalog.put(awsEndpoint(ID).domain(D).azs("use2-az1").build());
    // Someone edits our wildcard between our read and our write (to another of the endpoint's
    // names).
    zones.beforeApply(
        zones.applyCalls() + 1,
        dns ->
            dns.putOwned(
                z.id(),
                RecordSet.values(
                    "*." + D,
                    RecordType.CNAME,
                    300,
                    List.of(io.linkdns.core.testing.AwsEndpointBuilder.regionalName(ID))),
                OwnerMarker.of("linkdns", Layouts.CONFLUENT_AWS_DEDICATED, List.of(ID))));
    int callsBefore = zones.applyCalls();

    Outcome o = reconciler().endpoint(ID, VPC_1);

    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(zones.applyCalls() - callsBefore).as("refused once, then re-planned").isEqualTo(2);
    assertThat(dns(D)).containsExactly("*." + D + " 60 CNAME " + zonalName(ID, "use2-az1"));
  }

  @Test
  void concurrentChangeEveryTimeSurfacesAfterTheLastAttempt() {
    Zone z = zones.addZone(D, "vpc-1");
    catalog.put(awsEndpoint(ID).domain(D).azs("use2-az1").build());
    RecordSet wildcard =
        RecordSet.values("*." + D, RecordType.CNAME, 60, List.of(zonalName(ID, "use2-az1")));
    // Markers of endpoints no longer listed count only with the keyed seal linkdns writes.
    zones.putOwned(
        z.id(),
        wildcard,
        OwnerMarker.of("linkdns", "x", List.of("vpce-old")).sealedWith(KEY, wildcard));
    for (int i = 1; i <= NO_WAIT.maxAttempts(); i++) {
      // Every time, someone rewrites the marker between our read and our write.
      String writer = "vpce-writer" + i;
      zones.beforeApply(
          i,
          dns ->
              dns.putOwned(
                  z.id(),
                  wildcard,
                  OwnerMarker.of("linkdns", "x", List.of(writer)).sealedWith(KEY, wildcard)));
    }

    assertThatThrownBy(() -> reconciler().endpoint(ID, VPC_1))
        .isInstanceOf(ConcurrentChangeException.class);
    assertThat(zones.applyCalls()).isEqualTo(NO_WAIT.maxAttempts());
    assertThat(zones.writes()).isZero();
  }

  @Test
  void crashAfterTheFirstBatchConvergesOnTheNextRun() {
    // Four records and their markers, two changes per batch: the crash leaves half of them written.
    zones = new InMemoryZones(new ProviderLimits(Integer.MAX_VALUE, 4, 32_000, 400));
    catalog.put(awsEndpoint(ID).domain(D).build());
    zones.crashOnApply(2);

    assertThatThrownBy(() -> reconciler().endpoint(ID, VPC_1))
        .isInstanceOf(IllegalStateException.class);
    assertThat(dns(D)).hasSize(2);

    Outcome next = reconciler().endpoint(ID, VPC_1);

    assertThat(next.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(next.count(Change.Create.class)).isEqualTo(2);
    assertThat(dns(D))
        .containsExactlyInAnyOrderElementsOf(
            confluentRecords(D, ID, "use2-az1", "use2-az2", "use2-az3"));
    assertThat(reconciler().endpoint(ID, VPC_1).status()).isEqualTo(Outcome.Status.IN_SYNC);
  }

  @Test
  void dryRunWithoutZoneWritesNothing() {
    catalog.put(awsEndpoint(ID).domain(D).build());

    Outcome o = reconciler(SYNC.withDryRun(true)).endpoint(ID, VPC_1);

    assertThat(o.status()).isEqualTo(Outcome.Status.PLANNED);
    assertThat(o.count(Change.Create.class)).isEqualTo(4);
    assertThat(o.notes()).anySatisfy(n -> assertThat(n).contains("would be created"));
    assertThat(zones.list(ZoneOwnership.of("linkdns"))).isEmpty();
    assertThat(zones.applyCalls()).isZero();
  }

  @Test
  void dryRunOnAZoneWritesNothing() {
    Zone z = zones.addZone(D, "vpc-1");
    zones.putForeign(z.id(), LEGACY);
    catalog.put(awsEndpoint(ID).domain(D).build());

    List<Outcome> outcomes = reconciler(SYNC.withDryRun(true)).sweep();

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Outcome.Status.PLANNED);
              assertThat(o.count(Change.Create.class)).isEqualTo(4);
            });
    assertThat(zones.applyCalls()).isZero();
    assertThat(dns(D)).containsExactly(LEGACY.toString());
  }

  @Test
  void noZoneAndZoneCreationOffFailsNamingTheSetting() {
    catalog.put(awsEndpoint(ID).domain(D).build());

    Outcome o =
        reconciler(new Reconciler.Options("linkdns", Policy.SYNC, false, false, NO_WAIT))
            .endpoint(ID, VPC_1);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.error())
        .hasValueSatisfying(e -> assertThat(e).contains("LINKDNS_CREATE_ZONES").contains(D));
    assertThat(zones.list(ZoneOwnership.of("linkdns"))).isEmpty();
    assertThat(zones.applyCalls()).isZero();
  }

  @Test
  void sweepCleansAZoneWhoseEndpointsVanished() {
    Zone z = zones.addZone(D, "vpc-1");
    zones.putForeign(z.id(), LEGACY);
    catalog.put(awsEndpoint(ID).domain(D).build());
    reconciler().endpoint(ID, VPC_1);
    catalog.remove(ID);

    Outcome lateEvent = reconciler().endpoint(ID, Optional.empty());
    assertThat(lateEvent.status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(dns(D)).hasSize(5);

    List<Outcome> sweep = reconciler().sweep();

    assertThat(sweep).extracting(Outcome::status).containsExactly(Outcome.Status.CHANGED);
    assertThat(dns(D)).containsExactly(LEGACY.toString());
  }

  @Test
  void pendingEndpointIsPickedUpBySweepOnceAccepted() {
    catalog.put(awsEndpoint(ID).domain(D).state(EndpointState.PENDING).build());
    Outcome created = reconciler().endpoint(ID, VPC_1);
    assertThat(created.status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(zones.list(ZoneOwnership.of("linkdns"))).isEmpty();

    catalog.state(
        ID, EndpointState.LIVE); // acceptance happens in the provider's account: no event for us
    reconciler().sweep();

    assertThat(dns(D))
        .containsExactlyInAnyOrderElementsOf(
            confluentRecords(D, ID, "use2-az1", "use2-az2", "use2-az3"));
  }

  @Test
  void recordsOfAnEndpointBeingModifiedAreHeldUntilItSettles() {
    catalog.put(awsEndpoint(ID).domain(D).build());
    reconciler().endpoint(ID, VPC_1);
    List<String> before = dns(D);

    catalog.put(awsEndpoint(ID).domain(D).azs("use2-az1").state(EndpointState.PENDING).build());
    Outcome pending = reconciler().endpoint(ID, VPC_1);

    assertThat(pending.notes()).anySatisfy(n -> assertThat(n).contains("pending"));
    assertThat(dns(D)).isEqualTo(before);

    catalog.state(ID, EndpointState.LIVE);
    reconciler().endpoint(ID, VPC_1);

    assertThat(dns(D)).containsExactly("*." + D + " 60 CNAME " + zonalName(ID, "use2-az1"));
  }

  /**
   * The outcome says which endpoints it read as pending, so a caller comes back without asking the
   * cloud again.
   */
  @ParameterizedTest(name = "{0} beside {1}: pending {2}")
  @CsvSource({
    "PENDING, LIVE,    vpce-0abc",
    "LIVE,    PENDING, vpce-0def",
    "PENDING, PENDING, vpce-0abc vpce-0def",
    "LIVE,    LIVE,    ''",
    "LIVE,    GONE,    ''"
  })
  void theOutcomeNamesThePendingEndpointsItReadAndHeld(
      EndpointState mine, EndpointState neighbour, String pending) {
    catalog.put(awsEndpoint(ID).domain(D).state(mine).build());
    catalog.put(awsEndpoint("vpce-0def").domain(D).state(neighbour).build());

    Outcome outcome = reconciler().endpoint(ID, VPC_1);

    assertThat(outcome.pending())
        .containsExactlyElementsOf(pending.isEmpty() ? List.of() : List.of(pending.split(" ")));
  }

  @Test
  void zoneEventRepairsManagedRecordsAndLeavesForeignOnes() {
    catalog.put(awsEndpoint(ID).domain(D).build());
    reconciler().endpoint(ID, VPC_1);
    Zone z = zones.find(D, "vpc-1").orElseThrow();
    OwnerMarker ours = OwnerMarker.of("linkdns", Layouts.CONFLUENT_AWS_DEDICATED, List.of(ID));
    // The AZ mix-up: the wildcard sent to one AZ's name, still one of the endpoint's own names.
    zones
        .putOwned(
            z.id(),
            RecordSet.values("*." + D, RecordType.CNAME, 60, List.of(zonalName(ID, "use2-az1"))),
            ours)
        .remove(z.id(), "*.use2-az2." + D, RecordType.CNAME)
        .putForeign(z.id(), LEGACY);

    Outcome o = reconciler().zone(z.id());

    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    List<String> expected =
        new java.util.ArrayList<>(confluentRecords(D, ID, "use2-az1", "use2-az2", "use2-az3"));
    expected.add(LEGACY.toString());
    assertThat(dns(D)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aMarkerNextToValuesOfNoEndpointItNamesDoesNotCount() {
    catalog.put(awsEndpoint(ID).domain(D).build());
    reconciler().endpoint(ID, VPC_1);
    Zone z = zones.find(D, "vpc-1").orElseThrow();
    // Someone points the wildcard elsewhere and keeps (or forges) the marker: the record is theirs
    // now.
    RecordSet theirs =
        RecordSet.values("*." + D, RecordType.CNAME, 60, List.of("typo.example.com"));
    zones.putOwned(
        z.id(), theirs, OwnerMarker.of("linkdns", Layouts.CONFLUENT_AWS_DEDICATED, List.of(ID)));

    Outcome o = reconciler().zone(z.id());

    assertThat(o.status()).isEqualTo(Outcome.Status.IN_SYNC);
    assertThat(o.conflicts())
        .singleElement()
        .satisfies(c -> assertThat(c.found()).isEqualTo(theirs));
    assertThat(o.notes())
        .anySatisfy(n -> assertThat(n).contains("marker for *." + D + " CNAME ignored"));
    assertThat(dns(D)).contains(theirs.toString());
  }

  @Test
  void foreignRecordAtAManagedNameIsReportedAndKept() {
    Zone z = zones.addZone(D, "vpc-1");
    RecordSet theirs = RecordSet.values("*." + D, RecordType.A, 300, List.of("10.9.9.9"));
    zones.putForeign(z.id(), theirs);
    catalog.put(awsEndpoint(ID).domain(D).build());

    Outcome o = reconciler().endpoint(ID, VPC_1);

    assertThat(o.conflicts())
        .singleElement()
        .satisfies(c -> assertThat(c.found()).isEqualTo(theirs));
    assertThat(dns(D))
        .contains(theirs.toString())
        .hasSize(4)
        .noneMatch(r -> r.startsWith("*." + D + " 60 CNAME"));
  }

  @Test
  void endpointWithoutTagOrRuleIsLeftAlone() {
    catalog.put(awsEndpoint(ID).build());

    Outcome o = reconciler().endpoint(ID, VPC_1);

    assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
    assertThat(zones.list(ZoneOwnership.of("linkdns"))).isEmpty();
  }

  @Test
  void endpointWithABadTagFailsNamingTheTag() {
    catalog.put(awsEndpoint(ID).domain("not_a..domain").build());

    Outcome o = reconciler().endpoint(ID, VPC_1);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.error())
        .hasValueSatisfying(
            e -> assertThat(e).startsWith("endpoint[vpce-0abc].tag[linkdns:domain]="));
    assertThat(zones.list(ZoneOwnership.of("linkdns"))).isEmpty();
  }

  @Test
  void aNeighbourWithABadTagDoesNotBlockTheOtherEndpointsOfItsNetwork() {
    catalog.put(awsEndpoint(ID).domain(D).build());
    catalog.put(awsEndpoint("vpce-0bad").domain("*." + D2).build());

    Outcome good = reconciler().endpoint(ID, VPC_1);
    List<Outcome> sweep = reconciler().sweep();

    assertThat(good.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(dns(D))
        .containsExactlyInAnyOrderElementsOf(
            confluentRecords(D, ID, "use2-az1", "use2-az2", "use2-az3"));
    assertThat(sweep)
        .filteredOn(o -> o.status() == Outcome.Status.FAILED)
        .singleElement()
        .satisfies(o -> assertThat(o.error().orElseThrow()).contains("vpce-0bad"));
  }

  @Test
  void aZoneThatFailsDoesNotStopTheSweep() {
    catalog.put(awsEndpoint("vpce-0aaa").domain(D).azs("use2-az1").build());
    catalog.put(awsEndpoint("vpce-0bbb").domain(D2).azs("use2-az2").build());
    zones.crashOnApply(1);

    List<Outcome> first = reconciler().sweep();

    assertThat(first)
        .extracting(Outcome::status)
        .containsExactlyInAnyOrder(Outcome.Status.FAILED, Outcome.Status.CHANGED);
    assertThat(first)
        .filteredOn(o -> o.status() == Outcome.Status.FAILED)
        .singleElement()
        .satisfies(o -> assertThat(o.error().orElseThrow()).contains("simulated crash"));

    reconciler().sweep();

    assertThat(dns(D))
        .containsExactly("*." + D + " 60 CNAME " + zonalName("vpce-0aaa", "use2-az1"));
    assertThat(dns(D2))
        .containsExactly("*." + D2 + " 60 CNAME " + zonalName("vpce-0bbb", "use2-az2"));
  }

  @Test
  void recordSetLargerThanTheProviderAllowsFailsBeforeWriting() {
    zones = new InMemoryZones(new ProviderLimits(Integer.MAX_VALUE, 1000, 32_000, 2));
    catalog.put(awsEndpoint(ID).domain(D).layout(Layouts.CONFLUENT_AWS_DEDICATED_A).build());

    Outcome o = reconciler().endpoint(ID, VPC_1);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.error())
        .hasValueSatisfying(e -> assertThat(e).contains("*." + D + " A").contains("3 values"));
    assertThat(zones.applyCalls()).isZero();
  }

  @Test
  void azureDedicatedZoneOneRecordSetPerRequest() {
    zones = new InMemoryZones(ProviderLimits.AZURE_PRIVATE_DNS);
    String domain = "p8xo76.centralus.azure.confluent.cloud";
    for (int zone = 1; zone <= 3; zone++) {
      catalog.put(
          azureEndpoint("pe-confluent-" + zone)
              .domain(domain)
              .zone(Integer.toString(zone))
              .ip("10.1.0." + (3 + zone))
              .build());
    }
    Reconciler azure =
        new Reconciler(
            catalog,
            zones,
            new DomainResolver(
                TagKeys.AZURE, List.of(), Layouts.builtIn(), Layouts.CONFLUENT_AZURE_DEDICATED),
            SYNC);

    Outcome o =
        azure.endpoint(
            AzureEndpointBuilder.id("pe-confluent-2"), Optional.of(AzureEndpointBuilder.VNET));

    assertThat(o.batches()).isEqualTo(4);
    Zone z = zones.find(domain, AzureEndpointBuilder.VNET).orElseThrow();
    assertThat(zones.contents(z.id()))
        .extracting(c -> c.record().toString())
        .containsExactlyInAnyOrder(
            "*." + domain + " 60 A 10.1.0.4 10.1.0.5 10.1.0.6",
            "*.az1." + domain + " 60 A 10.1.0.4",
            "*.az2." + domain + " 60 A 10.1.0.5",
            "*.az3." + domain + " 60 A 10.1.0.6");
    assertThat(zones.contents(z.id()))
        .extracting(CurrentRecord::owner)
        .allSatisfy(owner -> assertThat(owner).isPresent());
  }
}
