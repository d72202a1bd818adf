package io.linkdns.core.testing;

import io.linkdns.core.model.AliasTarget;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.Placement;
import io.linkdns.core.ownership.TagKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds an AWS interface VPC endpoint as EC2 describes it: by default in us-east-2, VPC vpc-1, in
 * the three AZs use2-az1..3 (AZ names us-east-2a..c), with regional and zonal DNS names such as
 * {@code vpce-0abc-12345678.vpce-svc-0123.us-east-2.vpce.amazonaws.com} and {@code
 * vpce-0abc-12345678-us-east-2a.vpce-svc-0123.us-east-2.vpce.amazonaws.com}, and one ENI address
 * per AZ ({@code 10.0.<az>.<host>}).
 */
public final class AwsEndpointBuilder {
  public static final String SERVICE = "com.amazonaws.vpce.us-east-2.vpce-svc-0123";

  /** The hosted zone Route 53 aliases to VPC endpoint names in us-east-2 live in. */
  public static final String VPCE_HOSTED_ZONE = "ZC8PG0KIFKBRI";

  private static final String DNS_SUFFIX = ".vpce-svc-0123.us-east-2.vpce.amazonaws.com";

  private final String id;
  private String network = "vpc-1";
  private String service = SERVICE;
  private EndpointState state = EndpointState.LIVE;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final Set<String> azIds =
      new LinkedHashSet<>(List.of("use2-az1", "use2-az2", "use2-az3"));
  private final Map<String, String> addressOverride = new LinkedHashMap<>();
  private boolean zonalNames = true;
  private int host;

  private AwsEndpointBuilder(String id) {
    this.id = id;
    this.host = 10 + Math.floorMod(id.hashCode(), 240);
  }

  public static AwsEndpointBuilder awsEndpoint(String id) {
    return new AwsEndpointBuilder(id);
  }

  public AwsEndpointBuilder network(String vpcId) {
    this.network = vpcId;
    return this;
  }

  public AwsEndpointBuilder service(String serviceName) {
    this.service = serviceName;
    return this;
  }

  public AwsEndpointBuilder state(EndpointState s) {
    this.state = s;
    return this;
  }

  public AwsEndpointBuilder tag(String key, String value) {
    tags.put(key, value);
    return this;
  }

  /** Tags the endpoint with {@code linkdns:domain}. */
  public AwsEndpointBuilder domain(String domain) {
    return tag(TagKeys.AWS.domain(), domain);
  }

  /** Tags the endpoint with {@code linkdns:layout}. */
  public AwsEndpointBuilder layout(String layout) {
    return tag(TagKeys.AWS.layout(), layout);
  }

  /** The AZ IDs (use2-azN) the endpoint has a subnet in. */
  public AwsEndpointBuilder azs(String... ids) {
    azIds.clear();
    azIds.addAll(List.of(ids));
    return this;
  }

  /** Last octet of the ENI addresses (10.0.N.host). */
  public AwsEndpointBuilder host(int lastOctet) {
    this.host = lastOctet;
    return this;
  }

  public AwsEndpointBuilder address(String azId, String ip) {
    addressOverride.put(azId, ip);
    return this;
  }

  /** As moto reports endpoints: one DNS entry, no zonal names. */
  public AwsEndpointBuilder withoutZonalNames() {
    this.zonalNames = false;
    return this;
  }

  public static String regionalName(String id) {
    return id + "-12345678" + DNS_SUFFIX;
  }

  public static String zonalName(String id, String azId) {
    return id + "-12345678-" + azName(azId) + DNS_SUFFIX;
  }

  /**
   * us-east-2's AZ name for an AZ ID in this (pretend) account: use2-az1 is us-east-2a, and so on.
   */
  public static String azName(String azId) {
    int n = Integer.parseInt(azId.substring(azId.lastIndexOf("az") + 2));
    return "us-east-2" + (char) ('a' + n - 1);
  }

  public static String address(String azId, int host) {
    int n = Integer.parseInt(azId.substring(azId.lastIndexOf("az") + 2));
    return "10.0." + n + "." + host;
  }

  public Endpoint build() {
    List<Placement> placements = new ArrayList<>();
    for (String az : azIds) {
      String ip = addressOverride.getOrDefault(az, address(az, host));
      placements.add(
          new Placement(
              az,
              zonalNames ? Optional.of(zonalName(id, az)) : Optional.empty(),
              zonalNames
                  ? Optional.of(new AliasTarget(VPCE_HOSTED_ZONE, zonalName(id, az)))
                  : Optional.empty(),
              List.of(ip)));
    }
    return new Endpoint(
        id,
        network,
        service,
        state,
        tags,
        Optional.of(regionalName(id)),
        Optional.of(new AliasTarget(VPCE_HOSTED_ZONE, regionalName(id))),
        placements);
  }
}
