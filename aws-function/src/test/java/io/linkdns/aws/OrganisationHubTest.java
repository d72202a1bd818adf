package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.aws.OrganisationAccountsTest.Account;
import io.linkdns.aws.OrganisationAccountsTest.Calls;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.DnsName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.ec2.model.DnsEntry;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.VPC;

/**
 * The whole organisation path through the function's entry point: a hub Handler configured as the
 * operator does (LINKDNS_HOME_ACCOUNT, LINKDNS_ACCOUNTS, LINKDNS_SPOKE_ROLE, LINKDNS_HOME_VPC,
 * LINKDNS_SHARE_WITH with a hub VPC, a third account's VPC and a Route 53 Profile) receives a
 * member account's endpoint events as EventBridge delivers them; every call is attributed to the
 * account whose credentials signed it, so "no call into that account" is what the emulator saw.
 */
class OrganisationHubTest {
  private static URI endpoint;

  private Account hub;
  private Account member;
  private Account third;
  private Account stranger;
  private String hubShared;
  private String profile;
  private final Calls calls = new Calls();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @BeforeAll
  static void emulator() {
    AwsEmulator emulator = AwsEmulator.get();
    assumeThat(emulator.kind())
        .as("accounts are switched by linkdns's moto patches")
        .isEqualTo("moto");
    endpoint = emulator.endpoint();
  }

  @BeforeEach
  void organisation() {
    hub = Account.assume(OrganisationAccountsTest.randomAccount(), "10.60");
    member = Account.assume(OrganisationAccountsTest.randomAccount(), "10.61");
    third = Account.assume(OrganisationAccountsTest.randomAccount(), "10.62");
    stranger = Account.assume(OrganisationAccountsTest.randomAccount(), "10.63");
    hubShared = hub.ec2().createVpc(r -> r.cidrBlock("10.64.0.0/16")).vpc().vpcId();
    profile =
        HubZonesTest.profiles(
                hub.credentials(),
                SdkHttpMethod.POST,
                "/profile",
                "{\"Name\":\"hub\",\"ClientToken\":\"" + UUID.randomUUID() + "\"}")
            .path("Profile")
            .path("Id")
            .asText();
    calls.keys.put(hub.credentials().accessKeyId(), hub.id());
  }

  @Test
  void aMemberEndpointIsWiredIntoAHubZoneResolvableFromEveryListedPlace() {
    String domain = AwsWorld.uniqueDomain();
    String id = member.endpoint(domain);

    JsonNode answer =
        hubHandler(Map.of())
            .handle(
                OrganisationAccountsTest.createEvent(
                    member.id(), id, member.vpc(), member.subnets(), domain));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(
            o -> assertThat(o.path("status").asText()).as(o.toString()).isEqualTo("CHANGED"));
    String zone = hubZone(domain).orElseThrow();
    assertThat(hub.answers(zone)).isEqualTo(expectedRecords(domain, id));
    assertWiredEverywhere(zone);
    assertThat(calls.assumed())
        .allMatch(arn -> arn.contains(member.id()) || arn.contains(third.id()));
  }

  @Test
  void anUnlistedAccountsEventCausesNoCallIntoThatAccount() {
    String domain = AwsWorld.uniqueDomain();
    String theirs = stranger.endpoint(domain);

    JsonNode answer =
        hubHandler(Map.of())
            .handle(
                OrganisationAccountsTest.createEvent(
                    stranger.id(), theirs, stranger.vpc(), stranger.subnets(), domain));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.path("status").asText()).isEqualTo("REFUSED");
              assertThat(o.path("refused").toString()).contains(stranger.id(), "LINKDNS_ACCOUNTS");
            });
    assertThat(calls.assumed()).isEmpty();
    assertThat(calls.in(stranger.id())).isEmpty();
    assertThat(calls.all()).as("refused before any call of any account").isEmpty();
    assertThat(hubZone(domain)).isEmpty();
  }

  @Test
  void theSweepRepairsDriftAcrossAccounts() {
    String domain = AwsWorld.uniqueDomain();
    Handler handler = hubHandler(Map.of());
    String id = wiredMemberEndpoint(handler, domain);
    String zone = hubZone(domain).orElseThrow();
    Map<String, List<String>> wired = hub.answers(zone);

    // Drift in four places: a record in the hub zone, the member's own link, the third account's,
    // the profile's association.
    hub.deleteWildcard(zone, domain);
    member.route53().disassociateVPCFromHostedZone(r -> r.hostedZoneId(zone).vpc(member.vpcRef()));
    hub.route53().disassociateVPCFromHostedZone(r -> r.hostedZoneId(zone).vpc(third.vpcRef()));
    HubZonesTest.profiles(
        hub.credentials(),
        SdkHttpMethod.DELETE,
        "/profileresourceassociation/profileid/"
            + profile
            + "/resourcearn/"
            + URLEncoder.encode(Route53Profiles.zoneArn(zone), StandardCharsets.UTF_8),
        null);
    assertThat(hub.answers(zone)).isNotEqualTo(wired);

    JsonNode swept = handler.handle("{\"linkdns\":\"sweep\"}");

    assertThat(swept.path("outcomes"))
        .noneSatisfy(o -> assertThat(o.path("status").asText()).isIn("FAILED", "REFUSED"));
    assertThat(hub.answers(zone)).isEqualTo(wired);
    assertWiredEverywhere(zone);

    // Again in sync: nothing is written in any account.
    calls.reset();
    handler.handle("{\"linkdns\":\"sweep\"}");
    List<String> route53 = calls.all().stream().filter(c -> c.contains(" Route53.")).toList();
    System.out.println(
        "OrganisationHubTest: calls of one in-sync sweep (hub, member, third account; one hub zone): "
            + calls.all().size()
            + ", of them Route 53: "
            + route53.size()
            + " "
            + route53);
    assertThat(calls.all())
        .noneMatch(
            c ->
                c.contains("Change")
                    || c.contains("Associate")
                    || c.contains(".Create")
                    || c.contains(".Delete"));
  }

  @Test
  void theMembersDeleteRemovesItsRecordsAndTheZoneLeavesEveryPlace() {
    String domain = AwsWorld.uniqueDomain();
    Handler handler = hubHandler(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"));
    String id = wiredMemberEndpoint(handler, domain);
    String zone = hubZone(domain).orElseThrow();

    member.ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(id));
    JsonNode answer = handler.handle(deleteEvent(member.id(), id));

    assertThat(answer.path("outcomes"))
        .isNotEmpty()
        .noneSatisfy(o -> assertThat(o.path("status").asText()).isIn("FAILED", "REFUSED"));
    // Grace 0: the zone linkdns made goes with its last record, and leaves every place it was
    // shared with.
    assertThat(hubZone(domain)).isEmpty();
    assertThat(profileZones()).doesNotContain(zone);
    assertThat(zonesSeenBy(member, member.vpc())).isEmpty();
    assertThat(zonesSeenBy(third, third.vpc())).isEmpty();
    assertThat(zonesSeenBy(hub, hubShared)).isEmpty();
  }

  @Test
  void theMembersDeleteWithTheDefaultGraceKeepsTheZoneButNotTheRecords() {
    String domain = AwsWorld.uniqueDomain();
    Handler handler = hubHandler(Map.of());
    String id = wiredMemberEndpoint(handler, domain);
    String zone = hubZone(domain).orElseThrow();

    member.ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(id));
    handler.handle(deleteEvent(member.id(), id));

    assertThat(hubZone(domain)).contains(zone);
    assertThat(hub.answers(zone)).isEmpty();
  }

  /**
   * A listed account's delete event naming another account's live endpoint: that endpoint's records
   * stay, nothing of the other account is read or written (the zone holds none of the asking
   * account's endpoints: its VPC there is only a place the zone is shared with).
   */
  @Test
  void aDeleteEventOfOneAccountNamingAnothersLiveEndpointRemovesNothing() {
    String domain = AwsWorld.uniqueDomain();
    Handler handler = hubHandler(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"));
    String id = wiredMemberEndpoint(handler, domain);
    String zone = hubZone(domain).orElseThrow();
    Map<String, List<String>> wired = hub.answers(zone);
    calls.reset();

    JsonNode answer = handler.handle(deleteEvent(third.id(), id));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.path("status").asText()).isEqualTo("REFUSED");
              assertThat(o.toString()).contains(zone, id, third.id());
            });
    assertThat(hub.answers(zone)).isEqualTo(wired);
    assertWiredEverywhere(zone);
    assertThat(calls.in(member.id())).as("nothing of the endpoint's account is read").isEmpty();
    assertThat(calls.in(hub.id()))
        .noneMatch(c -> c.contains("Change") || c.contains("Delete") || c.contains("Disassociate"));
  }

  /**
   * The attack the rule above stops: a member's endpoint is gone but its delete event has not come
   * (lost, or not yet delivered). Another listed account names it first: the records it backed are
   * left to their own account's event (or the sweep), and nothing of that account is read for the
   * stranger's event. Then the member's own delete event removes them.
   */
  @Test
  void anotherAccountCannotHaveAGoneEndpointsZoneReconciledForIt() {
    String domain = AwsWorld.uniqueDomain();
    Handler handler = hubHandler(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"));
    String id = wiredMemberEndpoint(handler, domain);
    String zone = hubZone(domain).orElseThrow();
    Map<String, List<String>> wired = hub.answers(zone);
    member.ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(id));
    calls.reset();

    JsonNode answer = handler.handle(deleteEvent(third.id(), id));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(o -> assertThat(o.path("status").asText()).isEqualTo("REFUSED"));
    assertThat(hub.answers(zone)).isEqualTo(wired);
    assertThat(calls.in(member.id())).as("nothing of the endpoint's account is read").isEmpty();

    JsonNode own = handler.handle(deleteEvent(member.id(), id));

    assertThat(own.path("outcomes"))
        .isNotEmpty()
        .noneSatisfy(o -> assertThat(o.path("status").asText()).isIn("FAILED", "REFUSED"));
    assertThat(hubZone(domain)).isEmpty();
  }

  /**
   * The same in one SQS batch, the stranger's event first: it must not stand in for the member's
   * own (an invocation runs each endpoint once, per account that names it).
   */
  @Test
  void anotherAccountsEventFirstInABatchDoesNotSuppressTheOwnersDelete() {
    String domain = AwsWorld.uniqueDomain();
    Handler handler = hubHandler(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"));
    String id = wiredMemberEndpoint(handler, domain);
    member.ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(id));

    handler.handle(AwsWorld.sqsBatch(deleteEvent(third.id(), id), deleteEvent(member.id(), id)));

    assertThat(hubZone(domain)).isEmpty();
  }

  /**
   * A member retags its endpoint: the old name's zone empties and goes, the new name gets a hub
   * zone shared like any other.
   */
  @Test
  void aMembersRetaggedEndpointMovesToAnotherSharedHubZone() {
    String before = AwsWorld.uniqueDomain();
    String after = AwsWorld.uniqueDomain();
    Handler handler = hubHandler(Map.of("LINKDNS_ZONE_GRACE_MINUTES", "0"));
    String id = wiredMemberEndpoint(handler, before);
    String old = hubZone(before).orElseThrow();

    member.ec2().createTags(r -> r.resources(id).tags(t -> t.key("linkdns:domain").value(after)));
    JsonNode answer =
        handler.handle(
            AwsWorld.fixture("cloudtrail/create-tags.json")
                .replace("123456789012", member.id())
                .replace("{{resourceItems}}", "{\"resourceId\":\"" + id + "\"}")
                .replace("{{domain}}", after));

    assertThat(answer.path("outcomes"))
        .noneSatisfy(o -> assertThat(o.path("status").asText()).isIn("FAILED", "REFUSED"));
    assertThat(hubZone(before))
        .as("grace 0: the emptied zone goes, and leaves every place")
        .isEmpty();
    assertThat(profileZones()).doesNotContain(old);
    String zone = hubZone(after).orElseThrow();
    assertThat(hub.answers(zone)).isEqualTo(expectedRecords(after, id));
    assertWiredEverywhere(zone);
  }

  @Test
  void aSingleAccountHandlerWithNoneOfTheseSettingsMakesNoStsCall() {
    String domain = AwsWorld.uniqueDomain();
    String id = hub.endpoint(domain);
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", AwsWorld.REGION.id());
    env.put("LINKDNS_OWNER_ID", "linkdns-single-" + hub.id());
    Handler single =
        new Handler(
            AwsSettings.fromEnvironment(env),
            clients(),
            new PrintStream(logs, true, StandardCharsets.UTF_8));

    JsonNode answer =
        single.handle(
            OrganisationAccountsTest.createEvent(hub.id(), id, hub.vpc(), hub.subnets(), domain));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(
            o -> assertThat(o.path("status").asText()).as(o.toString()).isEqualTo("CHANGED"));
    String zone = hubZone(domain).orElseThrow();
    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactly(hub.vpc());
    assertThat(hub.answers(zone).get("*." + domain + " CNAME"))
        .containsExactly(hub.regionalName(id));
    assertThat(calls.all()).noneMatch(c -> c.contains("Sts.") || c.contains("STS."));
    assertThat(calls.assumed()).isEmpty();
  }

  /**
   * A queue message is anyone's who can send to the queue (or put an event on the bus): extra VPC
   * ids, an account-qualified VPC, a profile or a control field in it share nothing, and neither
   * does a tag.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"detail vpcIds", "detail shareWith", "control field", "tag"})
  void noQueueMessageOrTagAddsAPlaceToShareWith(String attack) {
    String domain = AwsWorld.uniqueDomain();
    String id = member.endpoint(domain);
    String attackerVpc = stranger.vpc();
    String event =
        OrganisationAccountsTest.createEvent(
            member.id(), id, member.vpc(), member.subnets(), domain);
    String sent =
        switch (attack) {
          case "detail vpcIds" ->
              event.replace(
                  "\"eventName\"", "\"vpcIds\": [\"" + attackerVpc + "\"], \"eventName\"");
          case "detail shareWith" ->
              event.replace(
                  "\"eventName\"",
                  "\"shareWith\": \""
                      + stranger.id()
                      + ":"
                      + attackerVpc
                      + ","
                      + attackerVpc
                      + "\", \"LINKDNS_SHARE_WITH\": \""
                      + attackerVpc
                      + "\", \"eventName\"");
          case "control field" ->
              event.replaceFirst("\\{", "{\"linkdns\": {\"share\": \"" + attackerVpc + "\"},");
          default -> {
            member
                .ec2()
                .createTags(
                    r ->
                        r.resources(id)
                            .tags(
                                t ->
                                    t.key("linkdns:share-with")
                                        .value(stranger.id() + ":" + attackerVpc),
                                t -> t.key("linkdns:share").value(attackerVpc)));
            yield event;
          }
        };
    assertThat(sent)
        .as("the attack is in the message")
        .isNotEqualTo(attack.equals("tag") ? "" : event);
    Handler handler = hubHandler(Map.of());

    JsonNode answer = handler.handle(AwsWorld.sqsBatch(sent));
    // The message's own endpoint is wired from the message, unless it carried a control field
    // (dropped whole).
    assertThat(hubZone(domain).isPresent()).isEqualTo(!attack.equals("control field"));
    handler.handle("{\"linkdns\":\"sweep\"}");

    assertThat(answer.path("batchItemFailures")).isEmpty();
    assertThat(zonesSeenBy(stranger, attackerVpc)).isEmpty();
    assertThat(calls.in(stranger.id())).isEmpty();
    assertThat(calls.assumed()).noneMatch(arn -> arn.contains(stranger.id()));
    if (attack.equals("control field")) {
      assertThat(logs.toString(StandardCharsets.UTF_8))
          .as("dropped whole, loudly")
          .contains("event rejected");
    }
    // The endpoint is wired (by its event or by the sweep), and shared only where the settings say.
    String zone = hubZone(domain).orElseThrow();
    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactlyInAnyOrder(hub.vpc(), member.vpc(), hubShared, third.vpc());
  }

  /**
   * A member VPC to share with is associated by its own account, through the role assumed there: an
   * account the operator did not list would be refused at every zone, so the settings are refused
   * at once.
   */
  @Test
  void sharingWithAVpcOfAnUnlistedAccountIsRefusedWhenTheSettingsAreRead() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", AwsWorld.REGION.id());
    env.put("LINKDNS_HOME_ACCOUNT", hub.id());
    env.put("LINKDNS_ACCOUNTS", member.id());
    env.put(Sharing.HOME_VPC, hub.vpc());
    env.put(Sharing.SHARE_WITH, hubShared + "," + third.id() + ":" + third.vpc());

    assertThatThrownBy(() -> AwsSettings.fromEnvironment(env))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(Sharing.SHARE_WITH))
        .hasMessageContaining(third.id() + ":" + third.vpc())
        .hasMessageContaining("LINKDNS_ACCOUNTS");
    assertThat(calls.all()).isEmpty();
  }

  // ---- the world

  /** The hub's function as the operator configures it, with extra settings. */
  private Handler hubHandler(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("AWS_REGION", AwsWorld.REGION.id());
    env.put("LINKDNS_OWNER_ID", "linkdns-hub-" + hub.id());
    env.put("LINKDNS_HOME_ACCOUNT", hub.id());
    env.put("LINKDNS_ACCOUNTS", member.id() + "," + third.id());
    env.put("LINKDNS_SPOKE_ROLE", "linkdns-spoke");
    env.put(Sharing.HOME_VPC, hub.vpc());
    env.put(Sharing.SHARE_WITH, hubShared + "," + third.id() + ":" + third.vpc() + "," + profile);
    return new Handler(
        AwsSettings.fromEnvironment(env),
        clients(),
        new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  /** The member's endpoint of the domain, wired by the handler from the member's create event. */
  private String wiredMemberEndpoint(Handler handler, String domain) {
    String id = member.endpoint(domain);
    handler.handle(
        OrganisationAccountsTest.createEvent(
            member.id(), id, member.vpc(), member.subnets(), domain));
    return id;
  }

  /** The function's clients, signing as the hub account; every call counted per account. */
  private AwsClients clients() {
    return AwsClients.build(
            new AwsClients.Config(AwsWorld.REGION, Optional.of(endpoint), 3, 10, List.of(calls)))
        .actingAs()
        .apply(StaticCredentialsProvider.create(hub.credentials()));
  }

  private void assertWiredEverywhere(String zone) {
    assertThat(hub.route53().getHostedZone(r -> r.id(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactlyInAnyOrder(hub.vpc(), member.vpc(), hubShared, third.vpc());
    assertThat(zonesSeenBy(member, member.vpc())).containsExactly(zone);
    assertThat(zonesSeenBy(third, third.vpc())).containsExactly(zone);
    assertThat(profileZones()).containsExactly(zone);
    assertThat(hub.route53().listVPCAssociationAuthorizations(r -> r.hostedZoneId(zone)).vpCs())
        .as("no authorization left for a member to use later")
        .isEmpty();
  }

  /**
   * The wildcard to the regional name and one wildcard per AZ (by the member's AZ id) to its zonal
   * name.
   */
  private Map<String, List<String>> expectedRecords(String domain, String id) {
    Map<String, String> azIds = new HashMap<>();
    member
        .ec2()
        .describeAvailabilityZones()
        .availabilityZones()
        .forEach(z -> azIds.put(z.zoneName(), z.zoneId()));
    List<String> names =
        member
            .ec2()
            .describeVpcEndpoints(r -> r.vpcEndpointIds(id))
            .vpcEndpoints()
            .get(0)
            .dnsEntries()
            .stream()
            .map(DnsEntry::dnsName)
            .map(DnsName::normalize)
            .toList();
    Map<String, List<String>> out = new java.util.TreeMap<>();
    out.put("*." + domain + " CNAME", List.of(member.regionalName(id)));
    for (String az : List.of("us-east-2a", "us-east-2b")) {
      String zonal =
          names.stream().filter(n -> n.contains("-" + az + ".")).findFirst().orElseThrow();
      out.put("*." + azIds.get(az) + "." + domain + " CNAME", List.of(zonal));
    }
    return out;
  }

  private Optional<String> hubZone(String domain) {
    return hub.route53().listHostedZonesByName(r -> r.dnsName(domain)).hostedZones().stream()
        .filter(z -> DnsName.normalize(z.name()).equals(domain))
        .map(HostedZone::id)
        .map(z -> z.replace("/hostedzone/", ""))
        .findFirst();
  }

  private static List<String> zonesSeenBy(Account who, String vpc) {
    return who
        .route53()
        .listHostedZonesByVPC(r -> r.vpcId(vpc).vpcRegion(AwsWorld.REGION.id()))
        .hostedZoneSummaries()
        .stream()
        .map(z -> z.hostedZoneId().replace("/hostedzone/", ""))
        .toList();
  }

  private List<String> profileZones() {
    List<String> out = new ArrayList<>();
    HubZonesTest.profiles(
            hub.credentials(),
            SdkHttpMethod.GET,
            "/profileresourceassociations/profileid/" + profile,
            null)
        .path("ProfileResourceAssociations")
        .findValuesAsText("ResourceArn")
        .forEach(arn -> out.add(arn.substring(arn.lastIndexOf('/') + 1)));
    return out;
  }

  private static String deleteEvent(String account, String endpointId) {
    return AwsWorld.fixture("cloudtrail/delete-vpc-endpoints.json")
        .replace("123456789012", account)
        .replace("{{endpointItems}}", "{\"tag\":1,\"content\":\"" + endpointId + "\"}");
  }
}
