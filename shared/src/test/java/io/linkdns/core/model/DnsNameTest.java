package io.linkdns.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsNameTest {

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "\\052.example.com.                            | *.example.com",
        "\\052.use2-az1.pr123a.us-east-2.aws.confluent.cloud. | *.use2-az1.pr123a.us-east-2.aws.confluent.cloud",
        "*.example.com                                 | *.example.com",
        "Example.COM.                                  | example.com",
        "'  www.Example.com  '                         | www.example.com",
        "example.com..                                 | example.com",
        "VPCE-0ABC-12345678.vpce-svc-0123.us-east-2.vpce.amazonaws.com. | vpce-0abc-12345678.vpce-svc-0123.us-east-2.vpce.amazonaws.com",
      })
  void normalizesProviderNames(String raw, String expected) {
    assertThat(DnsName.normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "pr123a.us-east-2.aws.confluent.cloud    | pr123a.us-east-2.aws.confluent.cloud",
        "P8XO76.centralus.azure.confluent.cloud. | p8xo76.centralus.azure.confluent.cloud",
        "us-east-2.aws.private.confluent.cloud   | us-east-2.aws.private.confluent.cloud",
        "_internal.example.com                   | _internal.example.com",
        "a.b                                     | a.b",
      })
  void acceptsZoneDomains(String raw, String expected) {
    assertThat(DnsName.requireDomain("LINKDNS_RULES[0].domain", raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'': {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "<null>",
      value = {
        "<null>                      | a DNS domain is required",
        "'   '                       | a DNS domain is required",
        "*.example.com               | cannot contain a wildcard",
        "\\052.example.com           | cannot contain a wildcard",
        "localhost                   | at least two labels",
        "-bad.example.com            | label '-bad' is not a valid host label",
        "bad-.example.com            | label 'bad-' is not a valid host label",
        "exa mple.com                | is not a valid host label",
        "a..example.com              | not a DNS name",
        "0123456789012345678901234567890123456789012345678901234567890123.example.com | not a DNS name",
        "ex@mple.com                 | is not a valid host label",
      })
  void rejectsBadDomainsNamingTheField(String raw, String problem) {
    assertThatThrownBy(() -> DnsName.requireDomain("endpoint[vpce-1].tag[linkdns:domain]", raw))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("endpoint[vpce-1].tag[linkdns:domain]=")
        .hasMessageContaining(problem)
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).field())
                    .isEqualTo("endpoint[vpce-1].tag[linkdns:domain]"));
  }

  @ParameterizedTest(name = "{0} within {1}: {2}")
  @CsvSource({
    "*.example.com, example.com, true",
    "example.com, example.com, true",
    "a.b.example.com, example.com, true",
    "badexample.com, example.com, false",
    "example.org, example.com, false",
  })
  void isWithin(String name, String domain, boolean within) {
    assertThat(DnsName.isWithin(name, domain)).isEqualTo(within);
  }
}
