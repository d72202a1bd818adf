package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SAM template is part of what ships: it must lint clean, hand the function the settings it
 * reads, keep its event rules to this account, and say why each IAM statement is as broad as it is.
 */
class TemplateTest {
  private static final Path TEMPLATE = locate();

  private static Path locate() {
    Path fromModule = Path.of("..", "template.yaml");
    return Files.exists(fromModule) ? fromModule : Path.of("template.yaml");
  }

  private static String template() throws IOException {
    return Files.readString(TEMPLATE, StandardCharsets.UTF_8);
  }

  @Test
  void cfnLintFindsNothing() throws Exception {
    assumeTrue(onPath("cfn-lint"), "cfn-lint is not installed");
    Process p =
        new ProcessBuilder("cfn-lint", TEMPLATE.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    assertThat(p.exitValue()).as("cfn-lint %s:%n%s", TEMPLATE, out).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "LINKDNS_OWNER_ID",
        "LINKDNS_POLICY",
        "LINKDNS_LAYOUT",
        "LINKDNS_LAYOUTS",
        "LINKDNS_RULES",
        "LINKDNS_CREATE_ZONES",
        "LINKDNS_ROUTE53_RATE",
        "LINKDNS_MAX_ATTEMPTS",
        "LINKDNS_VERIFY_TARGETS",
        "LINKDNS_ALLOWED_DOMAINS",
        "LINKDNS_ZONES",
        "LINKDNS_ROLE_ARN",
        "LINKDNS_QUEUE_URL",
        "LINKDNS_CONFLUENT_API_URL",
        "LINKDNS_CONFLUENT_SECRET",
        "LINKDNS_CONFLUENT_ENVIRONMENTS",
        "LINKDNS_CONFLUENT_CACHE_SECONDS",
        "LINKDNS_ACCOUNTS",
        "LINKDNS_SPOKE_ROLE",
        "LINKDNS_HOME_VPC",
        "LINKDNS_SHARE_WITH",
        "LINKDNS_HOME_ACCOUNT"
      })
  void theFunctionGetsEverySettingItReads(String name) throws IOException {
    assertThat(environmentBlock()).containsPattern("(?m)^\\s+" + name + ":\\s+\\S");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "https://api.confluent.cloud                | true",
        "https://api.confluent.cloud:443/v2         | true",
        "http://api.confluent.cloud                 | false",
        "http://127.0.0.1:8080                      | false",
        "http://127.attacker.example:8080           | false",
        "https://api.confluent.cloud@evil.example   | false",
        "https://key:secret@api.confluent.cloud     | false",
        "https://api.confluent.cloud/?next=evil     | false",
        "https://api.confluent.cloud/#x             | false",
        "https://api.confluent.cloud\\evil.example | false"
      })
  void theConfluentApiUrlParameterTakesHttpsOnly(String url, boolean allowed) throws IOException {
    Matcher m =
        Pattern.compile("(?m)^  ConfluentApiUrl:\\n(?:    .*\\n)*?    AllowedPattern: \"([^\"]*)\"")
            .matcher(template());
    assertThat(m.find()).as("ConfluentApiUrl's AllowedPattern").isTrue();
    assertThat(Pattern.matches(m.group(1).replace("\\\\", "\\"), url)).isEqualTo(allowed);
  }

  @Test
  void theRoleArnIsTheFunctionsOwnRole() throws IOException {
    assertThat(environmentBlock()).contains("LINKDNS_ROLE_ARN: !GetAtt FunctionRole.Arn");
    assertThat(template()).contains("Role: !GetAtt FunctionRole.Arn");
  }

  @Test
  void everyEventRuleNamesTheAccountsItServes() throws IOException {
    String t = template();
    int rules = count(t, "Type: AWS::Events::Rule");
    assertThat(rules).isGreaterThanOrEqualTo(3);
    // The default bus carries this account's events; the hub bus the listed member accounts' ones.
    assertThat(count(t, "account: [!Ref AWS::AccountId]")).isEqualTo(rules - 1);
    assertThat(count(t, "account: !Split [\",\", !Ref MemberAccounts]")).isEqualTo(1);
  }

  @Test
  void tagEventsAreLimitedToEndpoints() throws IOException {
    assertThat(template())
        .contains("eventName: [CreateTags, DeleteTags]")
        .contains("resourceId: [{ prefix: vpce- }]");
  }

  @Test
  void recordWritesAreBoundedByName() throws IOException {
    assertThat(template())
        .contains("\"route53:ChangeResourceRecordSetsNormalizedRecordNames\": !If")
        .contains("\"route53:ChangeResourceRecordSetsNormalizedRecordNames\": \"false\"");
  }

  /**
   * A comment within the three lines above each statement, past an {@code !If} and its condition.
   */
  @Test
  void everyIamStatementSaysWhy() throws IOException {
    List<String> lines = Files.readAllLines(TEMPLATE, StandardCharsets.UTF_8);
    List<String> silent = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = Pattern.compile("^\\s*- Sid: (\\S+)").matcher(lines.get(i));
      if (!m.find()) {
        continue;
      }
      boolean commented = false;
      for (int j = i - 1; j >= Math.max(0, i - 3) && !commented; j--) {
        commented = lines.get(j).trim().startsWith("#");
      }
      if (!commented) {
        silent.add(m.group(1));
      }
    }
    assertThat(silent).as("IAM statements without a comment saying why").isEmpty();
  }

  // ---------------------------------------------------------------- organisation (hub)

  private static final String MEMBERS = "222222222222,333333333333";
  private static final String ORG = "o-abcdef1234";
  private static final String HOME_VPC = "vpc-0a1b2c3d4e5f60718";

  private static CfnStack hub(Map<String, String> parameters) throws Exception {
    Optional<JsonNode> template = CfnStack.decode(TEMPLATE);
    assumeTrue(template.isPresent(), "cfn-lint's decoder (python3 -m cfnlint) is not installed");
    return CfnStack.of(template.get(), parameters);
  }

  private static Map<String, String> members(String... more) {
    Map<String, String> p = new HashMap<>(Map.of("MemberAccounts", MEMBERS, "HomeVpc", HOME_VPC));
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  /** Without the organisation parameters the stack is what it was before they existed. */
  @ParameterizedTest
  @ValueSource(strings = {"us-east-2", "us-east-1"})
  void aSingleAccountInstallationDeploysAsBefore(String region) throws Exception {
    Optional<JsonNode> template = CfnStack.decode(TEMPLATE);
    assumeTrue(template.isPresent(), "cfn-lint's decoder is not installed");
    CfnStack stack = CfnStack.of(template.get(), Map.of(), CfnStack.ACCOUNT, region);

    List<String> before =
        new ArrayList<>(
            List.of(
                "SealKey",
                "LinkdnsFunction",
                "FunctionLogGroup",
                "FunctionRole",
                "EventQueue",
                "DeadLetterQueue",
                "QueuePolicy",
                "DeadLetterAlarm",
                "FailuresAlarm",
                "EndpointEventsRule"));
    if (region.equals("us-east-1")) {
      before.add("RemediationRule");
    }
    assertThat(stack.resources().keySet()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(stack.statements("FunctionRole").keySet())
        .containsExactly(
            "ReadEndpoints",
            "Route53ChecksVpcs",
            "FindZones",
            "ReadZones",
            "WriteRecords",
            "AssociateVpcs",
            "CreatePrivateZones",
            "RetireEmptyZones",
            "DisassociateRetiredZones",
            "ReadSealKey",
            "PollQueue",
            // Since sweeps continue through the queue: sqs:SendMessage on the function's own queue
            // only.
            "ContinueSweep",
            "WriteLogs");
    assertThat(stack.outputs()).doesNotContainKey("HubEventBusArn");
    assertThat(stack.failedRules()).isEmpty();
    JsonNode sources =
        stack
            .statements("QueuePolicy")
            .get("EventBridgeRules")
            .at("/Condition/ArnEquals/aws:SourceArn");
    assertThat(sources).hasSize(region.equals("us-east-1") ? 2 : 1);
  }

  @Test
  void noOrganisationMeansNoBusNoAssumeRoleNoAuthorizations() throws Exception {
    CfnStack stack = hub(Map.of("ShareWith", "vpc-0a1b2c3d"));
    assertThat(stack.resources()).doesNotContainKeys("HubEventBus", "MemberEndpointEventsRule");
    assertThat(stack.statements("FunctionRole"))
        .doesNotContainKeys(
            "AssumeSpokeRoles",
            "AuthorizeMemberVpcs",
            "ListMemberAuthorizations",
            "ShareThroughProfiles");
    assertThat(actions(stack.statements("FunctionRole").values())).doesNotContain("sts:AssumeRole");
  }

  @ParameterizedTest(name = "OrganizationId=''{0}''")
  @ValueSource(strings = {ORG, ""})
  void theHubBusAdmitsOnlyTheListedAccountsInsideTheOrganisation(String org) throws Exception {
    CfnStack stack = hub(members("OrganizationId", org));
    Map<String, JsonNode> policy = stack.statements("HubEventBus");
    assertThat(policy).containsOnlyKeys("MemberAccountsForwardEndpointEvents");
    JsonNode s = policy.get("MemberAccountsForwardEndpointEvents");
    assertThat(s.path("Effect").asText()).isEqualTo("Allow");
    assertThat(CfnStack.strings(s.at("/Principal/AWS")))
        .containsExactly("222222222222", "333333333333");
    assertThat(CfnStack.strings(s.get("Action"))).containsExactly("events:PutEvents");
    assertThat(CfnStack.strings(s.get("Resource")))
        .containsExactly(
            "arn:aws:events:us-east-2:"
                + CfnStack.ACCOUNT
                + ":event-bus/linkdns-"
                + CfnStack.STACK_NAME);
    if (org.isEmpty()) {
      assertThat(s.has("Condition")).as("condition without an organisation").isFalse();
    } else {
      assertThat(s.get("Condition").toString())
          .isEqualTo("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"" + ORG + "\"}}");
    }
    assertThat(stack.resource("HubEventBus").at("/Properties/Name").asText())
        .isEqualTo("linkdns-linkdns");
    assertThat(stack.outputs()).containsKey("HubEventBusArn");
  }

  @ParameterizedTest(name = "OrganizationId=''{0}''")
  @ValueSource(strings = {ORG, ""})
  void theFunctionAssumesOnlyTheSpokeRoleOfListedAccounts(String org) throws Exception {
    CfnStack stack = hub(members("OrganizationId", org, "SpokeRoleName", "dns-spoke"));
    List<JsonNode> assuming =
        stack.statements("FunctionRole").values().stream()
            .filter(s -> CfnStack.strings(s.get("Action")).contains("sts:AssumeRole"))
            .toList();
    assertThat(assuming).hasSize(1);
    JsonNode s = assuming.get(0);
    assertThat(s.path("Sid").asText()).isEqualTo("AssumeSpokeRoles");
    assertThat(CfnStack.strings(s.get("Action"))).containsExactly("sts:AssumeRole");
    assertThat(CfnStack.strings(s.get("Resource")))
        .containsExactly("arn:aws:iam::*:role/dns-spoke");
    JsonNode equals = s.at("/Condition/StringEquals");
    assertThat(s.get("Condition").size()).isEqualTo(1);
    assertThat(CfnStack.strings(equals.get("aws:ResourceAccount")))
        .containsExactly("222222222222", "333333333333");
    if (org.isEmpty()) {
      assertThat(equals.has("aws:ResourceOrgID")).isFalse();
    } else {
      assertThat(CfnStack.strings(equals.get("aws:ResourceOrgID"))).containsExactly(ORG);
    }
  }

  @Test
  void memberVpcsAreAuthorizedOnlyInThisRegion() throws Exception {
    Map<String, JsonNode> statements = hub(members()).statements("FunctionRole");
    JsonNode s = statements.get("AuthorizeMemberVpcs");
    assertThat(CfnStack.strings(s.get("Action")))
        .containsExactly(
            "route53:CreateVPCAssociationAuthorization",
            "route53:DeleteVPCAssociationAuthorization");
    assertThat(CfnStack.strings(s.get("Resource")))
        .containsExactly("arn:aws:route53:::hostedzone/*");
    assertThat(s.at("/Condition/ForAllValues:StringLike/route53:VPCs").asText())
        .isEqualTo("VPCId=vpc-*,VPCRegion=" + CfnStack.REGION);
    assertThat(s.at("/Condition/Null/route53:VPCs").asText()).isEqualTo("false");
    assertThat(CfnStack.strings(statements.get("ListMemberAuthorizations").get("Action")))
        .containsExactly("route53:ListVPCAssociationAuthorizations");
  }

  /**
   * Profiles are granted exactly when ShareWith names one, and then only this account's, this
   * region's.
   */
  @ParameterizedTest(name = "ShareWith=''{0}'' -> profiles {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                            | false",
        "vpc-0a1b2c3d                                  | false",
        "222222222222:vpc-0a1b2c3d,vpc-0a1b2c3e        | false",
        "rp-4987774726example                          | true",
        "vpc-0a1b2c3d,222222222222:vpc-0a1b2c3d,rp-abc1 | true"
      })
  void profilesAreGrantedOnlyWhenShareWithNamesOne(String shareWith, boolean granted)
      throws Exception {
    Map<String, JsonNode> statements =
        hub(Map.of("ShareWith", shareWith)).statements("FunctionRole");
    assertThat(statements.containsKey("ShareThroughProfiles")).isEqualTo(granted);
    if (granted) {
      JsonNode s = statements.get("ShareThroughProfiles");
      assertThat(CfnStack.strings(s.get("Action")))
          .containsExactly(
              "route53profiles:AssociateResourceToProfile",
              "route53profiles:DisassociateResourceFromProfile",
              "route53profiles:ListProfileResourceAssociations");
      assertThat(CfnStack.strings(s.get("Resource")))
          .allMatch(
              r ->
                  r.startsWith(
                      "arn:aws:route53profiles:" + CfnStack.REGION + ":" + CfnStack.ACCOUNT + ":"));
    }
  }

  @Test
  void theMemberRuleMatchesWhatTheHubsOwnRuleMatchesForTheListedAccounts() throws Exception {
    CfnStack stack = hub(members());
    JsonNode own = stack.resource("EndpointEventsRule").path("Properties");
    JsonNode member = stack.resource("MemberEndpointEventsRule").path("Properties");
    assertThat(own.at("/EventBusName").asText()).isEqualTo("default");
    assertThat(member.at("/EventBusName").toString()).isEqualTo("{\"Ref\":\"HubEventBus\"}");
    assertThat(CfnStack.strings(own.at("/EventPattern/account"))).containsExactly(CfnStack.ACCOUNT);
    assertThat(CfnStack.strings(member.at("/EventPattern/account")))
        .containsExactly("222222222222", "333333333333");
    assertThat(withoutAccount(member.get("EventPattern")))
        .isEqualTo(withoutAccount(own.get("EventPattern")));
    assertThat(member.get("Targets")).isEqualTo(own.get("Targets"));
    assertThat(
            stack
                .statements("QueuePolicy")
                .get("EventBridgeRules")
                .at("/Condition/ArnEquals/aws:SourceArn")
                .toString())
        .contains("MemberEndpointEventsRule");
  }

  @Test
  void theFunctionGetsTheOrganisationSettings() throws Exception {
    JsonNode env =
        hub(members("ShareWith", "rp-abc1", "SpokeRoleName", "dns-spoke"))
            .resource("LinkdnsFunction")
            .at("/Properties/Environment/Variables");
    assertThat(env.path("LINKDNS_ACCOUNTS").asText()).isEqualTo(MEMBERS);
    assertThat(env.path("LINKDNS_SPOKE_ROLE").asText()).isEqualTo("dns-spoke");
    assertThat(env.path("LINKDNS_HOME_VPC").asText()).isEqualTo(HOME_VPC);
    assertThat(env.path("LINKDNS_SHARE_WITH").asText()).isEqualTo("rp-abc1");
    assertThat(env.path("LINKDNS_HOME_ACCOUNT").asText()).isEqualTo(CfnStack.ACCOUNT);
  }

  /** CloudFormation refuses an organisation that could not work before it creates anything. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "members, home VPC           | MemberAccounts=222222222222;HomeVpc=vpc-0a1b2c3d                    | ''",
        "members, no home VPC        | MemberAccounts=222222222222                                          | MembersNeedHomeVpc",
        "members, existing zones only | MemberAccounts=222222222222;CreateZones=false                       | ''",
        "organisation, no members    | OrganizationId=o-abcdef1234                                          | OrganizationNeedsMembers",
        "nothing                     | ''                                                                   | ''"
      })
  void incompleteOrganisationsAreRefused(String what, String parameters, String failed)
      throws Exception {
    Map<String, String> p = new HashMap<>();
    for (String kv : parameters.split(";")) {
      if (!kv.isEmpty()) {
        p.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    assertThat(hub(p).failedRules())
        .containsExactlyElementsOf(failed.isEmpty() ? List.of() : List.of(failed));
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ShareWith      | vpc-0a1b2c3d                                    | true",
        "ShareWith      | vpc-0a1b2c3d4e5f60718                           | true",
        "ShareWith      | 222222222222:vpc-0a1b2c3d,rp-4987774726example  | true",
        "ShareWith      | vpc-0a1b2c3d,,rp-abc1                           | false",
        "ShareWith      | vpc-0a1b2c3d, rp-abc1                           | false",
        "ShareWith      | 2222:vpc-0a1b2c3d                               | false",
        "ShareWith      | vpc-0A1B2C3D                                    | false",
        "ShareWith      | vpc-0a1b2c3                                     | false",
        "ShareWith      | sg-0a1b2c3d                                     | false",
        "ShareWith      | tag:linkdns                                     | false",
        "MemberAccounts | 222222222222,333333333333                       | true",
        "MemberAccounts | 222222222222,                                   | false",
        "MemberAccounts | 22222222222                                     | false",
        "MemberAccounts | *                                               | false",
        "OrganizationId | o-abcdef1234                                    | true",
        "OrganizationId | r-abcd                                          | false",
        "HomeVpc        | vpc-0a1b2c3d4e5f60718                           | true",
        "HomeVpc        | 222222222222:vpc-0a1b2c3d                       | false",
        "SpokeRoleName  | linkdns-spoke                                   | true",
        "SpokeRoleName  | path/linkdns-spoke                              | false",
        "SpokeRoleName  | a,b                                             | false"
      })
  void organisationParametersTakeOnlyTheirShapes(String parameter, String value, boolean allowed)
      throws IOException {
    Matcher m =
        Pattern.compile(
                "(?m)^  " + parameter + ":\\n(?:    .*\\n)*?    AllowedPattern: \"([^\"]*)\"")
            .matcher(template());
    assertThat(m.find()).as("%s's AllowedPattern", parameter).isTrue();
    assertThat(Pattern.matches(m.group(1).replace("\\\\", "\\"), value)).isEqualTo(allowed);
  }

  /** What the template hands the function is what the README explains. */
  @Test
  void everyLinkdnsVariableTheTemplateSetsIsDocumentedInTheReadme() throws Exception {
    JsonNode env =
        hub(members()).resource("LinkdnsFunction").at("/Properties/Environment/Variables");
    String readme = Files.readString(CfnStack.locate("README.md"), StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>();
    env.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .filteredOn(n -> n.startsWith("LINKDNS_"))
        .hasSizeGreaterThan(20)
        .allSatisfy(n -> assertThat(readme).as("README on %s", n).contains("`" + n + "`"));
  }

  /**
   * The member list lands in the hub rule's pattern, the bus policy, the role's policy and the
   * function's environment: a hundred accounts fit every one of those quotas at its default.
   */
  @Test
  void aHundredMemberAccountsFitTheQuotasTheirListLandsIn() throws Exception {
    String accounts =
        java.util.stream.LongStream.range(0, 100)
            .mapToObj(i -> String.valueOf(200000000000L + i))
            .collect(java.util.stream.Collectors.joining(","));
    CfnStack stack =
        hub(
            Map.of(
                "MemberAccounts",
                accounts,
                "HomeVpc",
                HOME_VPC,
                "OrganizationId",
                ORG,
                "ShareWith",
                "vpc-0a1b2c3d,222222222222:vpc-0a1b2c3d,rp-4987774726example"));
    int pattern =
        stack
            .resource("MemberEndpointEventsRule")
            .at("/Properties/EventPattern")
            .toString()
            .length();
    int busPolicy = stack.resource("HubEventBus").at("/Properties/Policy").toString().length();
    // IAM counts a role's inline policies without whitespace; ARNs CloudFormation fills in later
    // (Fn::GetAtt, left as written here) are counted at 128 characters each, more than any of them
    // takes.
    int rolePolicy = withDeployedValues(stack.resource("FunctionRole").at("/Properties/Policies"));
    int environment = 0;
    for (var it =
            stack.resource("LinkdnsFunction").at("/Properties/Environment/Variables").fields();
        it.hasNext(); ) {
      var e = it.next();
      environment +=
          e.getKey().length() + (e.getValue().isTextual() ? e.getValue().asText().length() : 128);
    }
    System.out.printf(
        "100 member accounts: event pattern %d of 2048, bus policy %d of 10240, role policy %d of 10240,"
            + " environment %d of 4096 characters%n",
        pattern, busPolicy, rolePolicy, environment);
    assertThat(pattern)
        .as("EventBridge event pattern (quota 2,048, adjustable)")
        .isLessThanOrEqualTo(2048);
    assertThat(busPolicy).as("event bus policy (quota 10,240)").isLessThanOrEqualTo(10240);
    assertThat(rolePolicy)
        .as("role's inline policies (IAM quota 10,240)")
        .isLessThanOrEqualTo(10240);
    assertThat(environment)
        .as("Lambda environment, defaults (quota 4 KB)")
        .isLessThanOrEqualTo(4096);
  }

  private static int withDeployedValues(JsonNode node) {
    if (node.isObject() && node.size() == 1 && (node.has("Fn::GetAtt") || node.has("Ref"))) {
      return 128;
    }
    if (node.isContainerNode()) {
      int size = 2;
      for (var it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        size += e.getKey().length() + 4 + withDeployedValues(e.getValue());
      }
      for (int i = 0; node.isArray() && i < node.size(); i++) {
        size += 1 + withDeployedValues(node.get(i));
      }
      return size;
    }
    return node.toString().length();
  }

  private static JsonNode withoutAccount(JsonNode pattern) {
    ObjectNode copy = pattern.deepCopy();
    copy.remove("account");
    return copy;
  }

  private static List<String> actions(java.util.Collection<JsonNode> statements) {
    List<String> out = new ArrayList<>();
    statements.forEach(s -> out.addAll(CfnStack.strings(s.get("Action"))));
    return out;
  }

  private static String environmentBlock() throws IOException {
    String t = template();
    int start = t.indexOf("      Environment:\n        Variables:\n");
    assertThat(start).as("the function's Environment block").isNotNegative();
    int end = t.indexOf("\n      Events:\n", start);
    return t.substring(start, end);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
