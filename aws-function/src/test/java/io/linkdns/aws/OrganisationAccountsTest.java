package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.aws.testing.EmulatedAccounts;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.ownership.RefusedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.VPC;
import software.amazon.awssdk.services.route53.model.VPCRegion;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * One installation for several accounts, in the emulator's organisation (moto switches account on
 * STS AssumeRole): a hub whose function holds the zones, and member accounts whose endpoints it
 * reads through the role it assumes there. Every call the function makes is attributed to the
 * account whose credentials signed it, so "no call into that account" is what the emulator saw, not
 * what the code says.
 */
class OrganisationAccountsTest {
  private static final Region REGION = AwsWorld.REGION;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static URI endpoint;

  private Account hub;
  private Account a;
  private Account b;
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

  /** Fresh accounts per test: nothing another test made is listed in them. */
  @BeforeEach
  void accounts() {
    hub = Account.assume(randomAccount(), "10.30");
    a = Account.assume(randomAccount(), "10.31");
    b = Account.assume(randomAccount(), "10.32");
    calls.keys.put(hub.credentials.accessKeyId(), hub.id);
  }

  // ---- the attacks first

  @Test
  void anUnlistedAccountsEventIsRefusedAndNothingIsCalledAtAll() {
    Handler handler = handler(a);
    String stranger = randomAccount();
    JsonNode answer =
        handler.handle(
            createEvent(
                stranger,
                "vpce-0123456789abcdef0",
                "vpc-0123456789abcdef0",
                List.of("subnet-0123456789abcdef0"),
                AwsWorld.uniqueDomain()));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.path("status").asText()).isEqualTo("REFUSED");
              assertThat(o.path("refused").toString())
                  .contains(stranger)
                  .contains("LINKDNS_ACCOUNTS");
            });
    assertThat(logLines())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("refused");
              assertThat(l.path("account").asText()).isEqualTo(stranger);
              assertThat(l.path("refused").toString())
                  .contains(stranger)
                  .contains("LINKDNS_ACCOUNTS");
            });
    assertThat(calls.all()).as("no call of any kind, AssumeRole included").isEmpty();
  }

  @Test
  void aSingleAccountInstallThatKnowsItsAccountRefusesAnotherAccountsEvent() {
    Handler handler = handler();
    String stranger = randomAccount();
    JsonNode answer =
        handler.handle(
            createEvent(
                stranger,
                "vpce-0123456789abcdef0",
                "vpc-0123456789abcdef0",
                List.of("subnet-0123456789abcdef0"),
                AwsWorld.uniqueDomain()));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(o -> assertThat(o.path("status").asText()).isEqualTo("REFUSED"));
    assertThat(calls.all()).isEmpty();
  }

  @Test
  void theHomeAccountIsAskedOfStsOnceWhenNotGiven() {
    Handler handler = handler(Optional.empty(), "", a);
    MemberAccounts accounts = wiring(handler).accounts();
    assertThat(accounts.accounts()).containsExactlyInAnyOrder(hub.id, a.id);
    assertThat(accounts.home()).isEqualTo(hub.id);
    assertThat(calls.in(hub.id))
        .singleElement()
        .satisfies(c -> assertThat(c).endsWith(".GetCallerIdentity"));
  }

  @Test
  void memberAccountsRefuseAnUnlistedAccountBeforeAnyCall() {
    MemberAccounts accounts = wiring(handler(a)).accounts();
    String stranger = randomAccount();
    assertThatThrownBy(() -> accounts.ec2In(stranger))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining(stranger)
        .hasMessageContaining("LINKDNS_ACCOUNTS");
    assertThatThrownBy(() -> accounts.route53In(stranger)).isInstanceOf(RefusedException.class);
    assertThat(accounts.accounts()).containsExactlyInAnyOrder(hub.id, a.id);
    assertThat(calls.all()).isEmpty();
  }

  @Test
  void anEventOfOneAccountNamingAnotherAccountsEndpointReadsNothingOfIt() {
    String domain = AwsWorld.uniqueDomain();
    String zone = hub.hubZone(domain, b);
    String theirs = b.endpoint(domain);
    Handler handler = handler(zone, a, b);
    handler.handle("{\"linkdns\":\"sweep\"}"); // B's endpoint wired, and its VPC known to be B's
    Map<String, List<String>> wired = hub.answers(zone);
    assertThat(wired.get("*." + domain + " CNAME")).containsExactly(b.regionalName(theirs));
    calls.reset();

    // A's event names B's endpoint and B's VPC: the endpoint is looked up in A, where it is not.
    JsonNode answer = handler.handle(createEvent(a.id, theirs, b.vpc, b.subnets, domain));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(o -> assertThat(o.path("status").asText()).isEqualTo("SKIPPED"));
    assertThat(calls.in(b.id)).as("calls made with B's credentials").isEmpty();
    assertThat(calls.assumed()).noneMatch(arn -> arn.contains(b.id));
    assertThat(calls.in(hub.id)).noneMatch(c -> c.startsWith("Route53.Change"));
    assertThat(hub.answers(zone)).isEqualTo(wired);
  }

  @Test
  void anEventWhoseDetailNamesAnotherAccountIsRefused() {
    String domain = AwsWorld.uniqueDomain();
    String theirs = b.endpoint(domain);
    Handler handler = handler(a, b);
    String event =
        createEvent(a.id, theirs, b.vpc, b.subnets, domain)
            .replace(
                "\"recipientAccountId\": \"" + a.id + "\"",
                "\"recipientAccountId\": \"" + b.id + "\"");

    JsonNode answer = handler.handle(event);

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.path("status").asText()).isEqualTo("REFUSED");
              assertThat(o.path("refused").toString())
                  .contains("recipientAccountId")
                  .contains(b.id)
                  .contains(a.id);
            });
    assertThat(calls.all()).isEmpty();
  }

  // ---- what members get

  @Test
  void aMemberEndpointIsReadThroughTheAssumedRoleAndWiredInTheHubZone() {
    String domain = AwsWorld.uniqueDomain();
    String zone = hub.hubZone(domain, a);
    String id = a.endpoint(domain);
    Handler handler = handler(zone, a);

    JsonNode answer = handler.handle(createEvent(a.id, id, a.vpc, a.subnets, domain));

    assertThat(answer.path("outcomes"))
        .singleElement()
        .satisfies(o -> assertThat(o.path("status").asText()).isEqualTo("CHANGED"));
    assertThat(hub.answers(zone).get("*." + domain + " CNAME")).containsExactly(a.regionalName(id));
    assertThat(calls.assumed()).containsExactly("arn:aws:iam::" + a.id + ":role/linkdns-spoke");
    assertThat(calls.in(a.id))
        .contains("Ec2.DescribeVpcEndpoints")
        .noneMatch(c -> c.startsWith("Route53"));
    assertThat(calls.in(hub.id)).contains("Route53.ChangeResourceRecordSets");
    assertThat(logLines())
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).isEqualTo("reconciled");
              assertThat(l.path("account").asText()).isEqualTo(a.id);
            });
  }

  @Test
  void route53InActsInTheMemberAccount() {
    MemberAccounts accounts = wiring(handler(a)).accounts();
    String name = AwsWorld.uniqueDomain();
    a.route53.createHostedZone(r -> r.name(name).callerReference(UUID.randomUUID().toString()));

    assertThat(accounts.route53In(a.id).listHostedZones().hostedZones())
        .anyMatch(z -> DnsName.normalize(z.name()).equals(name));
    assertThat(accounts.route53In(hub.id).listHostedZones().hostedZones())
        .noneMatch(z -> DnsName.normalize(z.name()).equals(name));
    assertThat(calls.assumed()).containsExactly("arn:aws:iam::" + a.id + ":role/linkdns-spoke");
  }

  @Test
  void aMemberClaimingADomainAnotherAccountsLiveEndpointHoldsIsAConflictAndTheIncumbentKeepsIt() {
    String domain = AwsWorld.uniqueDomain();
    String zone = hub.hubZone(domain, a, b);
    String incumbent = a.endpoint(domain);
    Handler handler = handler(zone, a, b);
    handler.handle(createEvent(a.id, incumbent, a.vpc, a.subnets, domain));
    Map<String, List<String>> held = hub.answers(zone);
    assertThat(held.get("*." + domain + " CNAME")).containsExactly(a.regionalName(incumbent));

    // Later, an endpoint of account B is tagged with the same domain.
    String claimant = b.endpoint(domain);

    JsonNode claim = handler.handle(createEvent(b.id, claimant, b.vpc, b.subnets, domain));
    assertThat(claim.path("outcomes"))
        .singleElement()
        .satisfies(o -> assertThat(o.path("conflicts").toString()).contains(claimant));
    assertThat(hub.answers(zone)).isEqualTo(held);

    // The sweep, which reads both accounts, reaches the same answer.
    handler.handle("{\"linkdns\":\"sweep\"}");
    assertThat(hub.answers(zone)).isEqualTo(held);
    // And a fresh instance whose first word is the claimant's event too.
    handler(zone, a, b).handle(createEvent(b.id, claimant, b.vpc, b.subnets, domain));
    assertThat(hub.answers(zone)).isEqualTo(held);
  }

  @Test
  void aZoneAlsoLinkedToAnUnlistedAccountsVpcIsWiredAndThatVpcIsLookedUpOnce() {
    Account stranger = Account.assume(randomAccount(), "10.33");
    String domain = AwsWorld.uniqueDomain();
    String zone = hub.hubZone(domain, a, stranger);
    String id = a.endpoint(domain);
    Handler handler = handler(zone, a);

    handler.handle(createEvent(a.id, id, a.vpc, a.subnets, domain));
    // The hub's VPC and the stranger's are each asked of the served accounts (A's first, then the
    // hub's).
    assertThat(calls.all().stream().filter(c -> c.endsWith("Ec2.DescribeVpcs")))
        .hasSizeLessThanOrEqualTo(4);
    assertThat(hub.answers(zone).get("*." + domain + " CNAME")).containsExactly(a.regionalName(id));
    calls.reset();

    handler.handle(createEvent(a.id, id, a.vpc, a.subnets, domain));

    // Then remembered, the stranger's as nobody's: no lookup at every reconcile, and nothing read
    // there.
    assertThat(calls.all()).noneMatch(c -> c.endsWith("Ec2.DescribeVpcs")).isNotEmpty();
    assertThat(calls.in(stranger.id)).isEmpty();
  }

  @Test
  void theSweepWiresEveryListedAccountThroughItsRole() {
    String domainA = AwsWorld.uniqueDomain();
    String domainB = AwsWorld.uniqueDomain();
    String zoneA = hub.hubZone(domainA, a);
    String zoneB = hub.hubZone(domainB, b);
    String idA = a.endpoint(domainA);
    String idB = b.endpoint(domainB);
    Handler handler = handler(zoneA + "," + zoneB, a, b);

    handler.handle("{\"linkdns\":\"sweep\"}");

    assertThat(hub.answers(zoneA).get("*." + domainA + " CNAME"))
        .containsExactly(a.regionalName(idA));
    assertThat(hub.answers(zoneB).get("*." + domainB + " CNAME"))
        .containsExactly(b.regionalName(idB));
    assertThat(calls.assumed())
        .containsExactlyInAnyOrder(
            "arn:aws:iam::" + a.id + ":role/linkdns-spoke",
            "arn:aws:iam::" + b.id + ":role/linkdns-spoke");

    // Drift in the hub zone of B's endpoint is repaired by the next sweep.
    hub.deleteWildcard(zoneB, domainB);
    assertThat(hub.answers(zoneB)).doesNotContainKey("*." + domainB + " CNAME");
    handler.handle("{\"linkdns\":\"sweep\"}");
    assertThat(hub.answers(zoneB).get("*." + domainB + " CNAME"))
        .containsExactly(b.regionalName(idB));
  }

  // ---- the world

  private Handler handler(Account... members) {
    return handler("", members);
  }

  /**
   * A hub function serving the members, managing the given (adopted) zones; every call is
   * attributed to an account.
   */
  private Handler handler(String zones, Account... members) {
    return handler(Optional.of(hub.id), zones, members);
  }

  private Handler handler(Optional<String> home, String zones, Account... members) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", REGION.id());
    env.put("LINKDNS_OWNER_ID", "linkdns-org-" + hub.id);
    home.ifPresent(h -> env.put("LINKDNS_HOME_ACCOUNT", h));
    env.put(
        "LINKDNS_ACCOUNTS",
        java.util.Arrays.stream(members).map(m -> m.id).collect(Collectors.joining(",")));
    env.put("LINKDNS_ZONES", zones);
    AwsClients clients =
        AwsClients.build(
                new AwsClients.Config(REGION, Optional.of(endpoint), 3, 10, List.of(calls)))
            .actingAs()
            .apply(StaticCredentialsProvider.create(hub.credentials));
    return new Handler(
        AwsSettings.fromEnvironment(env),
        clients,
        new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  private static AwsWiring wiring(Handler handler) {
    return handler.wiring();
  }

  private List<JsonNode> logLines() {
    List<JsonNode> out = new ArrayList<>();
    for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        try {
          out.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new IllegalStateException(line, e);
        }
      }
    }
    return out;
  }

  static String randomAccount() {
    return EmulatedAccounts.randomId('8');
  }

  /**
   * A CloudTrail CreateVpcEndpoint event as the account's bus forwards it (OrganisationHubTest
   * sends it through the Handler too).
   */
  static String createEvent(
      String account, String endpointId, String vpc, List<String> subnets, String domain) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < subnets.size(); i++) {
      items.add("{\"tag\":" + (i + 1) + ",\"content\":\"" + subnets.get(i) + "\"}");
    }
    String plain = subnets.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
    return AwsWorld.fixture("cloudtrail/create-vpc-endpoint.json")
        .replace("123456789012", account)
        .replace("{{endpointId}}", endpointId)
        .replace("{{vpcId}}", vpc)
        .replace("{{serviceName}}", AwsWorld.SERVICE)
        .replace("{{domain}}", domain)
        .replace(
            "{{subnetItems}}",
            items.size() == 1 ? items.get(0) : "[" + String.join(",", items) + "]")
        .replace("{{subnetPlain}}", subnets.size() == 1 ? plain : "[" + plain + "]");
  }

  /** One emulated account: its credentials, clients, and a VPC with subnets in two AZs. */
  record Account(
      String id,
      AwsSessionCredentials credentials,
      software.amazon.awssdk.services.ec2.Ec2Client ec2,
      software.amazon.awssdk.services.route53.Route53Client route53,
      String vpc,
      List<String> subnets) {

    /**
     * The account as moto makes it on AssumeRole into it (the emulator's endpoint, whichever test
     * class started it).
     */
    static Account assume(String id, String cidr) {
      AwsSessionCredentials creds = EmulatedAccounts.assume(id, "x");
      var ec2 = EmulatedAccounts.ec2(creds, REGION);
      var route53 = EmulatedAccounts.route53(creds, o -> {});
      String vpc = ec2.createVpc(r -> r.cidrBlock(cidr + ".0.0/16")).vpc().vpcId();
      List<String> subnets = new ArrayList<>();
      for (String az : List.of("us-east-2a", "us-east-2b")) {
        String block = cidr + "." + (subnets.size() + 1) + ".0/24";
        subnets.add(
            ec2.createSubnet(r -> r.vpcId(vpc).availabilityZone(az).cidrBlock(block))
                .subnet()
                .subnetId());
      }
      return new Account(id, creds, ec2, route53, vpc, List.copyOf(subnets));
    }

    VPC vpcRef() {
      return VPC.builder().vpcId(vpc).vpcRegion(VPCRegion.US_EAST_2).build();
    }

    /** An interface endpoint in this account's VPC, tagged with the domain. */
    String endpoint(String domain) {
      return ec2.createVpcEndpoint(
              r ->
                  r.vpcId(vpc)
                      .serviceName(AwsWorld.SERVICE)
                      .vpcEndpointType("Interface")
                      .subnetIds(subnets)
                      .tagSpecifications(
                          s ->
                              s.resourceType(ResourceType.VPC_ENDPOINT)
                                  .tags(t -> t.key("linkdns:domain").value(domain))))
          .vpcEndpoint()
          .vpcEndpointId();
    }

    String regionalName(String endpointId) {
      return DnsName.normalize(
          ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(endpointId))
              .vpcEndpoints()
              .get(0)
              .dnsEntries()
              .get(0)
              .dnsName());
    }

    /**
     * The hub's private zone for the domain, made with the hub's VPC and made resolvable from the
     * members' VPCs as an operator (or the sharing half of linkdns) does: authorize, associate from
     * the member's account, delete the authorization.
     */
    String hubZone(String domain, Account... members) {
      String zone =
          route53
              .createHostedZone(
                  r ->
                      r.name(domain)
                          .callerReference(UUID.randomUUID().toString())
                          .hostedZoneConfig(c -> c.privateZone(true))
                          .vpc(vpcRef()))
              .hostedZone()
              .id()
              .replace("/hostedzone/", "");
      for (Account m : members) {
        route53.createVPCAssociationAuthorization(r -> r.hostedZoneId(zone).vpc(m.vpcRef()));
        m.route53.associateVPCWithHostedZone(r -> r.hostedZoneId(zone).vpc(m.vpcRef()));
        route53.deleteVPCAssociationAuthorization(r -> r.hostedZoneId(zone).vpc(m.vpcRef()));
      }
      return zone;
    }

    /**
     * The zone's answers as a client sees them: "name TYPE" -> values; SOA, NS and owner markers
     * left out.
     */
    Map<String, List<String>> answers(String zone) {
      Map<String, List<String>> out = new TreeMap<>();
      for (ResourceRecordSet r :
          route53.listResourceRecordSetsPaginator(q -> q.hostedZoneId(zone)).resourceRecordSets()) {
        String name = DnsName.normalize(r.name());
        if (r.typeAsString().equals("SOA")
            || r.typeAsString().equals("NS")
            || name.startsWith("_linkdns-")) {
          continue;
        }
        out.put(
            name + " " + r.typeAsString(),
            r.resourceRecords().stream()
                .map(
                    v ->
                        r.typeAsString().equals("CNAME") ? DnsName.normalize(v.value()) : v.value())
                .sorted()
                .toList());
      }
      return out;
    }

    /** Someone deletes the wildcard record by hand (drift). */
    void deleteWildcard(String zone, String domain) {
      for (ResourceRecordSet r :
          route53.listResourceRecordSetsPaginator(q -> q.hostedZoneId(zone)).resourceRecordSets()) {
        if (DnsName.normalize(r.name()).equals("*." + domain) && r.typeAsString().equals("CNAME")) {
          route53.changeResourceRecordSets(
              q ->
                  q.hostedZoneId(zone)
                      .changeBatch(
                          c ->
                              c.changes(
                                  ch ->
                                      ch.action(
                                              software.amazon.awssdk.services.route53.model
                                                  .ChangeAction.DELETE)
                                          .resourceRecordSet(r))));
        }
      }
    }
  }

  /**
   * Every call the function makes, as "account Service.Operation": the account is that of the
   * credentials that signed it (the hub's, or those AssumeRole gave for a member's role).
   */
  static final class Calls implements ExecutionInterceptor {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");
    final Map<String, String> keys = new ConcurrentHashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> assumed = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      String auth = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
      Matcher m = CREDENTIAL.matcher(auth);
      String key = m.find() ? m.group(1) : "";
      calls.add(
          keys.getOrDefault(key, "unknown:" + key)
              + " "
              + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
              + "."
              + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      if (context.request() instanceof AssumeRoleRequest r) {
        assumed.add(r.roleArn());
      }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof AssumeRoleRequest r
          && context.response() instanceof AssumeRoleResponse a) {
        keys.put(a.credentials().accessKeyId(), r.roleArn().split(":")[4]);
      }
    }

    List<String> all() {
      synchronized (calls) {
        return List.copyOf(calls);
      }
    }

    /** The operations signed with the account's credentials, as "Service.Operation". */
    List<String> in(String account) {
      return all().stream()
          .filter(c -> c.startsWith(account + " "))
          .map(c -> c.substring(account.length() + 1))
          .toList();
    }

    List<String> assumed() {
      synchronized (assumed) {
        return List.copyOf(assumed);
      }
    }

    void reset() {
      calls.clear();
      assumed.clear();
    }
  }
}
