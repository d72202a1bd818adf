package io.linkdns.core.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowedDomainsTest {
  @ParameterizedTest(name = "{1} under [{0}]: {2}")
  @CsvSource(delimiter = '|', value = {
      "confluent.cloud                       | pr123a.us-east-2.aws.confluent.cloud          | true",
      "confluent.cloud                       | us-east-2.aws.private.confluent.cloud         | true",
      "confluent.cloud                       | confluent.cloud                               | false",
      "confluent.cloud                       | notconfluent.cloud                            | false",
      "confluent.cloud                       | confluent.cloud.example.com                   | false",
      "confluent.cloud,example.com           | kafka.example.com                             | true",
      "us-east-2.aws.confluent.cloud         | pr123a.us-east-2.aws.confluent.cloud          | true",
      "us-east-2.aws.confluent.cloud         | pr123a.us-west-2.aws.confluent.cloud          | false",
      "com                                   | s3.us-east-1.amazonaws.com                    | false",
      "com                                   | login.microsoftonline.com                     | false",
      "net                                   | mystorage.blob.core.windows.net               | false",
      "cloud                                 | x.confluent.cloud                             | true",
  })
  void aDomainMustLieStrictlyBelowAnAllowedSuffixAndOutsideTheClouds(String allowed, String domain, boolean permitted) {
    assertThat(AllowedDomains.parse("LINKDNS_ALLOWED_DOMAINS", allowed).permits(domain)).isEqualTo(permitted);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "amazonaws.com              | amazonaws.com",
      "confluent.cloud,azure.com  | azure.com",
      "core.windows.net           | windows.net",
      "us-east-1.amazonaws.com    | amazonaws.com",
      "not a suffix               | not a domain suffix",
  })
  void aSuffixOfTheCloudsOwnIsRefusedAtStartUp(String allowed, String named) {
    assertThatThrownBy(() -> AllowedDomains.parse("LINKDNS_ALLOWED_DOMAINS", allowed))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("LINKDNS_ALLOWED_DOMAINS=")
        .hasMessageContaining(named);
  }

  @org.junit.jupiter.api.Test
  void theDefaultIsConfluentsDomain() {
    assertThat(AllowedDomains.parse("LINKDNS_ALLOWED_DOMAINS", "").suffixes()).containsExactly("confluent.cloud");
  }
}
