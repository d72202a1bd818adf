package io.linkdns.core.verify;

import static io.linkdns.core.testing.AwsEndpointBuilder.awsEndpoint;
import static io.linkdns.core.testing.AzureEndpointBuilder.azureEndpoint;

import io.linkdns.core.layout.Layouts;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.plan.DesiredRecord;
import io.linkdns.core.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Endpoints of the built-in layouts, bound as the reconciler binds them, and the zone the Planner
 * makes of them.
 */
record Zones(String name, String domain, List<Planner.Bound> live) {
  static final String AWS = "pr123a.us-east-2.aws.confluent.cloud";
  static final String AZURE = "p8xo76.centralus.azure.confluent.cloud";
  static final String ENDPOINT = "vpce-0abc";

  static Zones aws(String name, String layout, String... azs) {
    return new Zones(
        name,
        AWS,
        bind(
            TagKeys.AWS,
            awsEndpoint(ENDPOINT).domain(AWS).layout(layout).azs(azs).host(5).build()));
  }

  static Zones azure(String name, String layout) {
    List<Endpoint> eps = new ArrayList<>();
    for (int zone = 1; zone <= 3; zone++) {
      eps.add(
          azureEndpoint("pe-kafka-" + zone)
              .domain(AZURE)
              .layout(layout)
              .zone(Integer.toString(zone))
              .ip("10.1.0." + (3 + zone))
              .fqdn("pe-kafka-" + zone + ".privatelink.example.net")
              .build());
    }
    return new Zones(name, AZURE, bind(TagKeys.AZURE, eps.toArray(Endpoint[]::new)));
  }

  static List<Planner.Bound> bind(TagKeys keys, Endpoint... endpoints) {
    DomainResolver resolver =
        new DomainResolver(keys, List.of(), Layouts.builtIn(), Layouts.CONFLUENT_AWS_DEDICATED);
    List<Planner.Bound> live = new ArrayList<>();
    for (Endpoint e : endpoints) {
      live.add(new Planner.Bound(e, resolver.bind(e).orElseThrow()));
    }
    return List.copyOf(live);
  }

  /** The record sets a reconcile writes for these endpoints. */
  List<RecordSet> records() {
    return new Planner("linkdns")
        .plan(domain, live).records().stream().map(DesiredRecord::record).toList();
  }

  LocalDnsServer.ZoneContent content() {
    return content(UnaryOperator.identity());
  }

  /** The zone as the Planner makes it, then changed by {@code breakage}. */
  LocalDnsServer.ZoneContent content(UnaryOperator<List<RecordSet>> breakage) {
    return new LocalDnsServer.ZoneContent(
        domain, breakage.apply(records()), Verifier.aliasAddresses(live));
  }

  @Override
  public String toString() {
    return name;
  }
}
