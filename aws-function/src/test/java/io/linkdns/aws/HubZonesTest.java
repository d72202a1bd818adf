package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.aws.testing.CallCounter;
import io.linkdns.aws.testing.EmulatedAccounts;
import io.linkdns.core.config.Settings;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.ownership.Authority;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.reconcile.Reconciler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.VPC;

/**
 * Hub-owned zones on the emulator's organisation: a member account's endpoint gets a zone of the
 * hub, created with the home VPC and linked to the endpoint's VPC through the member's own Route
 * 53; every zone is shared with a hub VPC, a third account's VPC and a profile as
 * LINKDNS_SHARE_WITH says; a zone that goes leaves them; the sweep re-adds lost links; a VPC that
 * would see two zones of one name refuses the whole creation; tags and events cannot add a place to
 * share with.
 */
class HubZonesTest {
  private static final Region REGION = AwsWorld.REGION;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();
  private static URI endpoint;

  private Account hub;
  private Account member;
  private Account third;
  private String homeVpc;
  private String hubShared;
  private String profile;
  private final CallCounter hubCalls = new CallCounter();

  /**
   * One emulated account: credentials, EC2, Route 53 (the hub's counted), and a VPC with subnets in
   * three AZs.
   */
  record Account(
      String id, AwsCredentials credentials, Ec2Client ec2, Route53Client route53, String vpc) {
    String newVpc() {
      return ec2.createVpc(r -> r.cidrBlock("10.50.0.0/16")).vpc().vpcId();
    }

    List<String> zonesSeenBy(String vpcId) {
      return route53
          .listHostedZonesByVPC(r -> r.vpcId(vpcId).vpcRegion(REGION.id()))
          .hostedZoneSummaries()
          .stream()
          .map(z -> DnsName.normalize(z.name()) + " " + z.hostedZoneId())
          .toList();
    }
  }

  @BeforeAll
  static void emulator() {
    AwsEmulator emulator = AwsEmulator.get();
    assumeThat(emulator.kind()).as("several accounts are linkdns's moto patches").isEqualTo("moto");
    endpoint = emulator.endpoint();
  }

  @BeforeEach
  void organisation() {
    hub = assume(randomAccount(), hubCalls);
    member = assume(randomAccount(), null);
    third = assume(randomAccount(), null);
    homeVpc = hub.vpc();
    hubShared = hub.newVpc();
    profile =
        profiles(
                hub,
                SdkHttpMethod.POST,
                "/profile",
                "{\"Name\":\"hub\",\"ClientToken\":\"" + UUID.randomUUID() + "\"}")
            .path("Profile")
            .path("Id")
            .asText();
  }

  private String shareWith() {
    return hubShared + "," + third.id() + ":" + third.vpc() + "," + profile;
  }

  @Test
  void aMemberEndpointGetsAHubZoneLinkedToItsVpcAndSharedWithEveryListedPlace() {
    Reconciler reconciler =
        reconciler(Map.of(Sharing.HOME_VPC, homeVpc, Sharing.SHARE_WITH, shareWith()));
    String domain = AwsWorld.uniqueDomain();
    String vpce = endpoint(member, domain, Map.of());

    Outcome o = reconciler.endpoint(vpce, Optional.of(member.vpc()));

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(o.zoneCreated()).isTrue();
    String zone = o.zoneId().orElseThrow();
    // The zone is the hub's, and every place resolves it.
    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactlyInAnyOrder(homeVpc, member.vpc(), hubShared, third.vpc());
    assertThat(member.zonesSeenBy(member.vpc())).containsExactly(domain + " " + zone);
    assertThat(third.zonesSeenBy(third.vpc())).containsExactly(domain + " " + zone);
    assertThat(profileZones()).containsExactly(zone);
    // No authorization is left for anyone in those accounts to use later.
    assertThat(hub.route53().listVPCAssociationAuthorizations(r -> r.hostedZoneId(zone)).vpCs())
        .isEmpty();
    assertThat(records(zone)).containsKey("*." + domain + " CNAME");
  }

  @Test
  void aZoneThatGoesLeavesEveryPlaceItWasSharedWith() {
    Reconciler reconciler =
        reconciler(
            Map.of(
                Sharing.HOME_VPC,
                homeVpc,
                Sharing.SHARE_WITH,
                shareWith(),
                "LINKDNS_ZONE_GRACE_MINUTES",
                "0"));
    String domain = AwsWorld.uniqueDomain();
    String vpce = endpoint(member, domain, Map.of());
    String zone = reconciler.endpoint(vpce, Optional.of(member.vpc())).zoneId().orElseThrow();

    member.ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(vpce));
    Outcome o = reconciler.endpoint(vpce, Optional.of(member.vpc()));

    assertThat(o.zoneDeleted()).as(o.summary().toString()).isTrue();
    assertThat(hub.route53().listHostedZonesByName(r -> r.dnsName(domain)).hostedZones())
        .noneMatch(z -> DnsName.normalize(z.name()).equals(domain));
    assertThat(profileZones()).doesNotContain(zone);
    for (Account a : List.of(hub, member, third)) {
      assertThat(a.zonesSeenBy(a.vpc())).noneMatch(z -> z.startsWith(domain + " "));
    }
    assertThat(hub.zonesSeenBy(hubShared)).noneMatch(z -> z.startsWith(domain + " "));
  }

  @Test
  void theSweepReAddsLostLinksAndAnInSyncZoneCostsFewCalls() {
    Reconciler reconciler =
        reconciler(Map.of(Sharing.HOME_VPC, homeVpc, Sharing.SHARE_WITH, shareWith()));
    String domain = AwsWorld.uniqueDomain();
    String vpce = endpoint(member, domain, Map.of());
    String zone = reconciler.endpoint(vpce, Optional.of(member.vpc())).zoneId().orElseThrow();

    // In sync: what one sweep costs this zone in Route 53 calls, and nothing is written.
    hubCalls.reset();
    List<Outcome> quiet = reconciler.sweep();
    assertThat(quiet)
        .allMatch(
            o -> o.status() == Outcome.Status.IN_SYNC || o.status() == Outcome.Status.SKIPPED);
    List<String> inSync = hubCalls.calls("Route53");
    System.out.println(
        "HubZonesTest: Route 53 calls of one sweep over one in-sync hub zone (hub account, "
            + "the organisation's other zones listed too): "
            + inSync.size()
            + " "
            + inSync);
    assertThat(hubCalls.writes("Route53")).isEmpty();

    // Drift: the member drops its own VPC, the hub drops a shared hub VPC and the third account's
    // VPC,
    // and the profile loses the zone.
    member
        .route53()
        .disassociateVPCFromHostedZone(
            r -> r.hostedZoneId(zone).vpc(v -> v.vpcId(member.vpc()).vpcRegion(REGION.id())));
    hub.route53()
        .disassociateVPCFromHostedZone(
            r -> r.hostedZoneId(zone).vpc(v -> v.vpcId(hubShared).vpcRegion(REGION.id())));
    hub.route53()
        .disassociateVPCFromHostedZone(
            r -> r.hostedZoneId(zone).vpc(v -> v.vpcId(third.vpc()).vpcRegion(REGION.id())));
    profiles(
        hub,
        SdkHttpMethod.DELETE,
        "/profileresourceassociation/profileid/"
            + profile
            + "/resourcearn/"
            + java.net.URLEncoder.encode(Route53Profiles.zoneArn(zone), StandardCharsets.UTF_8),
        null);

    List<Outcome> repaired = reconciler.sweep();

    assertThat(repaired)
        .noneMatch(
            o -> o.status() == Outcome.Status.FAILED || o.status() == Outcome.Status.REFUSED);
    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactlyInAnyOrder(homeVpc, member.vpc(), hubShared, third.vpc());
    assertThat(profileZones()).containsExactly(zone);
    assertThat(hub.route53().listVPCAssociationAuthorizations(r -> r.hostedZoneId(zone)).vpCs())
        .isEmpty();
    // Repaired in place: no second zone of the name was made.
    assertThat(hub.route53().listHostedZonesByName(r -> r.dnsName(domain)).hostedZones())
        .filteredOn(z -> DnsName.normalize(z.name()).equals(domain))
        .hasSize(1);
  }

  @Test
  void aVpcThatWouldSeeTwoZonesOfOneNameRefusesTheWholeCreationBeforeAnyWrite() {
    Reconciler reconciler =
        reconciler(Map.of(Sharing.HOME_VPC, homeVpc, Sharing.SHARE_WITH, shareWith()));
    String domain = AwsWorld.uniqueDomain();
    // The third account already resolves the name through a zone of its own.
    String theirs =
        third
            .route53()
            .createHostedZone(
                r ->
                    r.name(domain)
                        .callerReference(UUID.randomUUID().toString())
                        .hostedZoneConfig(c -> c.privateZone(true))
                        .vpc(v -> v.vpcId(third.vpc()).vpcRegion(REGION.id())))
            .hostedZone()
            .id()
            .replace("/hostedzone/", "");
    String vpce = endpoint(member, domain, Map.of());
    hubCalls.reset();

    Outcome o = reconciler.endpoint(vpce, Optional.of(member.vpc()));

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(Outcome.Status.REFUSED);
    assertThat(String.join(" ", o.refusals()))
        .contains(third.vpc(), theirs, domain, Sharing.SHARE_WITH);
    assertThat(hubCalls.writes("Route53")).isEmpty();
    assertThat(hub.route53().listHostedZonesByName(r -> r.dnsName(domain)).hostedZones())
        .noneMatch(z -> DnsName.normalize(z.name()).equals(domain));
    assertThat(member.zonesSeenBy(member.vpc())).isEmpty();
    assertThat(third.zonesSeenBy(third.vpc())).containsExactly(domain + " " + theirs);
    assertThat(profileZones()).isEmpty();
  }

  /**
   * The refusal leaves the zone's links as they were, and the endpoint's own records are still kept
   * right.
   */
  @Test
  void anExistingZoneSharedWithAVpcThatSeesAnotherOfItsNameIsRefusedAndLeftAsItWas() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = endpoint(member, domain, Map.of());
    String zone =
        reconciler(Map.of(Sharing.HOME_VPC, homeVpc))
            .endpoint(vpce, Optional.of(member.vpc()))
            .zoneId()
            .orElseThrow();
    String theirs =
        third
            .route53()
            .createHostedZone(
                r ->
                    r.name(domain)
                        .callerReference(UUID.randomUUID().toString())
                        .hostedZoneConfig(c -> c.privateZone(true))
                        .vpc(v -> v.vpcId(third.vpc()).vpcRegion(REGION.id())))
            .hostedZone()
            .id()
            .replace("/hostedzone/", "");
    // The operator now lists a hub VPC and the third account's VPC: the hub VPC would be fine, the
    // third is not.
    Reconciler widened =
        reconciler(
            Map.of(
                Sharing.HOME_VPC,
                homeVpc,
                Sharing.SHARE_WITH,
                hubShared + "," + third.id() + ":" + third.vpc()));

    String wildcard = "*." + domain + " CNAME";
    hub.route53()
        .changeResourceRecordSets(
            r ->
                r.hostedZoneId(zone)
                    .changeBatch(
                        b ->
                            b.changes(
                                c ->
                                    c.action(
                                            software.amazon.awssdk.services.route53.model
                                                .ChangeAction.DELETE)
                                        .resourceRecordSet(
                                            hub
                                                .route53()
                                                .listResourceRecordSets(q -> q.hostedZoneId(zone))
                                                .resourceRecordSets()
                                                .stream()
                                                .filter(
                                                    x ->
                                                        (DnsName.normalize(x.name())
                                                                + " "
                                                                + x.typeAsString())
                                                            .equals(wildcard))
                                                .findFirst()
                                                .orElseThrow()))));

    Outcome o = widened.endpoint(vpce, Optional.of(member.vpc()));

    assertThat(String.join(" ", o.refusals()))
        .as(o.summary().toString())
        .contains(third.vpc(), theirs, zone, Sharing.SHARE_WITH);
    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactlyInAnyOrder(homeVpc, member.vpc());
    assertThat(third.zonesSeenBy(third.vpc())).containsExactly(domain + " " + theirs);
    // The record someone deleted is back: the refused share did not stop the endpoint's own zone.
    assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED);
    assertThat(records(zone)).containsKey(wildcard);
  }

  /**
   * A profile's conflict shows only when writing to it: the new zone is undone, nothing half-done
   * is left.
   */
  @Test
  void aProfileThatHoldsAnotherZoneOfTheNameUndoesTheNewZone() {
    String domain = AwsWorld.uniqueDomain();
    String elsewhere = hub.newVpc();
    String other =
        hub.route53()
            .createHostedZone(
                r ->
                    r.name(domain)
                        .callerReference(UUID.randomUUID().toString())
                        .hostedZoneConfig(c -> c.privateZone(true))
                        .vpc(v -> v.vpcId(elsewhere).vpcRegion(REGION.id())))
            .hostedZone()
            .id()
            .replace("/hostedzone/", "");
    profiles(
        hub,
        SdkHttpMethod.POST,
        "/profileresourceassociation",
        "{\"ProfileId\":\""
            + profile
            + "\",\"ResourceArn\":\""
            + Route53Profiles.zoneArn(other)
            + "\",\"Name\":\"operator\"}");
    Reconciler reconciler =
        reconciler(Map.of(Sharing.HOME_VPC, homeVpc, Sharing.SHARE_WITH, shareWith()));
    String vpce = endpoint(member, domain, Map.of());

    Outcome o = reconciler.endpoint(vpce, Optional.of(member.vpc()));

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(Outcome.Status.REFUSED);
    assertThat(String.join(" ", o.refusals())).contains(profile, "ConflictException");
    assertThat(hub.route53().listHostedZonesByName(r -> r.dnsName(domain)).hostedZones())
        .filteredOn(z -> DnsName.normalize(z.name()).equals(domain))
        .extracting(z -> z.id().replace("/hostedzone/", ""))
        .containsExactly(other);
    for (Account a : List.of(hub, member, third)) {
      assertThat(a.zonesSeenBy(a.vpc())).isEmpty();
    }
    assertThat(hub.zonesSeenBy(hubShared)).isEmpty();
    assertThat(profileZones()).containsExactly(other);
  }

  /**
   * The hand-made Profiles client against the reference's shapes: add, list, remove, and the errors
   * it reads.
   */
  @Test
  void theProfilesClientSpeaksTheReferenceShapes() {
    Route53Profiles client = new Route53Profiles(HTTP, endpoint, REGION.id(), hub::credentials);
    String zone =
        hub.route53()
            .createHostedZone(
                r ->
                    r.name(AwsWorld.uniqueDomain())
                        .callerReference(UUID.randomUUID().toString())
                        .hostedZoneConfig(c -> c.privateZone(true))
                        .vpc(v -> v.vpcId(homeVpc).vpcRegion(REGION.id())))
            .hostedZone()
            .id()
            .replace("/hostedzone/", "");

    client.associate(profile, zone, "linkdns-" + zone);
    assertThat(client.zones(profile)).containsExactly(zone);
    assertThat(client.disassociate(profile, zone)).isTrue();
    assertThat(client.disassociate(profile, zone)).isFalse();
    assertThat(client.zones(profile)).isEmpty();

    assertThatThrownBy(() -> client.associate(profile, zone, "not.a.valid.name"))
        .isInstanceOfSatisfying(
            Route53Profiles.ProfilesException.class,
            e -> assertThat(e.code()).isEqualTo("ValidationException"))
        .hasMessageContaining("AssociateResourceToProfile");
    assertThatThrownBy(() -> client.zones("rp-0000000000000000"))
        .isInstanceOfSatisfying(
            Route53Profiles.ProfilesException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ResourceNotFoundException");
              assertThat(e.status()).isEqualTo(404);
            });
  }

  /** Tags are anyone's who can tag an endpoint: none of them names a place to share with. */
  @ParameterizedTest(name = "tag {0}")
  @CsvSource({
    "linkdns:share, VPC",
    "linkdns:share-with, ACCOUNT_VPC",
    "linkdns:profile, PROFILE",
    "linkdns:home-vpc, VPC",
    "Name, VPC"
  })
  void noTagAddsAPlaceToShareWith(String key, String what) {
    String attackerVpc = third.vpc();
    String attackerProfile =
        profiles(
                third,
                SdkHttpMethod.POST,
                "/profile",
                "{\"Name\":\"attacker\",\"ClientToken\":\"" + UUID.randomUUID() + "\"}")
            .path("Profile")
            .path("Id")
            .asText();
    String value =
        switch (what) {
          case "VPC" -> attackerVpc;
          case "ACCOUNT_VPC" -> third.id() + ":" + attackerVpc;
          default -> attackerProfile;
        };
    Reconciler reconciler = reconciler(Map.of(Sharing.HOME_VPC, homeVpc));
    String domain = AwsWorld.uniqueDomain();
    String vpce = endpoint(member, domain, Map.of(key, value));

    String zone = reconciler.endpoint(vpce, Optional.of(member.vpc())).zoneId().orElseThrow();
    reconciler.sweep();

    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactlyInAnyOrder(homeVpc, member.vpc());
    assertThat(third.zonesSeenBy(attackerVpc)).isEmpty();
    assertThat(
            profiles(
                    third,
                    SdkHttpMethod.GET,
                    "/profileresourceassociations/profileid/" + attackerProfile,
                    null)
                .path("ProfileResourceAssociations")
                .size())
        .isZero();
  }

  /**
   * An event names a VPC as a hint only: the endpoint's real VPC and the settings decide, nothing
   * else is linked.
   */
  @Test
  void anEventNamingAnotherVpcLinksNothingThere() {
    Reconciler reconciler = reconciler(Map.of(Sharing.HOME_VPC, homeVpc));
    String domain = AwsWorld.uniqueDomain();
    String vpce = endpoint(member, domain, Map.of());

    Outcome o = reconciler.endpoint(vpce, Optional.of(third.vpc()));

    String zone = o.zoneId().orElseThrow();
    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactlyInAnyOrder(homeVpc, member.vpc());
    assertThat(third.zonesSeenBy(third.vpc())).isEmpty();
  }

  /**
   * A hub endpoint in a hub VPC: its zone is created with that VPC and shared with the home VPC, as
   * before plus sharing.
   */
  @Test
  void aHubEndpointsZoneIsCreatedWithItsOwnVpcAndSharedToo() {
    String domain = AwsWorld.uniqueDomain();
    String vpce = endpoint(hub, domain, Map.of(), hubShared);
    hubCalls.reset();
    Reconciler hubSide =
        reconciler(Map.of(Sharing.HOME_VPC, homeVpc, Sharing.SHARE_WITH, shareWith()), hub);

    Outcome o = hubSide.endpoint(vpce, Optional.of(hubShared));

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(Outcome.Status.CHANGED);
    String zone = o.zoneId().orElseThrow();
    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactlyInAnyOrder(homeVpc, hubShared, third.vpc());
    // Only the third account's VPC needed an authorization: the hub's own VPCs are associated
    // directly.
    assertThat(hubCalls.calls("Route53"))
        .filteredOn(c -> c.endsWith("CreateVPCAssociationAuthorization"))
        .hasSize(1);
  }

  // ---- wiring over the emulator's accounts

  private Reconciler reconciler(Map<String, String> settings) {
    return reconciler(settings, member);
  }

  /**
   * A reconciler reading endpoints in one account and writing zones as the hub, members acting
   * through their own Route 53.
   */
  private Reconciler reconciler(Map<String, String> settings, Account endpoints) {
    Map<String, String> env = new HashMap<>(settings);
    env.put("AWS_REGION", REGION.id());
    Settings s = Settings.fromEnvironment(env, Layouts.CONFLUENT_AWS_DEDICATED);
    Map<String, Route53Client> members =
        Map.of(member.id(), member.route53(), third.id(), third.route53());
    Route53Zones zones =
        new Route53Zones(
            hub.route53(),
            REGION.id(),
            s.options().ownership(),
            Sharing.fromEnvironment(env),
            account -> {
              Route53Client c = members.get(account);
              if (c == null) {
                throw new IllegalStateException("no member account " + account);
              }
              return c;
            },
            Optional.of(new Route53Profiles(HTTP, endpoint, REGION.id(), hub::credentials)),
            hub::id);
    return new Reconciler(
        new Ec2EndpointCatalog(endpoints.ec2()),
        zones,
        s.resolver(TagKeys.AWS, Layouts.CONFLUENT_AWS_ENTERPRISE, Authority.NONE),
        s.options());
  }

  private String endpoint(Account in, String domain, Map<String, String> extraTags) {
    return endpoint(in, domain, extraTags, in.vpc());
  }

  private String endpoint(Account in, String domain, Map<String, String> extraTags, String vpcId) {
    List<String> subnets = new java.util.ArrayList<>();
    int i = 1;
    for (String az : AwsWorld.AZ_NAMES) {
      int n = i++;
      subnets.add(
          in.ec2()
              .createSubnet(
                  r ->
                      r.vpcId(vpcId)
                          .availabilityZone(az)
                          .cidrBlock(
                              "10." + (vpcId.equals(in.vpc()) ? 40 : 50) + "." + n + ".0/24"))
              .subnet()
              .subnetId());
    }
    Map<String, String> tags = new LinkedHashMap<>(extraTags);
    tags.put("linkdns:domain", domain);
    List<Tag> t =
        tags.entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    return in.ec2()
        .createVpcEndpoint(
            r ->
                r.vpcId(vpcId)
                    .serviceName(AwsWorld.SERVICE)
                    .vpcEndpointType("Interface")
                    .subnetIds(subnets)
                    .tagSpecifications(ts -> ts.resourceType(ResourceType.VPC_ENDPOINT).tags(t)))
        .vpcEndpoint()
        .vpcEndpointId();
  }

  private Map<String, List<String>> records(String zone) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (ResourceRecordSet r :
        hub.route53()
            .listResourceRecordSetsPaginator(q -> q.hostedZoneId(zone))
            .resourceRecordSets()) {
      out.put(
          DnsName.normalize(r.name()) + " " + r.typeAsString(),
          r.resourceRecords().stream().map(v -> v.value()).toList());
    }
    return out;
  }

  private List<String> profileZones() {
    List<String> out = new java.util.ArrayList<>();
    profiles(hub, SdkHttpMethod.GET, "/profileresourceassociations/profileid/" + profile, null)
        .path("ProfileResourceAssociations")
        .findValuesAsText("ResourceArn")
        .forEach(arn -> out.add(arn.substring(arn.lastIndexOf('/') + 1)));
    return out;
  }

  private static String randomAccount() {
    return EmulatedAccounts.randomId('8');
  }

  private static Account assume(String id, CallCounter counter) {
    AwsSessionCredentials creds = EmulatedAccounts.assume(id, "linkdns-spoke");
    Ec2Client ec2 = EmulatedAccounts.ec2(creds, REGION);
    Route53Client route53 =
        EmulatedAccounts.route53(
            creds,
            o -> {
              if (counter != null) {
                o.addExecutionInterceptor(counter);
              }
            });
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
    return new Account(id, creds, ec2, route53, vpc);
  }

  private static JsonNode profiles(Account who, SdkHttpMethod method, String path, String body) {
    return profiles(who.credentials(), method, path, body);
  }

  /**
   * One Route 53 Profiles call signed as the account (OrganisationHubTest makes and reads its
   * profile with it).
   */
  static JsonNode profiles(AwsCredentials who, SdkHttpMethod method, String path, String body) {
    URI endpoint = AwsEmulator.get().endpoint();
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder().method(method).uri(endpoint.resolve(path));
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(who)
                        .request(request.build())
                        .payload(body == null ? null : ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "route53profiles")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION.id()));
    try {
      var response =
          HTTP.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      byte[] content = response.responseBody().map(HubZonesTest::readAll).orElse(new byte[0]);
      assertThat(response.httpResponse().statusCode())
          .as(method + " " + path + " -> " + new String(content, StandardCharsets.UTF_8))
          .isEqualTo(200);
      return content.length == 0 ? JSON.createObjectNode() : JSON.readTree(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
