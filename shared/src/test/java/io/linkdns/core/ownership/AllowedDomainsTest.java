package io.linkdns.core.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowedDomainsTest {
  @ParameterizedTest(name = "{1} under [{0}]: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
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
        // Widening to a whole top-level domain still never opens a zone above a Confluent network.
        "cloud                                 | x.confluent.cloud                             | false",
        "cloud                                 | pr1.us-east-2.aws.confluent.cloud             | true",
      })
  void aDomainMustLieStrictlyBelowAnAllowedSuffixAndOutsideTheClouds(
      String allowed, String domain, boolean permitted) {
    assertThat(AllowedDomains.parse("LINKDNS_ALLOWED_DOMAINS", allowed).permits(domain))
        .isEqualTo(permitted);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
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

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Confluent's documented private domains.
        "pr123a.us-east-2.aws.confluent.cloud               | true  | dedicated network, AWS",
        "p8xo76.centralus.azure.confluent.cloud             | true  | dedicated network, Azure",
        "n1abc.us-central1.gcp.confluent.cloud              | true  | dedicated network, Google Cloud",
        "us-east-2.aws.private.confluent.cloud              | true  | enterprise region, AWS",
        "centralus.azure.private.confluent.cloud            | true  | enterprise region, Azure",
        "ap1a2b3c.us-east-2.aws.private.confluent.cloud     | true  | access point",
        "ap-1a2b3c.us-east-2.aws.private.confluent.cloud    | true  | access point with a hyphenated id",
        // Proper suffixes of Confluent's public cluster names: a zone there answers NXDOMAIN for
        // all of them.
        "confluent.cloud                                    | false | all of Confluent",
        "aws.confluent.cloud                                | false | a whole cloud",
        "us-east-1.aws.confluent.cloud                      | false | a whole region",
        "private.confluent.cloud                            | false | every private network",
        "aws.private.confluent.cloud                        | false | every enterprise region of a cloud",
        // A public cluster's own name (its first label has a hyphen) and shapes Confluent never
        // uses.
        "pkc-1a2b3.us-east-1.aws.confluent.cloud            | false | a public cluster name",
        "lkc-abc12.us-east-2.aws.confluent.cloud            | false | a cluster id where a network id belongs",
        "pr123a.us-east-2.oracle.confluent.cloud            | false | an unknown cloud",
        "x.pr123a.us-east-2.aws.confluent.cloud             | false | below a network's domain",
        "api.confluent.cloud                                | false | the control plane",
        "pr123a.us-east-2.aws.confluent.cloud.evil.example  | false | a look-alike",
        "x.ap1.us-east-2.aws.private.confluent.cloud        | false | below an access point's domain",
      })
  void theDefaultFollowsConfluentsDocumentedShapes(String domain, boolean permitted, String what) {
    assertThat(AllowedDomains.parse("LINKDNS_ALLOWED_DOMAINS", "").permits(domain))
        .as(what)
        .isEqualTo(permitted);
    assertThat(AllowedDomains.defaults().permits(domain)).as(what).isEqualTo(permitted);
  }

  @ParameterizedTest(name = "{0} (allowed: {1})")
  @CsvSource(
      delimiter = '|',
      nullValues = "default",
      value = {
        "us-east-1.aws.confluent.cloud  | default          | would shadow every Confluent network",
        "aws.confluent.cloud            | confluent.cloud  | would shadow every Confluent network",
        "aws.private.confluent.cloud    | cloud            | would shadow every Confluent network",
        "pkc-1a2b3.us-east-1.aws.confluent.cloud | default | not below an allowed domain Confluent's private network domains",
      })
  void aDomainAboveAConfluentNetworkIsRefusedWithTheReason(
      String domain, String allowed, String why) {
    AllowedDomains domains =
        AllowedDomains.parse("LINKDNS_ALLOWED_DOMAINS", allowed == null ? "" : allowed);

    assertThatThrownBy(() -> domains.require("linkdns:domain", domain, "vpce-0abc"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining(domain)
        .hasMessageContaining("vpce-0abc")
        .hasMessageContaining(why);
  }

  @org.junit.jupiter.api.Test
  void aListedSuffixWidensExplicitly() {
    AllowedDomains widened = AllowedDomains.parse("LINKDNS_ALLOWED_DOMAINS", "confluent.cloud");

    assertThat(widened.suffixes()).containsExactly("confluent.cloud");
    assertThat(widened.permits("lkcabc.us-east-2.aws.confluent.cloud")).isTrue();
    assertThat(widened.permits("us-east-2.aws.confluent.cloud")).isFalse();
    assertThat(AllowedDomains.defaults().suffixes()).isEmpty();
    assertThat(AllowedDomains.defaults().permits(AllowedDomains.defaults().sample())).isTrue();
  }
}
