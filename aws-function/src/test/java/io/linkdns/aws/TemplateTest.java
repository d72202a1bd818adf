package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
    Process p = new ProcessBuilder("cfn-lint", TEMPLATE.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    assertThat(p.exitValue()).as("cfn-lint %s:%n%s", TEMPLATE, out).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "LINKDNS_OWNER_ID", "LINKDNS_POLICY", "LINKDNS_LAYOUT", "LINKDNS_LAYOUTS", "LINKDNS_RULES",
      "LINKDNS_CREATE_ZONES", "LINKDNS_ROUTE53_RATE", "LINKDNS_MAX_ATTEMPTS", "LINKDNS_VERIFY_TARGETS",
      "LINKDNS_ALLOWED_DOMAINS", "LINKDNS_ZONES", "LINKDNS_ROLE_ARN", "LINKDNS_QUEUE_URL",
      "LINKDNS_CONFLUENT_API_URL", "LINKDNS_CONFLUENT_SECRET", "LINKDNS_CONFLUENT_ENVIRONMENTS",
      "LINKDNS_CONFLUENT_CACHE_SECONDS", "LINKDNS_HOME_VPC", "LINKDNS_SHARE_WITH"})
  void theFunctionGetsEverySettingItReads(String name) throws IOException {
    assertThat(environmentBlock()).containsPattern("(?m)^\\s+" + name + ":\\s+\\S");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "https://api.confluent.cloud                | true",
      "https://api.confluent.cloud:443/v2         | true",
      "http://api.confluent.cloud                 | false",
      "http://127.0.0.1:8080                      | false",
      "http://127.attacker.example:8080           | false",
      "https://api.confluent.cloud@evil.example   | false",
      "https://key:secret@api.confluent.cloud     | false",
      "https://api.confluent.cloud/?next=evil     | false",
      "https://api.confluent.cloud/#x             | false",
      "https://api.confluent.cloud\\evil.example | false"})
  void theConfluentApiUrlParameterTakesHttpsOnly(String url, boolean allowed) throws IOException {
    Matcher m = Pattern.compile("(?m)^  ConfluentApiUrl:\\n(?:    .*\\n)*?    AllowedPattern: \"([^\"]*)\"").matcher(template());
    assertThat(m.find()).as("ConfluentApiUrl's AllowedPattern").isTrue();
    assertThat(Pattern.matches(m.group(1).replace("\\\\", "\\"), url)).isEqualTo(allowed);
  }

  @Test
  void theRoleArnIsTheFunctionsOwnRole() throws IOException {
    assertThat(environmentBlock()).contains("LINKDNS_ROLE_ARN: !GetAtt FunctionRole.Arn");
    assertThat(template()).contains("Role: !GetAtt FunctionRole.Arn");
  }

  @Test
  void everyEventRuleMatchesOnlyThisAccount() throws IOException {
    String t = template();
    int rules = count(t, "Type: AWS::Events::Rule");
    assertThat(rules).isGreaterThanOrEqualTo(2);
    assertThat(count(t, "account: [!Ref AWS::AccountId]")).isEqualTo(rules);
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

  /** A comment within the three lines above each statement, past an {@code !If} and its condition. */
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
