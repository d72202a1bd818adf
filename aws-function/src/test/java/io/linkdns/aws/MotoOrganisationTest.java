package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.EmulatedAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ConflictingDomainExistsException;
import software.amazon.awssdk.services.route53.model.HostedZoneSummary;
import software.amazon.awssdk.services.route53.model.InvalidVpcIdException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.Route53Exception;
import software.amazon.awssdk.services.route53.model.VPC;
import software.amazon.awssdk.services.route53.model.VPCRegion;
import software.amazon.awssdk.services.route53.model.VpcAssociationAuthorizationNotFoundException;

/**
 * The emulator's organisation: a hub and a member account (moto switches account on STS
 * AssumeRole), cross-account zone association, Route 53 Profiles over signed HTTP, and Route 53's
 * token buckets, driven through the real SDK clients as linkdns will drive them.
 */
class MotoOrganisationTest {
  private static final Region REGION = Region.US_EAST_2;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();
  private static URI endpoint;
  private Account hub;
  private Account member;

  /** One emulated account: its credentials and clients, and a VPC of its own. */
  record Account(
      String id, AwsCredentials credentials, Ec2Client ec2, Route53Client route53, String vpc) {
    static Account assume(String id) {
      AwsCredentials creds = EmulatedAccounts.assume(id, "x");
      Ec2Client ec2 = EmulatedAccounts.ec2(creds, REGION);
      Route53Client route53 =
          EmulatedAccounts.route53(creds, o -> o.retryPolicy(RetryPolicy.none()));
      String vpc = ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
      return new Account(id, creds, ec2, route53, vpc);
    }

    VPC vpcRef() {
      return VPC.builder().vpcId(vpc).vpcRegion(VPCRegion.US_EAST_2).build();
    }

    String privateZone(String name) {
      return route53
          .createHostedZone(
              r ->
                  r.name(name)
                      .callerReference(UUID.randomUUID().toString())
                      .hostedZoneConfig(c -> c.privateZone(true))
                      .vpc(vpcRef()))
          .hostedZone()
          .id()
          .replace("/hostedzone/", "");
    }
  }

  @BeforeAll
  static void accounts() {
    AwsEmulator emulator = AwsEmulator.get();
    assumeThat(emulator.kind()).as("these behaviours are linkdns's moto patches").isEqualTo("moto");
    endpoint = emulator.endpoint();
  }

  /** Fresh accounts per test, so one test's zones never show in another's VPC. */
  @BeforeEach
  void accountsOfOneTest() {
    hub = Account.assume(randomAccount());
    member = Account.assume(randomAccount());
  }

  @AfterAll
  static void throttlingOff() {
    if (endpoint != null) {
      control("POST", "{\"enabled\":false}");
    }
  }

  private static String randomAccount() {
    return EmulatedAccounts.randomId('9');
  }

  private static String domain() {
    return "pr" + UUID.randomUUID().toString().substring(0, 6) + ".us-east-2.aws.confluent.cloud";
  }

  @Test
  void anAuthorizedMemberAssociatesItsVpcAndSeesTheHubZone() {
    String zone = hub.privateZone(domain());
    hub.route53().createVPCAssociationAuthorization(r -> r.hostedZoneId(zone).vpc(member.vpcRef()));
    assertThat(hub.route53().listVPCAssociationAuthorizations(r -> r.hostedZoneId(zone)).vpCs())
        .extracting(VPC::vpcId)
        .containsExactly(member.vpc());

    member.route53().associateVPCWithHostedZone(r -> r.hostedZoneId(zone).vpc(member.vpcRef()));
    hub.route53().deleteVPCAssociationAuthorization(r -> r.hostedZoneId(zone).vpc(member.vpcRef()));

    List<HostedZoneSummary> seen =
        member
            .route53()
            .listHostedZonesByVPC(r -> r.vpcId(member.vpc()).vpcRegion(VPCRegion.US_EAST_2))
            .hostedZoneSummaries();
    assertThat(seen)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.hostedZoneId()).isEqualTo(zone);
              assertThat(s.owner().owningAccount()).isEqualTo(hub.id());
            });
    assertThat(hub.route53().listVPCAssociationAuthorizations(r -> r.hostedZoneId(zone)).vpCs())
        .isEmpty();
  }

  @Test
  void withoutAuthorizationTheMemberIsNotAuthorized() {
    String zone = hub.privateZone(domain());
    assertThatThrownBy(
            () ->
                member
                    .route53()
                    .associateVPCWithHostedZone(r -> r.hostedZoneId(zone).vpc(member.vpcRef())))
        .isInstanceOfSatisfying(
            Route53Exception.class, e -> assertThat(e.statusCode()).isEqualTo(401));
    // The SDK's url-connection client loses the body of a 401 to a POST (the JDK's
    // HttpURLConnection
    // throws HttpRetryException in streaming mode), so the SDK sees no error code: linkdns must go
    // by
    // the status. The error code itself, read over java.net.http:
    String xml =
        "<AssociateVPCWithHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><VPC>"
            + "<VPCRegion>us-east-2</VPCRegion><VPCId>"
            + member.vpc()
            + "</VPCId></VPC></AssociateVPCWithHostedZoneRequest>";
    var answer = rawRoute53(member, "/2013-04-01/hostedzone/" + zone + "/associatevpc", xml);
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("<Code>NotAuthorizedException</Code>");
  }

  @Test
  void theZoneOwnerCannotAssociateAnotherAccountsVpc() {
    String zone = hub.privateZone(domain());
    hub.route53().createVPCAssociationAuthorization(r -> r.hostedZoneId(zone).vpc(member.vpcRef()));
    assertThatThrownBy(
            () ->
                hub.route53()
                    .associateVPCWithHostedZone(r -> r.hostedZoneId(zone).vpc(member.vpcRef())))
        .isInstanceOf(InvalidVpcIdException.class)
        .hasMessageContaining(member.vpc());
  }

  @Test
  void aPrivateZoneIsCreatedOnlyWithTheCallersOwnVpc() {
    assertThatThrownBy(
            () ->
                hub.route53()
                    .createHostedZone(
                        r ->
                            r.name(domain())
                                .callerReference(UUID.randomUUID().toString())
                                .hostedZoneConfig(c -> c.privateZone(true))
                                .vpc(member.vpcRef())))
        .isInstanceOf(InvalidVpcIdException.class)
        .hasMessageContaining(member.vpc());
  }

  @Test
  void authorizationsBelongToTheZoneOwner() {
    String zone = hub.privateZone(domain());
    assertThatThrownBy(
            () ->
                member
                    .route53()
                    .createVPCAssociationAuthorization(
                        r -> r.hostedZoneId(zone).vpc(member.vpcRef())))
        .isInstanceOf(NoSuchHostedZoneException.class);
    assertThatThrownBy(
            () ->
                hub.route53()
                    .deleteVPCAssociationAuthorization(
                        r -> r.hostedZoneId(zone).vpc(member.vpcRef())))
        .isInstanceOfSatisfying(
            VpcAssociationAuthorizationNotFoundException.class,
            e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  @Test
  void aVpcNeverSeesTwoPrivateZonesOfOneNameAcrossAccounts() {
    String name = domain();
    String hubZone = hub.privateZone(name);
    member.privateZone(name);
    hub.route53()
        .createVPCAssociationAuthorization(r -> r.hostedZoneId(hubZone).vpc(member.vpcRef()));
    assertThatThrownBy(
            () ->
                member
                    .route53()
                    .associateVPCWithHostedZone(r -> r.hostedZoneId(hubZone).vpc(member.vpcRef())))
        .isInstanceOf(ConflictingDomainExistsException.class)
        .hasMessageContaining(member.vpc());
  }

  @Test
  void profilesOverSignedHttp() {
    String zone = hub.privateZone(domain());
    JsonNode profile =
        profiles(
                hub,
                SdkHttpMethod.POST,
                "/profile",
                "{\"Name\":\"hub\",\"ClientToken\":\"" + UUID.randomUUID() + "\"}")
            .path("Profile");
    String id = profile.path("Id").asText();
    assertThat(id).startsWith("rp-");
    assertThat(profile.path("OwnerId").asText()).isEqualTo(hub.id());
    assertThat(
            profiles(hub, SdkHttpMethod.GET, "/profile/" + id, null)
                .path("Profile")
                .path("Name")
                .asText())
        .isEqualTo("hub");

    String arn = "arn:aws:route53:::hostedzone/" + zone;
    String add = "{\"ProfileId\":\"" + id + "\",\"ResourceArn\":\"" + arn + "\",\"Name\":\"zone\"}";
    assertThat(
            profiles(hub, SdkHttpMethod.POST, "/profileresourceassociation", add)
                .path("ProfileResourceAssociation")
                .path("ResourceType")
                .asText())
        .isEqualTo("PRIVATE_HOSTED_ZONE");
    assertThat(call(hub, SdkHttpMethod.POST, "/profileresourceassociation", add).error())
        .contains("ConflictException");
    assertThat(
            profiles(hub, SdkHttpMethod.GET, "/profileresourceassociations/profileid/" + id, null)
                .path("ProfileResourceAssociations")
                .findValuesAsText("ResourceArn"))
        .containsExactly(arn);

    String attach =
        "{\"ProfileId\":\""
            + id
            + "\",\"ResourceId\":\""
            + member.vpc()
            + "\",\"Name\":\"member\"}";
    assertThat(
            profiles(member, SdkHttpMethod.POST, "/profileassociation", attach)
                .path("ProfileAssociation")
                .path("Status")
                .asText())
        .isEqualTo("COMPLETE");
    Answer second = call(member, SdkHttpMethod.POST, "/profileassociation", attach);
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.error()).contains("ConflictException");
    assertThat(
            profiles(hub, SdkHttpMethod.GET, "/profileassociations?profileId=" + id, null)
                .path("ProfileAssociations")
                .findValuesAsText("ResourceId"))
        .containsExactly(member.vpc());

    assertThat(
            profiles(
                    member,
                    SdkHttpMethod.DELETE,
                    "/profileassociation/Profileid/" + id + "/resourceid/" + member.vpc(),
                    null)
                .path("ProfileAssociation")
                .path("Status")
                .asText())
        .isEqualTo("DELETED");
    profiles(
        hub,
        SdkHttpMethod.DELETE,
        "/profileresourceassociation/profileid/" + id + "/resourcearn/" + arn,
        null);
    assertThat(
            profiles(hub, SdkHttpMethod.GET, "/profileresourceassociations/profileid/" + id, null)
                .path("ProfileResourceAssociations")
                .size())
        .isZero();
    // A profile association is not a VPC association: ListHostedZonesByVPC does not list zones
    // behind it.
    assertThat(
            member
                .route53()
                .listHostedZonesByVPC(r -> r.vpcId(member.vpc()).vpcRegion(VPCRegion.US_EAST_2))
                .hostedZoneSummaries())
        .isEmpty();
  }

  @Test
  void aBurstBeyondTheBucketsIsThrottled() {
    String zone = hub.privateZone(domain());
    control("POST", "{\"enabled\":true,\"refill\":0.001}");
    int throttled = 0;
    int served = 0;
    try {
      for (int i = 0; i < 60; i++) {
        try {
          hub.route53().listResourceRecordSets(r -> r.hostedZoneId(zone));
          served++;
        } catch (Route53Exception e) {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
          throttled++;
        }
      }
    } finally {
      control("POST", "{\"enabled\":false}");
    }
    // 50 tokens to start, refilled at a thousandth of 10/s: the burst goes, the rest is refused.
    assertThat(served).isEqualTo(50);
    assertThat(throttled).isEqualTo(60 - served);
    assertThat(control("GET", null).path("throttled").path("ListResourceRecordSets").asInt())
        .isGreaterThanOrEqualTo(throttled);
  }

  /**
   * Route 53's change-throughput bucket (1,500 changes, refilled at a thousandth of 100/s here): an
   * UPSERT takes two tokens, a CREATE one, whatever the request-rate buckets still hold.
   */
  @Test
  void changeBatchesDrainTheChangeBucketByTheirChanges() {
    String domain = domain();
    String zone = hub.privateZone(domain);
    control("POST", "{\"enabled\":true,\"refill\":0.001}");
    try {
      hub.route53()
          .changeResourceRecordSets(txtBatch(zone, "a." + domain, ChangeAction.UPSERT, 400));
      // 700 tokens left: a second 400 UPSERTs (800) is refused, though the request buckets have
      // tokens to spare.
      assertThatThrownBy(
              () ->
                  hub.route53()
                      .changeResourceRecordSets(
                          txtBatch(zone, "b." + domain, ChangeAction.UPSERT, 400)))
          .isInstanceOfSatisfying(
              Route53Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling"));
      // ...and 300 CREATEs (300) go.
      hub.route53()
          .changeResourceRecordSets(txtBatch(zone, "c." + domain, ChangeAction.CREATE, 300));
    } finally {
      control("POST", "{\"enabled\":false}");
    }
    long written =
        hub
            .route53()
            .listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone))
            .resourceRecordSets()
            .stream()
            .filter(r -> r.type() == RRType.TXT)
            .count();
    assertThat(written).isEqualTo(700);
  }

  private static ChangeResourceRecordSetsRequest txtBatch(
      String zone, String prefix, ChangeAction action, int count) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "r" + i + "." + prefix;
      changes.add(
          Change.builder()
              .action(action)
              .resourceRecordSet(
                  r ->
                      r.name(name).type(RRType.TXT).ttl(60L).resourceRecords(v -> v.value("\"1\"")))
              .build());
    }
    return ChangeResourceRecordSetsRequest.builder()
        .hostedZoneId(zone)
        .changeBatch(b -> b.changes(changes))
        .build();
  }

  @Test
  void thePacedClientIsNeverThrottled() {
    AwsClients paced =
        AwsClients.build(new AwsClients.Config(REGION, Optional.of(endpoint), 1, 10, List.of()));
    String zone =
        paced
            .route53()
            .createHostedZone(r -> r.name(domain()).callerReference(UUID.randomUUID().toString()))
            .hostedZone()
            .id();
    control("DELETE", null);
    control("POST", "{\"enabled\":true}");
    long start = System.nanoTime();
    try {
      for (int i = 0; i < 100; i++) {
        paced.route53().listResourceRecordSets(r -> r.hostedZoneId(zone));
      }
    } finally {
      control("POST", "{\"enabled\":false}");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    JsonNode counts = control("GET", null);
    assertThat(counts.path("throttled").path("ListResourceRecordSets").asInt()).isZero();
    assertThat(counts.path("served").path("ListResourceRecordSets").asInt()).isEqualTo(100);
    double least = Pacer.leastSeconds(100, Pacer.DEFAULT_LIMIT, 10);
    assertThat(least).isEqualTo(5.0);
    assertThat(seconds).isGreaterThanOrEqualTo(least - 0.05);
  }

  /** An HTTP answer: status, error type header, parsed body. */
  record Answer(int status, Optional<String> error, JsonNode body) {}

  private static JsonNode profiles(Account who, SdkHttpMethod method, String path, String body) {
    Answer a = call(who, method, path, body);
    assertThat(a.status()).as(method + " " + path + " -> " + a.body()).isEqualTo(200);
    return a.body();
  }

  /**
   * One Route 53 Profiles call, signed with the SDK's own SigV4 signer (no SDK module is served for
   * it).
   */
  private static Answer call(Account who, SdkHttpMethod method, String path, String body) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder().method(method).uri(endpoint.resolve(path));
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(who.credentials())
                        .request(request.build())
                        .payload(body == null ? null : ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "route53profiles")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION.id()));
    return execute(
        HttpExecuteRequest.builder()
            .request(signed.request())
            .contentStreamProvider(signed.payload().orElse(null))
            .build());
  }

  /** A signed Route 53 POST over java.net.http, which keeps 401 bodies. */
  private static java.net.http.HttpResponse<String> rawRoute53(
      Account who, String path, String xml) {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint.resolve(path))
            .putHeader("Content-Type", "text/xml")
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(who.credentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "route53")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    var builder =
        java.net.http.HttpRequest.newBuilder(signed.request().getUri())
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes));
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
              }
            });
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The emulator's throttling switch and counters (linkdns_moto.py). */
  private static JsonNode control(String method, String body) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.fromValue(method))
            .uri(endpoint.resolve("/linkdns/throttle"))
            .applyMutation(
                b -> {
                  if (body != null) {
                    b.putHeader("Content-Length", String.valueOf(bytes.length));
                  }
                })
            .build();
    Answer a =
        execute(
            HttpExecuteRequest.builder()
                .request(request)
                .contentStreamProvider(
                    body == null ? null : ContentStreamProvider.fromByteArray(bytes))
                .build());
    assertThat(a.status()).isEqualTo(200);
    return a.body();
  }

  private static Answer execute(HttpExecuteRequest request) {
    try {
      HttpExecuteResponse response = HTTP.prepareRequest(request).call();
      byte[] content =
          response.responseBody().map(MotoOrganisationTest::readAll).orElse(new byte[0]);
      JsonNode json = content.length == 0 ? JSON.createObjectNode() : JSON.readTree(content);
      return new Answer(
          response.httpResponse().statusCode(),
          response.httpResponse().firstMatchingHeader("x-amzn-ErrorType"),
          json);
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
