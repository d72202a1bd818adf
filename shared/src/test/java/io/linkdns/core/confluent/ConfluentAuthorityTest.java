package io.linkdns.core.confluent;

import static io.linkdns.core.testing.AwsEndpointBuilder.awsEndpoint;
import static io.linkdns.core.testing.AzureEndpointBuilder.azureEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.linkdns.core.config.Settings;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.ownership.Binding;
import io.linkdns.core.ownership.Claim;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.RefusedException;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.testing.AzureEndpointBuilder;
import io.linkdns.core.testing.confluent.ConfluentFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which domain Confluent's API gives an endpoint, and how that outranks tags and rules. */
class ConfluentAuthorityTest {
  static final String ENV = "env-prod01";
  static final String AWS_SERVICE = "com.amazonaws.vpce.us-east-2.vpce-svc-0a1b2c3d4e5f60718";
  static final String DEDICATED = "pr123a.us-east-2.aws.confluent.cloud";
  static final String AP_DOMAIN = "ap1a2b3c.us-east-2.aws.private.confluent.cloud";
  static final String PLATT_DOMAIN = "us-east-2.aws.private.confluent.cloud";
  static final String AZ_DEDICATED = "p8xo76.centralus.azure.confluent.cloud";
  static final String AZ_PLATT_DOMAIN = "centralus.azure.private.confluent.cloud";
  static final String ALIAS =
      "s-abc12-privatelink-%d.11111111-2222-3333-4444-555555555555.centralus.azure.privatelinkservice";

  private final ConfluentFake fake = ConfluentFake.start();
  private final AtomicLong clock = new AtomicLong();

  @AfterEach
  void stop() {
    fake.close();
  }

  /** One Confluent organisation holding every kind of resource linkdns matches on. */
  static void organisation(ConfluentFake fake) {
    fake.add("environment", "env", ENV)
        .add(
            "aws-dedicated-network-ready",
            "id",
            "n-aws1",
            "env",
            ENV,
            "domain",
            DEDICATED,
            "service",
            AWS_SERVICE,
            "resolution",
            "CHASED_PRIVATE")
        .add(
            "aws-dedicated-network-provisioning",
            "id",
            "n-aws2",
            "env",
            ENV,
            "domain",
            "pr999z.us-east-2.aws.confluent.cloud",
            "service",
            "com.amazonaws.vpce.us-east-2.vpce-svc-0provisioning",
            "resolution",
            "PRIVATE")
        .add(
            "aws-ingress-access-point",
            "id",
            "ap-111",
            "env",
            ENV,
            "endpoint",
            "vpce-0aaaaaaaaaaaaaaa1",
            "domain",
            AP_DOMAIN)
        .add(
            "aws-privatelink-attachment-ready",
            "id",
            "platt-aws1",
            "env",
            ENV,
            "domain",
            PLATT_DOMAIN)
        .add(
            "aws-privatelink-attachment-connection",
            "id",
            "plattc-1",
            "env",
            ENV,
            "attachment",
            "platt-aws1",
            "endpoint",
            "vpce-0bbbbbbbbbbbbbbb2")
        .add(
            "azure-dedicated-network-ready",
            "id",
            "n-az1",
            "env",
            ENV,
            "domain",
            AZ_DEDICATED,
            "resolution",
            "PRIVATE",
            "alias1",
            ALIAS.formatted(1),
            "alias2",
            ALIAS.formatted(2),
            "alias3",
            ALIAS.formatted(3))
        .add(
            "azure-ingress-access-point",
            "id",
            "ap-222",
            "env",
            ENV,
            "endpoint",
            AzureEndpointBuilder.id("pe-gateway"),
            "domain",
            "ap9z8y7x.centralus.azure.private.confluent.cloud")
        .add(
            "azure-privatelink-attachment-ready",
            "id",
            "platt-az1",
            "env",
            ENV,
            "domain",
            AZ_PLATT_DOMAIN)
        .add(
            "azure-privatelink-attachment-connection",
            "id",
            "plattc-2",
            "env",
            ENV,
            "attachment",
            "platt-az1",
            "endpoint",
            AzureEndpointBuilder.id("pe-platt"));
  }

  private ConfluentAuthority authority(Duration ttl) {
    ConfluentClient client =
        new ConfluentClient(
            URI.create(fake.url()),
            () -> new ApiKey(ConfluentFake.KEY, ConfluentFake.SECRET),
            HttpClient.newHttpClient(),
            d -> {},
            2);
    return new ConfluentAuthority(new ListingCache(client, List.of(), ttl, clock::get));
  }

  record Expected(
      String domain, Claim.Kind kind, Optional<String> az, Optional<String> resolution) {}

  static Stream<Arguments> claims() {
    return Stream.of(
        arguments(
            "AWS access point names the endpoint",
            awsEndpoint("vpce-0aaaaaaaaaaaaaaa1")
                .service("com.amazonaws.vpce.us-east-2.vpce-svc-other")
                .build(),
            Optional.of(
                new Expected(
                    AP_DOMAIN, Claim.Kind.ENTERPRISE, Optional.empty(), Optional.empty()))),
        arguments(
            "AWS attachment connection names the endpoint",
            awsEndpoint("vpce-0bbbbbbbbbbbbbbb2").build(),
            Optional.of(
                new Expected(
                    PLATT_DOMAIN, Claim.Kind.ENTERPRISE, Optional.empty(), Optional.empty()))),
        arguments(
            "AWS endpoint to a READY network's service",
            awsEndpoint("vpce-0ccccccccccccccc3").service(AWS_SERVICE).build(),
            Optional.of(
                new Expected(
                    DEDICATED,
                    Claim.Kind.DEDICATED,
                    Optional.empty(),
                    Optional.of("CHASED_PRIVATE")))),
        arguments(
            "service name compared without case",
            awsEndpoint("vpce-0ccccccccccccccc3").service(AWS_SERVICE.toUpperCase()).build(),
            Optional.of(
                new Expected(
                    DEDICATED,
                    Claim.Kind.DEDICATED,
                    Optional.empty(),
                    Optional.of("CHASED_PRIVATE")))),
        arguments(
            "network still PROVISIONING claims nothing",
            awsEndpoint("vpce-0ddddddddddddddd4")
                .service("com.amazonaws.vpce.us-east-2.vpce-svc-0provisioning")
                .build(),
            Optional.empty()),
        arguments(
            "endpoint Confluent does not know",
            awsEndpoint("vpce-0eeeeeeeeeeeeeee5")
                .service("com.amazonaws.vpce.us-east-2.vpce-svc-elsewhere")
                .build(),
            Optional.empty()),
        arguments(
            "Azure endpoint to zone 2's alias",
            azureEndpoint("pe-kafka-az2").service(ALIAS.formatted(2)).build(),
            Optional.of(
                new Expected(
                    AZ_DEDICATED, Claim.Kind.DEDICATED, Optional.of("2"), Optional.of("PRIVATE")))),
        arguments(
            "Azure access point names the private endpoint id, compared without case",
            azureEndpoint("pe-gateway").build().withState(io.linkdns.core.model.EndpointState.LIVE),
            Optional.of(
                new Expected(
                    "ap9z8y7x.centralus.azure.private.confluent.cloud",
                    Claim.Kind.ENTERPRISE,
                    Optional.empty(),
                    Optional.empty()))),
        arguments(
            "Azure attachment connection",
            azureEndpoint("pe-platt").build(),
            Optional.of(
                new Expected(
                    AZ_PLATT_DOMAIN, Claim.Kind.ENTERPRISE, Optional.empty(), Optional.empty()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claims")
  void confluentClaimsTheEndpointsItKnows(
      String name, Endpoint endpoint, Optional<Expected> expected) {
    organisation(fake);
    Optional<Claim> claim = authority(Duration.ofSeconds(60)).claim(endpoint);
    assertThat(claim.map(c -> new Expected(c.domain(), c.kind(), c.az(), c.resolution())))
        .isEqualTo(expected);
  }

  private DomainResolver resolver(
      ConfluentAuthority authority,
      Map<String, String> extra,
      TagKeys keys,
      String cloudDefault,
      String enterprise) {
    Map<String, String> env = new HashMap<>(extra);
    return Settings.fromEnvironment(env, cloudDefault).resolver(keys, enterprise, authority);
  }

  static Stream<Arguments> bindings() {
    String rule =
        "[{\"service\":\""
            + AWS_SERVICE
            + "\",\"domain\":\"pr000x.us-east-2.aws.confluent.cloud\"}]";
    return Stream.of(
        arguments(
            "untagged endpoint to a network gets the network's domain and the dedicated layout",
            Map.of(),
            awsEndpoint("vpce-0ccccccccccccccc3").service(AWS_SERVICE).build(),
            (Consumer<Binding>)
                b -> {
                  assertThat(b.domain()).isEqualTo(DEDICATED);
                  assertThat(b.layout().name()).isEqualTo(Layouts.CONFLUENT_AWS_DEDICATED);
                  assertThat(b.refused()).isEmpty();
                }),
        arguments(
            "a tag naming another domain is refused and reported",
            Map.of(),
            awsEndpoint("vpce-0ccccccccccccccc3")
                .service(AWS_SERVICE)
                .domain("evil.us-east-2.aws.confluent.cloud")
                .build(),
            (Consumer<Binding>)
                b -> {
                  assertThat(b.domain()).isEqualTo(DEDICATED);
                  assertThat(b.refused())
                      .singleElement()
                      .asString()
                      .contains("evil.us-east-2.aws.confluent.cloud")
                      .contains("Confluent network n-aws1");
                }),
        arguments(
            "a rule naming another domain is refused too",
            Map.of("LINKDNS_RULES", rule),
            awsEndpoint("vpce-0ccccccccccccccc3").service(AWS_SERVICE).build(),
            (Consumer<Binding>)
                b -> {
                  assertThat(b.domain()).isEqualTo(DEDICATED);
                  assertThat(b.refused()).singleElement().asString().contains("LINKDNS_RULES[0]");
                }),
        arguments(
            "access point endpoint gets the enterprise layout",
            Map.of(),
            awsEndpoint("vpce-0aaaaaaaaaaaaaaa1").build(),
            (Consumer<Binding>)
                b -> {
                  assertThat(b.domain()).isEqualTo(AP_DOMAIN);
                  assertThat(b.layout().name()).isEqualTo(Layouts.CONFLUENT_AWS_ENTERPRISE);
                }),
        arguments(
            "an endpoint Confluent does not know falls back to its tag",
            Map.of(),
            awsEndpoint("vpce-0eeeeeeeeeeeeeee5")
                .service("com.amazonaws.vpce.us-east-2.vpce-svc-elsewhere")
                .domain("lkctagged.us-east-2.aws.confluent.cloud")
                .build(),
            (Consumer<Binding>)
                b -> {
                  assertThat(b.domain()).isEqualTo("lkctagged.us-east-2.aws.confluent.cloud");
                  assertThat(b.source()).isEqualTo("tag linkdns:domain");
                }),
        arguments(
            "an endpoint Confluent does not know falls back to a rule",
            Map.of(
                "LINKDNS_RULES",
                "[{\"service\":\"*vpce-svc-elsewhere\",\"domain\":\"pr777r.us-east-2.aws.confluent.cloud\"}]"),
            awsEndpoint("vpce-0eeeeeeeeeeeeeee5")
                .service("com.amazonaws.vpce.us-east-2.vpce-svc-elsewhere")
                .build(),
            (Consumer<Binding>)
                b -> assertThat(b.domain()).isEqualTo("pr777r.us-east-2.aws.confluent.cloud")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindings")
  void confluentOutranksTagsAndRulesForEndpointsItKnows(
      String name, Map<String, String> env, Endpoint endpoint, Consumer<Binding> check) {
    organisation(fake);
    DomainResolver resolver =
        resolver(
            authority(Duration.ofSeconds(60)),
            env,
            TagKeys.AWS,
            Layouts.CONFLUENT_AWS_DEDICATED,
            Layouts.CONFLUENT_AWS_ENTERPRISE);
    assertThat(resolver.bind(endpoint)).hasValueSatisfying(check);
  }

  @Test
  void azureZoneComesFromTheAliasKeyNotFromATag() {
    organisation(fake);
    DomainResolver resolver =
        resolver(
            authority(Duration.ofSeconds(60)),
            Map.of(),
            TagKeys.AZURE,
            Layouts.CONFLUENT_AZURE_DEDICATED,
            Layouts.CONFLUENT_AZURE_ENTERPRISE);
    Binding b =
        resolver
            .bind(azureEndpoint("pe-kafka-az3").service(ALIAS.formatted(3)).zone("1").build())
            .orElseThrow();
    assertThat(b.domain()).isEqualTo(AZ_DEDICATED);
    assertThat(b.az()).contains("3");
    assertThat(b.layout().name()).isEqualTo(Layouts.CONFLUENT_AZURE_DEDICATED);
  }

  @Test
  void oneListingPerCachePeriodAnswersEveryEndpoint() {
    organisation(fake);
    ConfluentAuthority authority = authority(Duration.ofSeconds(60));
    for (int i = 0; i < 50; i++) {
      authority.claim(awsEndpoint("vpce-0ccccccccccccccc" + (i % 10)).service(AWS_SERVICE).build());
    }
    // environments, networks, attachments, one connection list per attachment (2), access points
    assertThat(fake.requests()).hasSize(6);

    clock.addAndGet(Duration.ofSeconds(61).toNanos());
    authority.claim(awsEndpoint("vpce-0ccccccccccccccc3").service(AWS_SERVICE).build());
    assertThat(fake.requests()).hasSize(12);
  }

  @Test
  void whenConfluentCannotBeReadEveryEndpointIsHeldAndTheFailureIsRememberedForThePeriod() {
    organisation(fake);
    fake.fail(503, 100, Optional.empty());
    ConfluentAuthority authority = authority(Duration.ofSeconds(60));
    DomainResolver resolver =
        resolver(
            authority,
            Map.of(),
            TagKeys.AWS,
            Layouts.CONFLUENT_AWS_DEDICATED,
            Layouts.CONFLUENT_AWS_ENTERPRISE);
    Endpoint tagged =
        awsEndpoint("vpce-0eeeeeeeeeeeeeee5")
            .domain("lkctagged.us-east-2.aws.confluent.cloud")
            .build();

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> resolver.bind(tagged))
          .isInstanceOf(ConfluentUnavailableException.class)
          .hasMessageContaining("answered 503");
    }
    assertThat(fake.requests()).hasSize(2); // one listing attempt (two tries), not one per question
  }

  // ---- two sources claiming one endpoint ----

  static final String VPCE = "vpce-0aaaaaaaaaaaaaaa1";
  static final String OTHER_ENV = "env-other9";

  static Listing.Network network(String phase) {
    return new Listing.Network(
        "n-aws1",
        ENV,
        "AWS",
        "us-east-2",
        phase,
        Optional.of(DEDICATED),
        Map.of(),
        Map.of("", AWS_SERVICE),
        Optional.of("PRIVATE"));
  }

  static Listing.AccessPoint accessPoint(String phase) {
    return new Listing.AccessPoint(
        "ap-999", OTHER_ENV, "gw-1", phase, Optional.of(VPCE), Optional.of(AP_DOMAIN));
  }

  static Listing.Attachment attachment(String phase) {
    return new Listing.Attachment("platt-9", OTHER_ENV, phase, Optional.of(PLATT_DOMAIN));
  }

  static Listing.Connection connection(String phase) {
    return new Listing.Connection("plattc-9", OTHER_ENV, "platt-9", phase, Optional.of(VPCE));
  }

  static Listing listing(
      List<Listing.Network> networks,
      List<Listing.AccessPoint> aps,
      List<Listing.Attachment> atts,
      List<Listing.Connection> conns) {
    return new Listing(List.of(ENV, OTHER_ENV), networks, atts, conns, aps);
  }

  static Stream<Arguments> twoClaimants() {
    String net = "Confluent network n-aws1 (" + ENV + ") says " + DEDICATED;
    String ap = "Confluent access point ap-999 (" + OTHER_ENV + ") says " + AP_DOMAIN;
    String platt =
        "Confluent PrivateLink Attachment platt-9 connection plattc-9 ("
            + OTHER_ENV
            + ") says "
            + PLATT_DOMAIN;
    Listing.Network ready = network("READY");
    return Stream.of(
        arguments(
            "network and a READY access point of another environment",
            listing(List.of(ready), List.of(accessPoint("READY")), List.of(), List.of()),
            "conflict: " + ap + "; " + net),
        arguments(
            "network and a READY attachment connection of another environment",
            listing(
                List.of(ready),
                List.of(),
                List.of(attachment("READY")),
                List.of(connection("READY"))),
            "conflict: " + platt + "; " + net),
        arguments(
            "access point and attachment connection",
            listing(
                List.of(),
                List.of(accessPoint("READY")),
                List.of(attachment("READY")),
                List.of(connection("READY"))),
            "conflict: " + ap + "; " + platt),
        arguments(
            "two READY networks with the one service",
            listing(
                List.of(
                    ready,
                    new Listing.Network(
                        "n-aws9",
                        OTHER_ENV,
                        "AWS",
                        "us-east-2",
                        "READY",
                        Optional.of("pr999z.us-east-2.aws.confluent.cloud"),
                        Map.of(),
                        Map.of("", AWS_SERVICE),
                        Optional.empty())),
                List.of(),
                List.of(),
                List.of()),
            "conflict: "
                + net
                + "; Confluent network n-aws9 ("
                + OTHER_ENV
                + ") says pr999z.us-east-2.aws.confluent.cloud"),
        arguments(
            "network and a PROVISIONING access point",
            listing(List.of(ready), List.of(accessPoint("PROVISIONING")), List.of(), List.of()),
            DEDICATED),
        arguments(
            "network and a FAILED access point",
            listing(List.of(ready), List.of(accessPoint("FAILED")), List.of(), List.of()),
            DEDICATED),
        arguments(
            "network and an EXPIRED access point",
            listing(List.of(ready), List.of(accessPoint("EXPIRED")), List.of(), List.of()),
            DEDICATED),
        arguments(
            "network and a DEPROVISIONING access point",
            listing(List.of(ready), List.of(accessPoint("DEPROVISIONING")), List.of(), List.of()),
            DEDICATED),
        arguments(
            "network and an attachment WAITING_FOR_CONNECTIONS",
            listing(
                List.of(ready),
                List.of(),
                List.of(attachment("WAITING_FOR_CONNECTIONS")),
                List.of(connection("READY"))),
            DEDICATED),
        arguments(
            "network and a connection of a FAILED attachment",
            listing(
                List.of(ready),
                List.of(),
                List.of(attachment("FAILED")),
                List.of(connection("READY"))),
            DEDICATED),
        arguments(
            "network and a PROVISIONING connection of a READY attachment",
            listing(
                List.of(ready),
                List.of(),
                List.of(attachment("READY")),
                List.of(connection("PROVISIONING"))),
            DEDICATED),
        arguments(
            "a READY access point alone",
            listing(
                List.of(network("PROVISIONING")),
                List.of(accessPoint("READY")),
                List.of(),
                List.of()),
            AP_DOMAIN),
        arguments(
            "a PROVISIONING access point alone is held until READY",
            listing(List.of(), List.of(accessPoint("PROVISIONING")), List.of(), List.of()),
            "held: not READY yet"),
        arguments(
            "an attachment WAITING_FOR_CONNECTIONS alone is held",
            listing(
                List.of(),
                List.of(),
                List.of(attachment("WAITING_FOR_CONNECTIONS")),
                List.of(connection("READY"))),
            "held: not READY yet"),
        arguments(
            "a FAILED access point alone claims nothing",
            listing(List.of(), List.of(accessPoint("FAILED")), List.of(), List.of()),
            "none"),
        arguments(
            "an EXPIRED attachment alone claims nothing",
            listing(
                List.of(), List.of(), List.of(attachment("EXPIRED")), List.of(connection("READY"))),
            "none"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twoClaimants")
  void twoSourcesClaimingOneEndpointIsAConflictAndOnlyReadyOnesClaim(
      String name, Listing listing, String expected) {
    Endpoint endpoint = awsEndpoint(VPCE).service(AWS_SERVICE).build();
    if (expected.startsWith("conflict: ")) {
      assertThatThrownBy(() -> ConfluentAuthority.claim(listing, endpoint))
          .isInstanceOf(RefusedException.class)
          .hasMessageContaining("endpoint[" + VPCE + "]")
          .hasMessageContaining(expected)
          .hasMessageContaining("held");
    } else if (expected.startsWith("held: ")) {
      assertThatThrownBy(() -> ConfluentAuthority.claim(listing, endpoint))
          .isInstanceOf(ConfluentUnavailableException.class)
          .hasMessageContaining(expected.substring("held: ".length()));
    } else if (expected.equals("none")) {
      assertThat(ConfluentAuthority.claim(listing, endpoint)).isEmpty();
    } else {
      assertThat(ConfluentAuthority.claim(listing, endpoint)).map(Claim::domain).contains(expected);
    }
  }

  @Test
  void aConflictRefusesTheBindingSoTheResolverNeitherTakesOverNorFallsBackToATag() {
    organisation(fake);
    fake.add("environment", "env", OTHER_ENV);
    fake.add(
        "aws-ingress-access-point",
        "id",
        "ap-999",
        "env",
        OTHER_ENV,
        "endpoint",
        "vpce-0ccccccccccccccc3",
        "domain",
        AP_DOMAIN);
    DomainResolver resolver =
        resolver(
            authority(Duration.ofSeconds(60)),
            Map.of(),
            TagKeys.AWS,
            Layouts.CONFLUENT_AWS_DEDICATED,
            Layouts.CONFLUENT_AWS_ENTERPRISE);

    assertThatThrownBy(
            () ->
                resolver.bind(
                    awsEndpoint("vpce-0ccccccccccccccc3")
                        .service(AWS_SERVICE)
                        .domain(AP_DOMAIN)
                        .build()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("Confluent network n-aws1 (" + ENV + ") says " + DEDICATED)
        .hasMessageContaining(
            "Confluent access point ap-999 (" + OTHER_ENV + ") says " + AP_DOMAIN);
  }
}
