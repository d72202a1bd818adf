package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * spoke.yaml, what each member account runs: it must lint clean, forward exactly the events the
 * hub's own rule takes, and give the hub's function (and nobody else) reads and VPC association,
 * nothing more.
 */
class SpokeTemplateTest {
  private static final Path SPOKE = CfnStack.locate("spoke.yaml");
  private static final Path HUB = CfnStack.locate("template.yaml");
  private static final String HUB_ACCOUNT = "999999999999";
  private static final String MEMBER = "222222222222";
  private static final String ROLE =
      "arn:aws:iam::" + HUB_ACCOUNT + ":role/linkdns-FunctionRole-1A2B3C";
  private static final String BUS =
      "arn:aws:events:us-east-2:" + HUB_ACCOUNT + ":event-bus/linkdns-linkdns";
  private static final Map<String, String> PARAMETERS =
      Map.of("HubAccountId", HUB_ACCOUNT, "HubBusArn", BUS, "HubFunctionRoleArn", ROLE);

  private static JsonNode decoded(Path file) throws Exception {
    Optional<JsonNode> t = CfnStack.decode(file);
    assumeTrue(t.isPresent(), "cfn-lint's decoder is not installed");
    return t.get();
  }

  private static CfnStack spoke(String account, String region) throws Exception {
    return CfnStack.of(decoded(SPOKE), PARAMETERS, account, region);
  }

  @Test
  void cfnLintFindsNothing() throws Exception {
    assumeTrue(onPath("cfn-lint"), "cfn-lint is not installed");
    Process p = new ProcessBuilder("cfn-lint", SPOKE.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    assertThat(p.exitValue()).as("cfn-lint %s:%n%s", SPOKE, out).isZero();
  }

  @Test
  void theSpokeRoleTrustsOnlyTheHubFunctionsRole() throws Exception {
    CfnStack stack = spoke(MEMBER, CfnStack.REGION);
    Map<String, JsonNode> trust = stack.trust("SpokeRole");
    assertThat(trust).containsOnlyKeys("HubFunctionOnly");
    JsonNode s = trust.get("HubFunctionOnly");
    assertThat(s.path("Effect").asText()).isEqualTo("Allow");
    assertThat(s.get("Principal").toString()).isEqualTo("{\"AWS\":\"" + ROLE + "\"}");
    assertThat(CfnStack.strings(s.get("Action"))).containsExactly("sts:AssumeRole");
    assertThat(s.at("/Condition/ArnEquals/aws:PrincipalArn").asText()).isEqualTo(ROLE);
    assertThat(s.at("/Condition/StringEquals/aws:PrincipalAccount").asText())
        .isEqualTo(HUB_ACCOUNT);
    assertThat(stack.resource("SpokeRole").at("/Properties/RoleName").asText())
        .isEqualTo("linkdns-spoke");
  }

  /**
   * Reads of endpoint state in this region, and association of this region's VPCs: nothing else.
   */
  @Test
  void theSpokeRoleReadsEndpointsAndAssociatesVpcsOnly() throws Exception {
    Map<String, JsonNode> statements = spoke(MEMBER, CfnStack.REGION).statements("SpokeRole");
    assertThat(statements)
        .containsOnlyKeys("ReadEndpoints", "Route53ChecksVpcs", "AssociateWithHubZones");
    List<String> actions = new ArrayList<>();
    statements
        .values()
        .forEach(
            s -> {
              assertThat(s.path("Effect").asText()).isEqualTo("Allow");
              actions.addAll(CfnStack.strings(s.get("Action")));
            });
    assertThat(actions)
        .containsExactlyInAnyOrder(
            "ec2:DescribeVpcEndpoints",
            "ec2:DescribeSubnets",
            "ec2:DescribeAvailabilityZones",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeVpcs",
            "route53:AssociateVPCWithHostedZone",
            "route53:DisassociateVPCFromHostedZone");
    assertThat(
            statements
                .get("ReadEndpoints")
                .at("/Condition/StringEquals/aws:RequestedRegion")
                .asText())
        .isEqualTo(CfnStack.REGION);
    JsonNode associate = statements.get("AssociateWithHubZones");
    assertThat(CfnStack.strings(associate.get("Resource")))
        .containsExactly("arn:aws:route53:::hostedzone/*");
    assertThat(associate.at("/Condition/ForAllValues:StringLike/route53:VPCs").asText())
        .isEqualTo("VPCId=vpc-*,VPCRegion=" + CfnStack.REGION);
    assertThat(associate.at("/Condition/Null/route53:VPCs").asText()).isEqualTo("false");
  }

  @Test
  void eventBridgeMayPutOnlyOnTheHubBus() throws Exception {
    CfnStack stack = spoke(MEMBER, CfnStack.REGION);
    Map<String, JsonNode> statements = stack.statements("ForwardRole");
    assertThat(statements).containsOnlyKeys("PutOnHubBus");
    assertThat(CfnStack.strings(statements.get("PutOnHubBus").get("Action")))
        .containsExactly("events:PutEvents");
    assertThat(CfnStack.strings(statements.get("PutOnHubBus").get("Resource")))
        .containsExactly(BUS);
    JsonNode trust = stack.trust("ForwardRole").get("EventBridgeOfThisAccount");
    assertThat(trust.get("Principal").toString())
        .isEqualTo("{\"Service\":\"events.amazonaws.com\"}");
    assertThat(trust.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo(MEMBER);
    JsonNode target = stack.resource("ForwardEndpointEventsRule").at("/Properties/Targets/0");
    assertThat(target.path("Arn").asText()).isEqualTo(BUS);
    assertThat(target.path("RoleArn").toString()).contains("ForwardRole");
  }

  /** The spoke forwards exactly what the hub's own rule takes from its own account. */
  @Test
  void theForwardedEventsAreThoseTheHubsRulesMatch() throws Exception {
    JsonNode forwarded =
        spoke(MEMBER, CfnStack.REGION).resource("ForwardEndpointEventsRule").path("Properties");
    CfnStack hub =
        CfnStack.of(decoded(HUB), Map.of("MemberAccounts", MEMBER, "HomeVpc", "vpc-0a1b2c3d"));
    JsonNode memberRule = hub.resource("MemberEndpointEventsRule").path("Properties");
    assertThat(forwarded.path("EventBusName").asText()).isEqualTo("default");
    assertThat(CfnStack.strings(forwarded.at("/EventPattern/account"))).containsExactly(MEMBER);
    assertThat(CfnStack.strings(memberRule.at("/EventPattern/account"))).contains(MEMBER);
    assertThat(withoutAccount(forwarded.get("EventPattern")))
        .isEqualTo(withoutAccount(memberRule.get("EventPattern")))
        .isEqualTo(
            withoutAccount(hub.resource("EndpointEventsRule").at("/Properties/EventPattern")));
  }

  /**
   * Nothing in the hub account (its own rule sees its events) and nothing outside the hub's region.
   */
  @ParameterizedTest(name = "{0} in {1} -> deployed {2}")
  @CsvSource({
    MEMBER + ", us-east-2, true",
    MEMBER + ", eu-west-1, false",
    HUB_ACCOUNT + ", us-east-2, false"
  })
  void aSpokeExistsOnlyInMemberAccountsInTheHubsRegion(
      String account, String region, boolean deployed) throws Exception {
    CfnStack stack = spoke(account, region);
    if (deployed) {
      assertThat(stack.resources().keySet())
          .containsExactlyInAnyOrder("ForwardEndpointEventsRule", "ForwardRole", "SpokeRole");
    } else {
      assertThat(stack.resources().keySet()).containsExactly("NothingToDoHere");
      assertThat(stack.resource("NothingToDoHere").path("Type").asText())
          .isEqualTo("AWS::CloudFormation::WaitConditionHandle");
    }
    assertThat(stack.outputs().get("Deployed").path("Value").asText())
        .isEqualTo(String.valueOf(deployed));
  }

  /**
   * A StackSet deploys the same template everywhere: only the role the hub assumes by name is
   * named.
   */
  @Test
  void onlyTheSpokeRoleHasAName() throws Exception {
    CfnStack stack = spoke(MEMBER, CfnStack.REGION);
    List<String> named = new ArrayList<>();
    stack
        .resources()
        .forEach(
            (name, r) ->
                r.path("Properties")
                    .fieldNames()
                    .forEachRemaining(
                        f -> {
                          if (f.endsWith("Name") && !f.equals("EventBusName")) {
                            named.add(name + "." + f);
                          }
                        }));
    assertThat(named).containsExactly("SpokeRole.RoleName");
  }

  @Test
  void everyStatementSaysWhy() throws Exception {
    List<String> lines = Files.readAllLines(SPOKE, StandardCharsets.UTF_8);
    List<String> silent = new ArrayList<>();
    int sids = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = Pattern.compile("^\\s*- Sid: (\\S+)").matcher(lines.get(i));
      if (!m.find()) {
        continue;
      }
      sids++;
      boolean commented = false;
      for (int j = i - 1; j >= Math.max(0, i - 3) && !commented; j--) {
        commented = lines.get(j).trim().startsWith("#");
      }
      if (!commented) {
        silent.add(m.group(1));
      }
    }
    assertThat(sids).isEqualTo(6);
    assertThat(silent).as("IAM statements without a comment saying why").isEmpty();
  }

  private static JsonNode withoutAccount(JsonNode pattern) {
    ObjectNode copy = pattern.deepCopy();
    copy.remove("account");
    return copy;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
