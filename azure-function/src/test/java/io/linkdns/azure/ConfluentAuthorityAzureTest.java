package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.reconcile.Outcome;
import io.linkdns.core.testing.confluent.ConfluentFake;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Confluent Cloud as the source of truth on Azure, end to end: Event Grid deliveries into the
 * function, the real Azure SDK clients against the ARM fake, Confluent's API fake; endpoints carry
 * no linkdns tags, only the Confluent settings are given.
 */
class ConfluentAuthorityAzureTest {
  private static final String ENV = "env-prod01";
  private static final List<String> ALL_THREE =
      List.of(
          "* A 60 10.20.1.4,10.20.2.4,10.20.3.4",
          "*.az1 A 60 10.20.1.4",
          "*.az2 A 60 10.20.2.4",
          "*.az3 A 60 10.20.3.4");

  private final ConfluentFake confluent = ConfluentFake.start();
  private Harness h;

  @AfterEach
  void stop() {
    confluent.close();
    if (h != null) {
      h.close();
    }
  }

  private Harness harness(Map<String, String> env) {
    confluent
        .add("environment", "env", ENV)
        .add(
            "azure-dedicated-network-ready",
            "id",
            "n-p8xo76",
            "env",
            ENV,
            "domain",
            ArmShapes.DOMAIN,
            "resolution",
            "PRIVATE",
            "alias1",
            ArmShapes.alias(1),
            "alias2",
            ArmShapes.alias(2),
            "alias3",
            ArmShapes.alias(3));
    h = new Harness(env);
    return h;
  }

  /** A Confluent zone endpoint with no linkdns tag (or the tags given). */
  private void endpoint(String name, int zone, String ip, Map<String, String> tags) {
    Map<String, String> t = new HashMap<>(tags);
    t.put("team", "platform");
    h.fake.putEndpoint(ArmShapes.endpoint(name, "Approved", "Succeeded", t, ArmShapes.alias(zone)));
    h.fake.putInterface(ArmShapes.networkInterface(name, ip));
  }

  @Test
  void untaggedEndpointsToTheNetworksAliasesGetTheWildcardAndOneRecordPerZone() {
    harness(confluent.env());
    endpoint("pe-kafka-az1", 1, "10.20.1.4", Map.of());
    endpoint("pe-kafka-az2", 2, "10.20.2.4", Map.of());
    endpoint("pe-kafka-az3", 3, "10.20.3.4", Map.of());

    List<Outcome> outcomes = h.deliver("pe-az1-write");

    assertThat(outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Outcome.Status.CHANGED));
    assertThat(h.zoneView()).containsExactlyElementsOf(ALL_THREE);
  }

  @Test
  void aTagNamingAnotherDomainOrZoneLosesToConfluent() {
    harness(confluent.env());
    String other = "lkcevil.centralus.azure.confluent.cloud";
    endpoint("pe-kafka-az1", 1, "10.20.1.4", Map.of("linkdns-domain", other, "linkdns-zone", "3"));

    h.deliver("pe-az1-write");

    assertThat(h.fake.recordsOf(ArmShapes.ZONE_GROUP, other)).isEmpty();
    assertThat(h.zoneView()).containsExactly("* A 60 10.20.1.4", "*.az1 A 60 10.20.1.4");
  }

  @Test
  void wrongCredentialsAreLoggedNamingThe401AndWriteNothing() {
    Map<String, String> env = new HashMap<>(confluent.env());
    env.put("LINKDNS_CONFLUENT_API_SECRET", "wrong");
    harness(env);
    endpoint(
        "pe-kafka-az1",
        1,
        "10.20.1.4",
        Map.of("linkdns-domain", ArmShapes.DOMAIN, "linkdns-zone", "1"));

    List<Outcome> outcomes = h.deliver("pe-az1-write");

    assertThat(h.fake.writes()).isZero();
    assertThat(outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Outcome.Status.FAILED));
    assertThat(h.logJson())
        .anySatisfy(
            l ->
                assertThat(l.path("error").asText())
                    .contains("401")
                    .contains(ConfluentFake.KEY)
                    .doesNotContain("wrong"));
  }

  @Test
  void aResolvedKeyVaultReferenceHoldingTheKeyIsUsedAsItIs() {
    Map<String, String> env = new HashMap<>();
    env.put("LINKDNS_CONFLUENT_API_URL", confluent.url());
    env.put(
        "LINKDNS_CONFLUENT_SECRET",
        "{\"api_key\":\""
            + ConfluentFake.KEY
            + "\",\"api_secret\":\""
            + ConfluentFake.SECRET
            + "\"}");
    harness(env);
    endpoint("pe-kafka-az2", 2, "10.20.2.4", Map.of());

    h.deliver("pe-az2-write-cloudevent");

    assertThat(h.zoneView()).containsExactly("* A 60 10.20.2.4", "*.az2 A 60 10.20.2.4");
  }

  @Test
  void discoverAndPlanShowConfluentsViewAndWriteNothing() {
    harness(confluent.env());
    endpoint("pe-kafka-az1", 1, "10.20.1.4", Map.of());
    endpoint("pe-kafka-az2", 2, "10.20.2.4", Map.of());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Cli cli =
        new Cli(
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
            h.env,
            h::connect);

    assertThat(cli.run(new String[] {"discover"})).isZero();
    assertThat(
            cli.run(new String[] {"plan", "--domain", ArmShapes.DOMAIN, "--vnet", ArmShapes.VNET}))
        .isZero();

    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text)
        .contains(
            "n-p8xo76 ("
                + ENV
                + ") AZURE centralus READY  domain "
                + ArmShapes.DOMAIN
                + "  resolution PRIVATE")
        .contains("service zone 2 " + ArmShapes.alias(2))
        .contains("endpoint " + ArmShapes.endpointId("pe-kafka-az2").toLowerCase())
        .contains("*.az2." + ArmShapes.DOMAIN + " 60 A 10.20.2.4")
        .contains(
            "# resolution PRIVATE (Confluent network n-p8xo76 (" + ENV + ")): private DNS only");
    assertThat(h.fake.writes()).isZero();
  }

  @Test
  void aPrivateEndpointNamedByAnAccessPointGetsItsDomainAsOneWildcard() {
    String apDomain = "ap9z8y7x.centralus.azure.private.confluent.cloud";
    harness(confluent.env());
    confluent.add(
        "azure-ingress-access-point",
        "id",
        "ap-222",
        "env",
        ENV,
        "endpoint",
        ArmShapes.endpointId("pe-gateway"),
        "domain",
        apDomain);
    h.fake.putEndpoint(
        ArmShapes.endpoint(
            "pe-gateway",
            "Approved",
            "Succeeded",
            Map.of(),
            "s-k2m4p-privatelink.7c3e9a1b-2d4f-4a6b-8c0d-9e8f7a6b5c4d.centralus.azure.privatelinkservice"));
    h.fake.putInterface(ArmShapes.networkInterface("pe-gateway", "10.20.7.7"));

    h.function.handle(
        Harness.fixture("pe-az1-write").replace("pe-kafka-az1", "pe-gateway"),
        Handler.log(h.logger),
        "inv-ap");

    TreeSet<String> view = new TreeSet<>();
    h.fake
        .recordsOf(ArmShapes.ZONE_GROUP, apDomain)
        .forEach(
            (key, r) -> {
              if (!key.startsWith("SOA")) {
                view.add(
                    r.path("name").asText()
                        + " "
                        + key.substring(0, key.indexOf(' '))
                        + " "
                        + r.path("properties")
                            .path("aRecords")
                            .get(0)
                            .path("ipv4Address")
                            .asText());
              }
            });
    assertThat(view).containsExactly("* A 10.20.7.7");
  }
}
