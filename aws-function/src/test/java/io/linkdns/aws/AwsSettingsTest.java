package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS function's environment, read once: good values as read, bad ones refused naming the
 * variable and the value.
 */
class AwsSettingsTest {

  /** Variables the function reads that the template deliberately does not set, and why. */
  private static final Map<String, String> NOT_IN_TEMPLATE =
      Map.of(
          "LINKDNS_SEAL_KEY",
              "the key itself, for tests and the command line; the stack sets LINKDNS_SEAL_KEY_SECRET",
          "LINKDNS_CONFLUENT_API_KEY",
              "the stack passes the key in a secret (LINKDNS_CONFLUENT_SECRET)",
          "LINKDNS_CONFLUENT_API_SECRET",
              "the stack passes the key in a secret (LINKDNS_CONFLUENT_SECRET)");

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "LINKDNS_ACCOUNTS      | 111122223333                        | accounts     | [111122223333]",
        "LINKDNS_ACCOUNTS      | ' 111122223333 , 444455556666 ,'    | accounts     | [111122223333, 444455556666]",
        "LINKDNS_ACCOUNTS      | ''                                  | accounts     | []",
        "LINKDNS_HOME_ACCOUNT  | 999988887777                        | homeAccount  | Optional[999988887777]",
        "LINKDNS_HOME_ACCOUNT  | -                                   | homeAccount  | Optional.empty",
        "LINKDNS_SPOKE_ROLE    | -                                   | spokeRole    | linkdns-spoke",
        "LINKDNS_SPOKE_ROLE    | org-linkdns_reader.v2               | spokeRole    | org-linkdns_reader.v2",
        "LINKDNS_MAX_ATTEMPTS  | 3                                   | maxAttempts  | 3",
        "LINKDNS_MAX_ATTEMPTS  | -                                   | maxAttempts  | 8",
        "LINKDNS_ROUTE53_RATE  | 2.5                                 | route53Rate  | 2.5",
        "LINKDNS_ROUTE53_RATE  | -                                   | route53Rate  | 10.0",
        "AWS_REGION            | eu-central-1                        | region       | eu-central-1",
        "AWS_REGION            | -                                   | region       | us-east-1",
        "LINKDNS_ROLE_ARN      | arn:aws:iam::123456789012:role/linkdns-FunctionRole-1A2B | roleArn | Optional[arn:aws:iam::123456789012:role/linkdns-FunctionRole-1A2B]",
        "LINKDNS_QUEUE_URL     | https://sqs.us-east-2.amazonaws.com/123456789012/linkdns-events | queueUrl | Optional[https://sqs.us-east-2.amazonaws.com/123456789012/linkdns-events]",
        "AWS_LAMBDA_FUNCTION_NAME | linkdns-fn                       | functionName | Optional[linkdns-fn]",
      })
  void goodValues(String variable, String value, String component, String expected)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    if (value != null) {
      env.put(variable, value);
    }
    AwsSettings settings = AwsSettings.fromEnvironment(env);
    Object read = AwsSettings.class.getMethod(component).invoke(settings);
    String shown =
        read instanceof Set<?> set
            ? new TreeSet<>(set).toString()
            : read instanceof Region r ? r.id() : String.valueOf(read);
    assertThat(shown).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "LINKDNS_ACCOUNTS      | 11112222333 |",
        "LINKDNS_ACCOUNTS      | 111122223333,abc                    | abc",
        "LINKDNS_ACCOUNTS      | 1111-2222-3333 |",
        "LINKDNS_HOME_ACCOUNT  | 1234567890123 |",
        "LINKDNS_SPOKE_ROLE    | arn:aws:iam::111122223333:role/linkdns-spoke |",
        "LINKDNS_SPOKE_ROLE    | path/linkdns-spoke |",
        "LINKDNS_SPOKE_ROLE    | role name |",
        "LINKDNS_MAX_ATTEMPTS  | 0 |",
        "LINKDNS_MAX_ATTEMPTS  | many |",
        "LINKDNS_ROUTE53_RATE  | 11 |",
        "AWS_REGION            | Ohio |",
        "LINKDNS_ROLE_ARN      | linkdns-FunctionRole |",
        "LINKDNS_ROLE_ARN      | arn:aws:iam::123:role/x |",
        "LINKDNS_QUEUE_URL     | linkdns-events |",
        "LINKDNS_VERIFY_TARGETS | [{\"domain\":\"a.example\",\"vpc\":\"subnet-1\"}] | subnet-1",
      })
  void badValuesAreRefusedNamingTheVariableAndTheValue(
      String variable, String value, String named) {
    Map<String, String> env = Map.of(variable, value);
    // the message names the value, or the one element of a list that is wrong
    assertThatThrownBy(() -> AwsSettings.fromEnvironment(env))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).startsWith(variable))
        .hasMessageContaining("='" + (named == null ? value : named) + "'");
  }

  @Test
  void everyVariableReadIsInTheReadmeAndTheTemplateAndTheTemplateSetsNothingElse()
      throws IOException {
    Set<String> read = variablesRead();
    String readme = Files.readString(root().resolve("README.md"));
    Set<String> inTemplate = templateEnvironment();

    assertThat(read)
        .contains(
            "LINKDNS_ACCOUNTS", "LINKDNS_SPOKE_ROLE", "LINKDNS_HOME_ACCOUNT", "LINKDNS_OWNER_ID");
    assertThat(read)
        .allSatisfy(
            name -> assertThat(readme).as("README names " + name).contains("`" + name + "`"));
    Set<String> expected = new TreeSet<>(read);
    expected.removeAll(NOT_IN_TEMPLATE.keySet());
    assertThat(inTemplate).as("the function's environment in template.yaml").isEqualTo(expected);
  }

  /**
   * The LINKDNS_* names the settings ask the environment for, with and without the Confluent API
   * configured.
   */
  private static Set<String> variablesRead() {
    Set<String> names = new TreeSet<>();
    for (Map<String, String> env :
        java.util.List.of(
            Map.<String, String>of(), Map.of("LINKDNS_CONFLUENT_SECRET", "linkdns/confluent"))) {
      Map<String, String> recording =
          new HashMap<>(env) {
            @Override
            public String get(Object key) {
              names.add(String.valueOf(key));
              return super.get(key);
            }
          };
      AwsSettings.fromEnvironment(recording);
    }
    names.removeIf(n -> !n.startsWith("LINKDNS_"));
    return names;
  }

  /** The LINKDNS_* variables of the function's Environment block in template.yaml. */
  private static Set<String> templateEnvironment() throws IOException {
    String template = Files.readString(root().resolve("template.yaml"));
    int start = template.indexOf("      Environment:\n        Variables:\n");
    assertThat(start).as("the function's environment block").isPositive();
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^          (LINKDNS_[A-Z0-9_]+):").matcher(template);
    m.region(start, template.indexOf("\n      Events:", start));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("template.yaml")) ? here : here.getParent();
  }
}
