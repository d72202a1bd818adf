package io.linkdns.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.AwsClients;
import io.linkdns.aws.Handler;
import io.linkdns.core.model.DnsName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.route53.model.HostedZoneSummary;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * A small AWS world in the emulator for one test: a VPC with subnets in us-east-2a/b/c, endpoints
 * made with the plain SDK (as a platform engineer would), CloudTrail events shaped from fixtures,
 * and a linkdns handler whose clients are counted and can have faults injected.
 */
public final class AwsWorld {
  public static final Region REGION = Region.US_EAST_2;
  public static final String SERVICE = "com.amazonaws.vpce.us-east-2.vpce-svc-0a1b2c3d4e5f60718";
  public static final List<String> AZ_NAMES = List.of("us-east-2a", "us-east-2b", "us-east-2c");
  private static final ObjectMapper JSON = new ObjectMapper();

  public final AwsClients admin;
  public final CallCounter counter = new CallCounter();
  public final String vpcId;
  public final Map<String, String> subnetByAz = new TreeMap<>();
  public final Map<String, String> azIdByName = new HashMap<>();
  private final ByteArrayOutputStream logBuffer = new ByteArrayOutputStream();
  private FaultInjector faults;

  public AwsWorld() {
    AwsEmulator emulator = AwsEmulator.get();
    admin =
        AwsClients.build(
            new AwsClients.Config(REGION, Optional.of(emulator.endpoint()), 3, 10, List.of()));
    vpcId = admin.ec2().createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    int i = 1;
    for (String az : AZ_NAMES) {
      int n = i++;
      subnetByAz.put(
          az,
          admin
              .ec2()
              .createSubnet(
                  r -> r.vpcId(vpcId).availabilityZone(az).cidrBlock("10.20." + n + ".0/24"))
              .subnet()
              .subnetId());
    }
    admin
        .ec2()
        .describeAvailabilityZones()
        .availabilityZones()
        .forEach(z -> azIdByName.put(z.zoneName(), z.zoneId()));
  }

  /** A fresh, unique domain so tests never share a zone. */
  public static String uniqueDomain() {
    return "pr" + UUID.randomUUID().toString().substring(0, 6) + ".us-east-2.aws.confluent.cloud";
  }

  /** Environment for the handler under test. */
  public Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", REGION.id());
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /** A handler wired like production, over counted clients that can have faults injected. */
  public Handler handler(Map<String, String> env) {
    return handler(env, 8);
  }

  public Handler handler(Map<String, String> env, int maxAttempts, ExecutionInterceptor... more) {
    List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(counter));
    interceptors.addAll(List.of(more));
    AwsClients clients =
        AwsClients.build(
            new AwsClients.Config(
                REGION,
                Optional.of(AwsEmulator.get().endpoint()),
                maxAttempts,
                10,
                interceptors,
                http -> faults = new FaultInjector(http)));
    return new Handler(
        env, clients, REGION, new PrintStream(logBuffer, true, StandardCharsets.UTF_8));
  }

  public FaultInjector faults() {
    return faults;
  }

  public void clearLogs() {
    logBuffer.reset();
  }

  /** The handler's log lines so far. */
  public List<JsonNode> logs() {
    List<JsonNode> out = new ArrayList<>();
    for (String line : logBuffer.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        try {
          out.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new IllegalStateException("log line is not JSON: " + line, e);
        }
      }
    }
    return out;
  }

  public String createEndpoint(List<String> azs, Map<String, String> tags) {
    List<Tag> t =
        tags.entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    return admin
        .ec2()
        .createVpcEndpoint(
            r ->
                r.vpcId(vpcId)
                    .serviceName(SERVICE)
                    .vpcEndpointType("Interface")
                    .subnetIds(azs.stream().map(subnetByAz::get).toList())
                    .tagSpecifications(s -> s.resourceType(ResourceType.VPC_ENDPOINT).tags(t)))
        .vpcEndpoint()
        .vpcEndpointId();
  }

  /** An endpoint to another service (a Confluent network's, say). */
  public String createEndpoint(String service, List<String> azs, Map<String, String> tags) {
    List<Tag> t =
        tags.entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    return admin
        .ec2()
        .createVpcEndpoint(
            r ->
                r.vpcId(vpcId)
                    .serviceName(service)
                    .vpcEndpointType("Interface")
                    .subnetIds(azs.stream().map(subnetByAz::get).toList())
                    .tagSpecifications(s -> s.resourceType(ResourceType.VPC_ENDPOINT).tags(t)))
        .vpcEndpoint()
        .vpcEndpointId();
  }

  public void tag(String id, String key, String value) {
    admin.ec2().createTags(r -> r.resources(id).tags(Tag.builder().key(key).value(value).build()));
  }

  public void modifyEndpoint(String id, List<String> addAzs, List<String> removeAzs) {
    admin
        .ec2()
        .modifyVpcEndpoint(
            r ->
                r.vpcEndpointId(id)
                    .addSubnetIds(addAzs.stream().map(subnetByAz::get).toList())
                    .removeSubnetIds(removeAzs.stream().map(subnetByAz::get).toList()));
  }

  public void deleteEndpoints(String... ids) {
    admin.ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(ids));
  }

  public VpcEndpoint describe(String id) {
    return admin.ec2().describeVpcEndpoints(r -> r.vpcEndpointIds(id)).vpcEndpoints().get(0);
  }

  /** The endpoint's ENI address in each AZ, keyed by AZ ID. */
  public Map<String, String> addressesByAzId(String id) {
    List<String> enis = describe(id).networkInterfaceIds();
    return admin
        .ec2()
        .describeNetworkInterfaces(r -> r.networkInterfaceIds(enis))
        .networkInterfaces()
        .stream()
        .collect(
            Collectors.toMap(
                n -> azIdByName.get(n.availabilityZone()), NetworkInterface::privateIpAddress));
  }

  public String regionalName(String id) {
    return DnsName.normalize(describe(id).dnsEntries().get(0).dnsName());
  }

  public String zonalName(String id, String azName) {
    return describe(id).dnsEntries().stream()
        .map(e -> DnsName.normalize(e.dnsName()))
        .filter(n -> n.substring(0, n.indexOf('.')).endsWith("-" + azName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no zonal name for " + azName + " on " + id));
  }

  // ---- CloudTrail events, from fixtures

  public String createEvent(String endpointId, String domain, List<String> azs) {
    List<String> subnets = azs.stream().map(subnetByAz::get).toList();
    return fixture("cloudtrail/create-vpc-endpoint.json")
        .replace("{{endpointId}}", endpointId)
        .replace("{{vpcId}}", vpcId)
        .replace("{{serviceName}}", SERVICE)
        .replace("{{domain}}", domain)
        .replace("{{subnetItems}}", items(subnets))
        .replace(
            "{{subnetPlain}}",
            subnets.size() == 1
                ? quote(subnets.get(0))
                : "["
                    + subnets.stream().map(AwsWorld::quote).collect(Collectors.joining(","))
                    + "]");
  }

  public String modifyEvent(String endpointId, List<String> addAzs, List<String> removeAzs) {
    return fixture("cloudtrail/modify-vpc-endpoint.json")
        .replace("{{endpointId}}", endpointId)
        .replace(
            "{{addItems}}",
            addAzs.isEmpty() ? "null" : items(addAzs.stream().map(subnetByAz::get).toList()))
        .replace(
            "{{removeItems}}",
            removeAzs.isEmpty() ? "null" : items(removeAzs.stream().map(subnetByAz::get).toList()));
  }

  public String deleteEvent(String... endpointIds) {
    return fixture("cloudtrail/delete-vpc-endpoints.json")
        .replace("{{endpointItems}}", items(List.of(endpointIds)));
  }

  /**
   * CreateTags or DeleteTags as CloudTrail records it: resourcesSet.items is one object alone, else
   * an array.
   */
  public String tagsEvent(String eventName, String domain, String... resourceIds) {
    List<String> items = new ArrayList<>();
    for (String id : resourceIds) {
      items.add("{\"resourceId\":" + quote(id) + "}");
    }
    String fixture =
        eventName.equals("CreateTags")
            ? "cloudtrail/create-tags.json"
            : "cloudtrail/delete-tags.json";
    return fixture(fixture)
        .replace(
            "{{resourceItems}}",
            items.size() == 1 ? items.get(0) : "[" + String.join(",", items) + "]")
        .replace("{{domain}}", domain);
  }

  public String recordChangeEvent(String zoneId, String name, String value) {
    return fixture("cloudtrail/change-resource-record-sets.json")
        .replace("{{zoneId}}", zoneId)
        .replace("{{name}}", name)
        .replace("{{value}}", value);
  }

  /**
   * EC2's CloudTrail form: one item is an object {"tag":1,"content":..}, several an array of them.
   */
  static String items(List<String> values) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      items.add("{\"tag\":" + (i + 1) + ",\"content\":" + quote(values.get(i)) + "}");
    }
    return items.size() == 1 ? items.get(0) : "[" + String.join(",", items) + "]";
  }

  /** Wraps events as one SQS batch the way the Lambda event source mapping delivers it. */
  public static String sqsBatch(String... bodies) {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < bodies.length; i++) {
      records.add(
          "{\"messageId\":\"msg-"
              + (i + 1)
              + "\",\"receiptHandle\":\"rh-"
              + (i + 1)
              + "\",\"body\":"
              + quote(bodies[i])
              + ",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},\"messageAttributes\":{},"
              + "\"md5OfBody\":\"\",\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-2:123456789012:linkdns-events\","
              + "\"awsRegion\":\"us-east-2\"}");
    }
    return "{\"Records\":[" + String.join(",", records) + "]}";
  }

  /**
   * One SQS record as the event source mapping delivers it, with a real receipt handle and receive
   * count.
   */
  public static String sqsRecord(
      String messageId, String receiptHandle, int receiveCount, String body) {
    return "{\"Records\":[{\"messageId\":"
        + quote(messageId)
        + ",\"receiptHandle\":"
        + quote(receiptHandle)
        + ",\"body\":"
        + quote(body)
        + ",\"attributes\":{\"ApproximateReceiveCount\":\""
        + receiveCount
        + "\"},"
        + "\"messageAttributes\":{},\"md5OfBody\":\"\",\"eventSource\":\"aws:sqs\","
        + "\"eventSourceARN\":\"arn:aws:sqs:us-east-2:123456789012:linkdns-events\",\"awsRegion\":\"us-east-2\"}]}";
  }

  public static String fixture(String path) {
    try (InputStream in = AwsWorld.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- Route 53 state as a client would see it

  public Optional<String> zoneId(String domain) {
    return admin
        .route53()
        .listHostedZonesByVPC(r -> r.vpcId(vpcId).vpcRegion(REGION.id()))
        .hostedZoneSummaries()
        .stream()
        .filter(z -> DnsName.normalize(z.name()).equals(domain))
        .map(HostedZoneSummary::hostedZoneId)
        .findFirst();
  }

  /**
   * Records of the domain's zone as "name TYPE" -> sorted values (alias as "ALIAS dnsname"), SOA/NS
   * left out.
   */
  public Map<String, List<String>> records(String domain) {
    String zone =
        zoneId(domain)
            .orElseThrow(() -> new AssertionError("no zone for " + domain + " in " + vpcId));
    Map<String, List<String>> out = new TreeMap<>();
    for (ResourceRecordSet r :
        admin
            .route53()
            .listResourceRecordSetsPaginator(q -> q.hostedZoneId(zone))
            .resourceRecordSets()) {
      if (r.typeAsString().equals("SOA") || r.typeAsString().equals("NS")) {
        continue;
      }
      List<String> values =
          r.aliasTarget() != null
              ? List.of("ALIAS " + DnsName.normalize(r.aliasTarget().dnsName()))
              : r.resourceRecords().stream()
                  .map(
                      v ->
                          r.typeAsString().equals("CNAME")
                              ? DnsName.normalize(v.value())
                              : v.value())
                  .sorted()
                  .toList();
      out.put(DnsName.normalize(r.name()) + " " + r.typeAsString(), values);
    }
    return out;
  }

  /** Only the records a DNS client would be answered with: owner markers left out. */
  public Map<String, List<String>> answers(String domain) {
    Map<String, List<String>> out = new TreeMap<>(records(domain));
    out.keySet().removeIf(k -> k.startsWith("_linkdns-"));
    return out;
  }
}
