package io.linkdns.core.ownership;

import static io.linkdns.core.testing.AwsEndpointBuilder.awsEndpoint;
import static io.linkdns.core.testing.AzureEndpointBuilder.azureEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.testing.AzureEndpointBuilder;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DomainResolverTest {
  private static final String RULE_DOMAIN = "pr123a.us-east-2.aws.confluent.cloud";
  private static final String SECOND_RULE_DOMAIN = "pr999z.us-east-2.aws.confluent.cloud";
  private static final String TAG_DOMAIN = "lkcabc.us-east-2.aws.confluent.cloud";

  private static final List<DomainRule> AWS_RULES =
      List.of(
          new DomainRule(
              "com.amazonaws.vpce.*.vpce-svc-0123",
              Optional.of("vpc-1"),
              RULE_DOMAIN,
              Optional.empty(),
              Optional.empty()),
          new DomainRule(
              "com.amazonaws.vpce.us-east-2.vpce-svc-*",
              Optional.empty(),
              SECOND_RULE_DOMAIN,
              Optional.of(Layouts.CONFLUENT_AWS_DEDICATED_A),
              Optional.empty()));

  private static final DomainResolver AWS =
      new DomainResolver(
          TagKeys.AWS, AWS_RULES, Layouts.builtIn(), Layouts.CONFLUENT_AWS_DEDICATED);

  private static final DomainResolver AZURE =
      new DomainResolver(
          TagKeys.AZURE,
          List.of(
              new DomainRule(
                  "S-ABC12-*.azure.privatelinkservice",
                  Optional.empty(),
                  "p8xo76.centralus.azure.confluent.cloud",
                  Optional.empty(),
                  Optional.of("2"))),
          Layouts.builtIn(),
          Layouts.CONFLUENT_AZURE_DEDICATED);

  static Stream<Arguments> bindings() {
    return Stream.of(
        arguments(
            "tag beats rule",
            AWS,
            awsEndpoint("vpce-1").domain(TAG_DOMAIN).build(),
            TAG_DOMAIN,
            "confluent-aws-dedicated",
            null,
            "tag linkdns:domain"),
        arguments(
            "tag domain is normalised",
            AWS,
            awsEndpoint("vpce-1").domain(" LKCABC.us-east-2.aws.confluent.cloud. ").build(),
            TAG_DOMAIN,
            "confluent-aws-dedicated",
            null,
            "tag linkdns:domain"),
        arguments(
            "tag layout overrides the default",
            AWS,
            awsEndpoint("vpce-1")
                .domain(TAG_DOMAIN)
                .layout("confluent-aws-dedicated-alias")
                .build(),
            TAG_DOMAIN,
            "confluent-aws-dedicated-alias",
            null,
            "tag linkdns:domain"),
        arguments(
            "rule glob matches service and network",
            AWS,
            awsEndpoint("vpce-1").build(),
            RULE_DOMAIN,
            "confluent-aws-dedicated",
            null,
            "rule 0"),
        arguments(
            "rule network mismatch falls to the next rule, with its layout",
            AWS,
            awsEndpoint("vpce-1").network("vpc-2").build(),
            SECOND_RULE_DOMAIN,
            "confluent-aws-dedicated-a",
            null,
            "rule 1"),
        arguments(
            "tag layout overrides the rule's layout",
            AWS,
            awsEndpoint("vpce-1").network("vpc-2").layout("confluent-aws-enterprise").build(),
            SECOND_RULE_DOMAIN,
            "confluent-aws-enterprise",
            null,
            "rule 1"),
        arguments(
            "blank domain tag is no tag",
            AWS,
            awsEndpoint("vpce-1").domain("  ").build(),
            RULE_DOMAIN,
            "confluent-aws-dedicated",
            null,
            "rule 0"),
        arguments(
            "unmatched service is left alone",
            AWS,
            awsEndpoint("vpce-1").service("com.amazonaws.us-east-2.s3").build(),
            null,
            null,
            null,
            null),
        arguments(
            "azure zone tag",
            AZURE,
            azureEndpoint("pe-1")
                .domain("p8xo76.centralus.azure.confluent.cloud")
                .zone("3")
                .build(),
            "p8xo76.centralus.azure.confluent.cloud",
            "confluent-azure-dedicated",
            "3",
            "tag linkdns-domain"),
        arguments(
            "azure rule zone, case-insensitive glob",
            AZURE,
            azureEndpoint("pe-1").build(),
            "p8xo76.centralus.azure.confluent.cloud",
            "confluent-azure-dedicated",
            "2",
            "rule 0"),
        arguments(
            "azure zone tag overrides the rule's zone",
            AZURE,
            azureEndpoint("pe-1").zone("1").build(),
            "p8xo76.centralus.azure.confluent.cloud",
            "confluent-azure-dedicated",
            "1",
            "rule 0"),
        arguments(
            "azure endpoint to another service is left alone",
            AZURE,
            azureEndpoint("pe-1")
                .service(
                    AzureEndpointBuilder.SUBSCRIPTION
                        + "/resourceGroups/x/providers/Microsoft.Sql/servers/db")
                .build(),
            null,
            null,
            null,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindings")
  void binds(
      String title,
      DomainResolver resolver,
      Endpoint endpoint,
      String domain,
      String layout,
      String zone,
      String source) {
    Optional<Binding> b = resolver.bind(endpoint);

    if (domain == null) {
      assertThat(b).isEmpty();
      return;
    }
    assertThat(b)
        .hasValueSatisfying(
            binding -> {
              assertThat(binding.domain()).isEqualTo(domain);
              assertThat(binding.layout().name()).isEqualTo(layout);
              assertThat(binding.az()).isEqualTo(Optional.ofNullable(zone));
              assertThat(binding.source()).isEqualTo(source);
            });
  }

  static Stream<Arguments> badTags() {
    return Stream.of(
        arguments(
            "wildcard domain tag",
            AWS,
            awsEndpoint("vpce-9").domain("*.example.com").build(),
            "endpoint[vpce-9].tag[linkdns:domain]",
            "wildcard"),
        arguments(
            "one-label domain tag",
            AWS,
            awsEndpoint("vpce-9").domain("confluent").build(),
            "endpoint[vpce-9].tag[linkdns:domain]",
            "two labels"),
        arguments(
            "domain tag with a bad label",
            AWS,
            awsEndpoint("vpce-9").domain("pr_1-.aws.confluent.cloud").build(),
            "endpoint[vpce-9].tag[linkdns:domain]",
            "not a valid host label"),
        arguments(
            "unknown layout tag with domain tag",
            AWS,
            awsEndpoint("vpce-9").domain(TAG_DOMAIN).layout("nope").build(),
            "endpoint[vpce-9].tag[linkdns:layout]",
            "unknown layout"),
        arguments(
            "unknown layout tag with a rule",
            AWS,
            awsEndpoint("vpce-9").layout("nope").build(),
            "endpoint[vpce-9].tag[linkdns:layout]",
            "unknown layout"),
        arguments(
            "bad azure zone tag",
            AZURE,
            azureEndpoint("pe-9")
                .domain("p8xo76.centralus.azure.confluent.cloud")
                .zone("zone 1")
                .build(),
            "endpoint[" + AzureEndpointBuilder.id("pe-9") + "].tag[linkdns-zone]",
            "zone label"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTags")
  void badTagIsAnErrorNamingEndpointAndTag(
      String title, DomainResolver resolver, Endpoint endpoint, String field, String problem) {
    assertThatThrownBy(() -> resolver.bind(endpoint))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(field + "=")
        .hasMessageContaining(problem);
  }

  static Stream<Arguments> badRules() {
    return Stream.of(
        arguments(
            List.of(
                new DomainRule(
                    "svc", Optional.empty(), "not a domain", Optional.empty(), Optional.empty())),
            "LINKDNS_RULES[0].domain"),
        arguments(
            List.of(
                new DomainRule(
                    "svc",
                    Optional.empty(),
                    "a.us-east-2.aws.confluent.cloud",
                    Optional.empty(),
                    Optional.empty()),
                new DomainRule(
                    "svc",
                    Optional.empty(),
                    "b.us-east-2.aws.confluent.cloud",
                    Optional.of("missing-layout"),
                    Optional.empty())),
            "LINKDNS_RULES[1].layout"),
        arguments(
            List.of(
                new DomainRule(
                    "svc",
                    Optional.empty(),
                    "a.us-east-2.aws.confluent.cloud",
                    Optional.empty(),
                    Optional.of("1 2"))),
            "LINKDNS_RULES[0].zone"),
        arguments(
            List.of(
                new DomainRule(
                    "svc",
                    Optional.empty(),
                    "intranet.example.com",
                    Optional.empty(),
                    Optional.empty())),
            "LINKDNS_RULES[0].domain"),
        arguments(
            List.of(
                new DomainRule(
                    "svc", Optional.empty(), "*.example.com", Optional.empty(), Optional.empty())),
            "LINKDNS_RULES[0].domain"),
        arguments(
            List.of(
                new DomainRule(
                    "svc",
                    Optional.empty(),
                    "s3.us-east-1.amazonaws.com",
                    Optional.empty(),
                    Optional.empty())),
            "LINKDNS_RULES[0].domain"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badRules")
  void badRuleIsRejectedAtStart(List<DomainRule> rules, String field) {
    assertThatThrownBy(
            () ->
                new DomainResolver(
                    TagKeys.AWS, rules, Layouts.builtIn(), Layouts.CONFLUENT_AWS_DEDICATED))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(field + "=");
  }

  /** Rules pinning Confluent's names to Confluent's service, as the operator checklist advises. */
  private static final DomainResolver PINNED =
      new DomainResolver(
          TagKeys.AWS,
          List.of(
              new DomainRule(
                  "com.amazonaws.vpce.us-east-2.vpce-svc-0confluent",
                  Optional.empty(),
                  "*.us-east-2.aws.confluent.cloud",
                  Optional.empty(),
                  Optional.empty()),
              new DomainRule(
                  "com.amazonaws.vpce.us-west-2.vpce-svc-0confluent",
                  Optional.empty(),
                  "pr7.us-west-2.aws.confluent.cloud",
                  Optional.empty(),
                  Optional.empty())),
          Layouts.builtIn(),
          Layouts.CONFLUENT_AWS_DEDICATED);

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "lkcabc.us-east-2.aws.confluent.cloud",
        "us-east-2.aws.confluent.cloud",
        "aws.confluent.cloud",
        "pr7.us-west-2.aws.confluent.cloud",
        "us-west-2.aws.confluent.cloud"
      })
  void aTagAtOrAbovePinnedNamesIsRefusedOnAnotherService(String tag) {
    Endpoint tenant =
        awsEndpoint("vpce-6")
            .service("com.amazonaws.vpce.us-east-2.vpce-svc-0tenant")
            .domain(tag)
            .build();
    assertThatThrownBy(() -> PINNED.bind(tenant))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining(tag)
        // Above a region, the allowed domains refuse it before the pin is asked.
        .hasMessageMatching(
            "(?s).*(pin it to service com\\.amazonaws\\.vpce\\.|would shadow every Confluent network).*");
    Endpoint confluent =
        awsEndpoint("vpce-7")
            .service("com.amazonaws.vpce.us-east-2.vpce-svc-0confluent")
            .domain("lkcabc.us-east-2.aws.confluent.cloud")
            .build();
    assertThat(PINNED.bind(confluent))
        .map(Binding::domain)
        .contains("lkcabc.us-east-2.aws.confluent.cloud");
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"pr8.us-west-2.aws.confluent.cloud", "lkcabc.eu-west-1.aws.confluent.cloud"})
  void aTagBesideOrBelowNoPinIsHonouredOnAnyService(String tag) {
    Endpoint tenant =
        awsEndpoint("vpce-6")
            .service("com.amazonaws.vpce.us-east-2.vpce-svc-0tenant")
            .domain(tag)
            .build();
    assertThat(PINNED.bind(tenant)).map(Binding::domain).contains(tag);
  }
}
