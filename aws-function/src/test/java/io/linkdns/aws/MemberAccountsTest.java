package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.ownership.RefusedException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which role is assumed where, and that an account not served is refused without a call (the
 * clients point nowhere).
 */
class MemberAccountsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "us-east-2      | -              | arn:aws:iam::111122223333:role/linkdns-spoke",
        "eu-central-1   | org-dns-reader | arn:aws:iam::111122223333:role/org-dns-reader",
        "cn-north-1     | -              | arn:aws-cn:iam::111122223333:role/linkdns-spoke",
        "us-gov-west-1  | -              | arn:aws-us-gov:iam::111122223333:role/linkdns-spoke"
      })
  void theSpokeRoleIsNamedInTheRegionsPartition(String region, String role, String expected) {
    MemberAccounts accounts =
        accounts(region, role.equals("-") ? Map.of() : Map.of("LINKDNS_SPOKE_ROLE", role));
    assertThat(accounts.roleArn("111122223333")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"444455556666", "999988887777", "000000000000"})
  void anAccountNotServedIsRefusedBeforeAnyCall(String account) {
    // The clients point at a closed port: any call would fail with a connection error, not a
    // refusal.
    MemberAccounts accounts = accounts("us-east-2", Map.of());
    assertThatThrownBy(() -> accounts.ec2In(account))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining(account)
        .hasMessageContaining("LINKDNS_ACCOUNTS");
    assertThatThrownBy(() -> accounts.route53In(account)).isInstanceOf(RefusedException.class);
    assertThat(accounts.serves(account)).isFalse();
    assertThat(accounts.serves("111122223333")).isTrue();
    assertThat(accounts.accounts()).containsExactlyInAnyOrder("111122223333", "123456789012");
  }

  private static MemberAccounts accounts(String region, Map<String, String> more) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "AWS_REGION",
                region,
                "LINKDNS_HOME_ACCOUNT",
                "123456789012",
                "LINKDNS_ACCOUNTS",
                "111122223333"));
    env.putAll(more);
    AwsSettings settings = AwsSettings.fromEnvironment(env);
    AwsClients clients =
        AwsClients.build(
            new AwsClients.Config(
                settings.region(),
                Optional.of(URI.create("http://127.0.0.1:9")),
                1,
                10,
                List.of()));
    return MemberAccounts.of(settings, clients);
  }
}
