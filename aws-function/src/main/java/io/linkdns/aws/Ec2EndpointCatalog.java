package io.linkdns.aws;

import io.linkdns.core.model.AliasTarget;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.Placement;
import io.linkdns.core.reconcile.EndpointCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.DnsEntry;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/**
 * Reads interface VPC endpoints from EC2 and maps them to the shared model: zones are AZ IDs
 * (use2-az1), never AZ names, because Confluent's record names use IDs and the name-to-ID map
 * differs per account. Zonal DNS names embed the AZ name; they are matched back through that map.
 */
public final class Ec2EndpointCatalog implements EndpointCatalog {
  private static final int MAX_IDS_PER_CALL = 200;

  private final Ec2Client ec2;

  /** AZ name to AZ ID; fixed for an account and region, so read once per container. */
  private volatile Map<String, String> zoneIds;

  public Ec2EndpointCatalog(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public Optional<Endpoint> find(String endpointId) {
    try {
      List<VpcEndpoint> found =
          ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(endpointId)).vpcEndpoints();
      return toModel(found).stream().findFirst();
    } catch (Ec2Exception e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** One DescribeVpcEndpoints call, without the ENI and AZ lookups a full read needs. */
  @Override
  public Optional<String> networkOf(String endpointId) {
    try {
      return ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(endpointId)).vpcEndpoints().stream()
          .map(VpcEndpoint::vpcId)
          .findFirst();
    } catch (Ec2Exception e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * By filter, in chunks of 200: unlike a list of ids, a filter does not fail the whole call over
   * one id EC2 does not know, so thousands of made-up ids cost a few calls instead of one each.
   */
  @Override
  public Map<String, String> networksOf(java.util.Collection<String> endpointIds) {
    List<String> ids = List.copyOf(endpointIds);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i += MAX_IDS_PER_CALL) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + MAX_IDS_PER_CALL));
      io.linkdns.core.Deadline.current().check("looking up " + chunk.size() + " endpoints");
      ec2.describeVpcEndpointsPaginator(
              r -> r.filters(Filter.builder().name("vpc-endpoint-id").values(chunk).build()))
          .vpcEndpoints()
          .forEach(e -> out.put(e.vpcEndpointId(), e.vpcId()));
    }
    return Map.copyOf(out);
  }

  /** The region asked, for "not known to the cloud" messages. */
  @Override
  public String where() {
    var region = ec2.serviceClientConfiguration().region();
    return region == null ? "" : "region " + region.id();
  }

  private static boolean notFound(Ec2Exception e) {
    return e.awsErrorDetails() != null
        && e.awsErrorDetails().errorCode() != null
        && e.awsErrorDetails().errorCode().startsWith("InvalidVpcEndpointId");
  }

  @Override
  public List<Endpoint> inNetwork(String network) {
    return describe(
        DescribeVpcEndpointsRequest.builder()
            .filters(Filter.builder().name("vpc-id").values(network).build())
            .build());
  }

  @Override
  public List<Endpoint> all() {
    return describe(DescribeVpcEndpointsRequest.builder().build());
  }

  private List<Endpoint> describe(DescribeVpcEndpointsRequest request) {
    List<VpcEndpoint> endpoints = new ArrayList<>();
    ec2.describeVpcEndpointsPaginator(request).vpcEndpoints().forEach(endpoints::add);
    return toModel(endpoints);
  }

  private List<Endpoint> toModel(List<VpcEndpoint> endpoints) {
    List<VpcEndpoint> interfaces =
        endpoints.stream()
            .filter(
                e ->
                    e.vpcEndpointType() == null || e.vpcEndpointType() == VpcEndpointType.INTERFACE)
            .toList();
    if (interfaces.isEmpty()) {
      return List.of();
    }
    Map<String, String> ids = zoneIds();
    Map<String, NetworkInterface> enis = interfaces(interfaces);
    return interfaces.stream().map(e -> toModel(e, ids, enis)).toList();
  }

  private Endpoint toModel(
      VpcEndpoint e, Map<String, String> zoneIdByName, Map<String, NetworkInterface> enis) {
    String id = e.vpcEndpointId();
    Optional<DnsEntry> regional = Optional.empty();
    Map<String, DnsEntry> zonalByAzName = new HashMap<>();
    for (DnsEntry raw : wildcardsLast(e.dnsEntries())) {
      // Some services publish the endpoint's names as wildcards (*.vpce-...); the name under the
      // wildcard is the endpoint's own and is what a record points at.
      DnsEntry entry =
          raw.dnsName() != null && raw.dnsName().startsWith("*.")
              ? raw.toBuilder().dnsName(raw.dnsName().substring(2)).build()
              : raw;
      String name = DnsName.normalize(entry.dnsName());
      String first = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
      if (!first.startsWith(id + "-")) {
        continue; // a private DNS name of the service, not the endpoint's own
      }
      Optional<String> az =
          zoneIdByName.keySet().stream().filter(n -> first.endsWith("-" + n)).findFirst();
      if (az.isPresent()) {
        zonalByAzName.putIfAbsent(az.get(), entry);
      } else if (regional.isEmpty()) {
        regional = Optional.of(entry);
      }
    }
    Map<String, List<String>> addressesByAzName = new TreeMap<>();
    for (String eniId : e.networkInterfaceIds()) {
      NetworkInterface eni = enis.get(eniId);
      if (eni != null && eni.privateIpAddress() != null) {
        addressesByAzName
            .computeIfAbsent(eni.availabilityZone(), k -> new ArrayList<>())
            .add(eni.privateIpAddress());
      }
    }
    Map<String, Placement> placements = new LinkedHashMap<>();
    java.util.Set<String> azNames = new java.util.TreeSet<>(addressesByAzName.keySet());
    azNames.addAll(zonalByAzName.keySet());
    for (String azName : azNames) {
      String zoneId = zoneIdByName.get(azName);
      if (zoneId == null) {
        continue;
      }
      DnsEntry zonal = zonalByAzName.get(azName);
      placements.put(
          zoneId,
          new Placement(
              zoneId,
              Optional.ofNullable(zonal).map(DnsEntry::dnsName),
              Optional.ofNullable(zonal).map(z -> new AliasTarget(z.hostedZoneId(), z.dnsName())),
              addressesByAzName.getOrDefault(azName, List.of())));
    }
    Map<String, String> tags =
        e.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    EndpointState state = EndpointState.fromProvider(e.stateAsString());
    return new Endpoint(
        id,
        e.vpcId(),
        e.serviceName(),
        state,
        tags,
        regional.map(DnsEntry::dnsName),
        regional.map(r -> new AliasTarget(r.hostedZoneId(), r.dnsName())),
        new ArrayList<>(placements.values()),
        Optional.ofNullable(
            e.ownerId())); // the account whose VPC it is: a zone for it is linked through that
    // account
  }

  /** Plain names before wildcard ones, so a plain name wins where EC2 lists both. */
  private static List<DnsEntry> wildcardsLast(List<DnsEntry> entries) {
    List<DnsEntry> out = new ArrayList<>();
    entries.stream()
        .filter(d -> d.dnsName() != null && !d.dnsName().startsWith("*."))
        .forEach(out::add);
    entries.stream()
        .filter(d -> d.dnsName() != null && d.dnsName().startsWith("*."))
        .forEach(out::add);
    return out;
  }

  private Map<String, NetworkInterface> interfaces(List<VpcEndpoint> endpoints) {
    List<String> ids =
        endpoints.stream()
            .filter(e -> EndpointState.fromProvider(e.stateAsString()) != EndpointState.GONE)
            .flatMap(e -> e.networkInterfaceIds().stream())
            .distinct()
            .toList();
    Map<String, NetworkInterface> out = new HashMap<>();
    for (int i = 0; i < ids.size(); i += MAX_IDS_PER_CALL) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + MAX_IDS_PER_CALL));
      // By filter, not by id: an id that vanished between the two calls must not fail the whole
      // read.
      ec2.describeNetworkInterfacesPaginator(
              r -> r.filters(Filter.builder().name("network-interface-id").values(chunk).build()))
          .networkInterfaces()
          .forEach(n -> out.put(n.networkInterfaceId(), n));
    }
    return out;
  }

  /**
   * The VPC with this id as this account sees it (its own, or one shared with it): empty if it sees
   * none.
   */
  List<software.amazon.awssdk.services.ec2.model.Vpc> vpcs(String vpcId) {
    // By filter: an unknown id is simply not listed, where a list of ids fails the call.
    return ec2.describeVpcs(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
        .vpcs();
  }

  /**
   * Reads the AZ map now (SnapStart priming: the snapshot then carries it and the loaded EC2
   * classes).
   */
  public void prime() {
    zoneIds();
  }

  private Map<String, String> zoneIds() {
    Map<String, String> ids = zoneIds;
    if (ids == null) {
      ids =
          ec2
              .describeAvailabilityZones(r -> r.allAvailabilityZones(true))
              .availabilityZones()
              .stream()
              .filter(z -> z.zoneId() != null)
              .collect(
                  Collectors.toUnmodifiableMap(
                      AvailabilityZone::zoneName, AvailabilityZone::zoneId, (a, b) -> a));
      zoneIds = ids;
    }
    return ids;
  }
}
