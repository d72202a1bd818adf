package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LINKDNS_HOME_VPC and LINKDNS_SHARE_WITH are read strictly: a bad element names the variable and
 * itself.
 */
class SharingTest {
  private static Map<String, String> env(String home, String share) {
    Map<String, String> env = new HashMap<>();
    if (home != null) {
      env.put(Sharing.HOME_VPC, home);
    }
    if (share != null) {
      env.put(Sharing.SHARE_WITH, share);
    }
    return env;
  }

  @Test
  void everyKindOfPlaceIsRead() {
    Sharing s =
        Sharing.fromEnvironment(
            env(
                "vpc-0123456789abcdef0",
                " vpc-11111111 , 123456789012:vpc-0aaaaaaaaaaaaaaaa,rp-4987774726abcdef "));
    assertThat(s.homeVpc()).contains("vpc-0123456789abcdef0");
    assertThat(s.vpcs()).containsExactly("vpc-11111111");
    assertThat(s.memberVpcs())
        .containsExactly(new Sharing.MemberVpc("123456789012", "vpc-0aaaaaaaaaaaaaaaa"));
    assertThat(s.profiles()).containsExactly("rp-4987774726abcdef");
    assertThat(s.hubVpcs()).containsExactly("vpc-0123456789abcdef0", "vpc-11111111");
  }

  @Test
  void unsetIsNothingShared() {
    assertThat(Sharing.fromEnvironment(env(null, null))).isEqualTo(Sharing.NONE);
    assertThat(Sharing.fromEnvironment(env(" ", ""))).isEqualTo(Sharing.NONE);
    assertThat(Sharing.NONE.homeVpc()).isEqualTo(Optional.empty());
    assertThat(Sharing.NONE.hubVpcs()).isEqualTo(List.of());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "LINKDNS_HOME_VPC   | vpc-xyz                               | vpc-xyz",
        "LINKDNS_HOME_VPC   | subnet-0123456789abcdef0              | subnet-0123456789abcdef0",
        "LINKDNS_SHARE_WITH | vpc-11111111,,vpc-22222222            | vpc-11111111,,vpc-22222222",
        "LINKDNS_SHARE_WITH | vpc-11111111,vpc-11111111             | vpc-11111111",
        "LINKDNS_SHARE_WITH | 12345:vpc-11111111                    | 12345:vpc-11111111",
        "LINKDNS_SHARE_WITH | 123456789012:rp-4987774726abcdef      | 123456789012:rp-4987774726abcdef",
        "LINKDNS_SHARE_WITH | vpc-11111111;vpc-22222222             | vpc-11111111;vpc-22222222",
        "LINKDNS_SHARE_WITH | rp-x                                  | rp-x",
        "LINKDNS_SHARE_WITH | arn:aws:route53:::hostedzone/Z1       | arn:aws:route53:::hostedzone/Z1",
        "LINKDNS_SHARE_WITH | vpc-11111111,123456789012:vpc-11111111 | 123456789012:vpc-11111111",
        "LINKDNS_SHARE_WITH | ,                                     | ,"
      })
  void aBadElementIsRefusedByName(String variable, String value, String named) {
    Map<String, String> env =
        variable.equals(Sharing.HOME_VPC) ? env(value, null) : env(null, value);
    assertThatThrownBy(() -> Sharing.fromEnvironment(env))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo(variable);
              assertThat(e.value()).isEqualTo(named);
            })
        .hasMessageContaining(variable)
        .hasMessageContaining(named);
  }

  @Test
  void theHomeVpcIsTheHubsNotAMembers() {
    assertThatThrownBy(
            () -> Sharing.fromEnvironment(env("vpc-11111111", "123456789012:vpc-11111111")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(Sharing.SHARE_WITH)
        .hasMessageContaining("home VPC");
  }
}
