package io.linkdns.demo;

import io.linkdns.aws.AwsClients;
import io.linkdns.aws.AwsWiring;
import io.linkdns.aws.Handler;
import io.linkdns.core.model.Zone;
import io.linkdns.core.ownership.CurrentRecord;
import io.linkdns.core.plan.Planner;
import io.linkdns.core.verify.LocalDnsServer;
import io.linkdns.core.verify.Report;
import io.linkdns.core.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The README's main job, on its embedded default: against an emulator, a platform engineer makes a
 * VPC with three subnets in three AZs and a tagged interface endpoint to a Confluent-style service;
 * its CloudTrail event reaches the handler; the zone is printed and then served by a real DNS
 * server and verified as a Kafka client would resolve it; the endpoint is deleted, the delete event
 * delivered, and the zone printed again.
 */
public final class Demo {
  static final String DOMAIN = "pr123a.us-east-2.aws.confluent.cloud";
  static final String SERVICE = "com.amazonaws.vpce.us-east-2.vpce-svc-0123456789abcdef0";
  static final List<String> AZS = List.of("us-east-2a", "us-east-2b", "us-east-2c");

  private final PrintStream out;
  private final Map<String, String> env;

  Demo(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  /**
   * {@code Demo --endpoint-url URL [--region R]}; exits 1 when verification finds a problem, 2 on
   * bad usage.
   */
  public static void main(String[] args) {
    Optional<String> endpointUrl = Optional.empty();
    Region region = Region.of(Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-2"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--endpoint-url" -> endpointUrl = Optional.of(args[i + 1]);
        case "--region" -> region = Region.of(args[i + 1]);
        default -> {
          System.err.println("linkdns demo: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    if (endpointUrl.isEmpty() || args.length % 2 != 0) {
      System.err.println(
          "usage: linkdns demo --endpoint-url URL [--region R]   (an emulator such as moto_server)");
      System.exit(2);
    }
    System.exit(new Demo(System.out, System.getenv()).run(endpointUrl.get(), region));
  }

  int run(String endpointUrl, Region requested) {
    Region region = Region.US_EAST_2;
    if (!requested.equals(region)) {
      out.println("(the demo runs in " + region + " where its default domain lives)");
    }
    AwsClients clients =
        AwsClients.build(
            new AwsClients.Config(region, Optional.of(URI.create(endpointUrl)), 8, 5.0, List.of()));
    Map<String, String> settings = new HashMap<>(env);
    settings.put("AWS_REGION", region.id());
    AwsWiring wiring = AwsWiring.of(settings, clients, region);
    Handler handler = new Handler(settings, clients, region, out);

    step(
        "1. a VPC with subnets in "
            + String.join(", ", AZS)
            + ", and an interface endpoint tagged linkdns:domain="
            + DOMAIN);
    Ec2Client ec2 = clients.ec2();
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    List<String> subnets = new ArrayList<>();
    for (int i = 0; i < AZS.size(); i++) {
      String az = AZS.get(i);
      String cidr = "10.0." + (i + 1) + ".0/24";
      subnets.add(
          ec2.createSubnet(r -> r.vpcId(vpc).availabilityZone(az).cidrBlock(cidr))
              .subnet()
              .subnetId());
    }
    String endpoint =
        ec2.createVpcEndpoint(
                r ->
                    r.vpcId(vpc)
                        .vpcEndpointType("Interface")
                        .serviceName(SERVICE)
                        .subnetIds(subnets)
                        .tagSpecifications(
                            t ->
                                t.resourceType(ResourceType.VPC_ENDPOINT)
                                    .tags(g -> g.key("linkdns:domain").value(DOMAIN))))
            .vpcEndpoint()
            .vpcEndpointId();
    out.println("   " + vpc + "  " + endpoint + "  " + SERVICE);

    step("2. CloudTrail delivers CreateVpcEndpoint to the handler");
    String items =
        String.join(
            ",",
            subnets.stream()
                .map(s -> "{\"tag\":" + (subnets.indexOf(s) + 1) + ",\"content\":\"" + s + "\"}")
                .toList());
    handler.handle(
        template("demo/create-vpc-endpoint.json", region, vpc, endpoint)
            .replace("{{subnetItems}}", "[" + items + "]"));

    step("3. the private hosted zone " + DOMAIN + " now holds");
    Zone zone =
        wiring
            .zones()
            .find(DOMAIN, vpc)
            .orElseThrow(() -> new IllegalStateException("no zone was created"));
    List<CurrentRecord> records = printZone(wiring, zone);

    step("4. served by a real DNS server on 127.0.0.1, resolved the way a Kafka client asks");
    List<Planner.Bound> live = wiring.live(DOMAIN, vpc);
    int status = 0;
    try (LocalDnsServer dns =
        LocalDnsServer.start(
            List.of(
                new LocalDnsServer.ZoneContent(
                    DOMAIN,
                    records.stream().map(CurrentRecord::record).toList(),
                    Verifier.aliasAddresses(live))))) {
      out.println("   " + dns.software() + " answering on " + dns.address());
      Report report = Verifier.at(dns.address()).verify(DOMAIN, live);
      report.text().lines().forEach(l -> out.println("   " + l));
      status = report.ok() ? 0 : 1;
    }

    step("5. the endpoint is deleted and CloudTrail delivers DeleteVpcEndpoints");
    ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(endpoint));
    handler.handle(template("demo/delete-vpc-endpoints.json", region, vpc, endpoint));

    step("6. the zone afterwards");
    printZone(wiring, zone);
    return status;
  }

  private List<CurrentRecord> printZone(AwsWiring wiring, Zone zone) {
    List<CurrentRecord> records = wiring.zones().records(zone);
    long kept =
        records.stream()
            .filter(r -> r.record().type() == io.linkdns.core.model.RecordType.OTHER)
            .count();
    out.println(
        "   ("
            + kept
            + " record set(s) of types linkdns never writes, SOA and NS, kept by Route 53)");
    for (CurrentRecord r : records) {
      if (r.record().type() == io.linkdns.core.model.RecordType.OTHER) {
        continue;
      }
      out.println(
          "   "
              + r.record()
              + r.owner()
                  .map(o -> "   owner=" + o.ownerId() + " endpoints=" + o.endpoints())
                  .orElse("   (not linkdns's)"));
    }
    out.println(
        "   "
            + records.stream().filter(r -> r.owner().isPresent()).count()
            + " record set(s) owned by linkdns");
    return records;
  }

  private void step(String text) {
    out.println();
    out.println("== " + text);
  }

  private static String template(String path, Region region, String vpc, String endpoint) {
    try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("{{time}}", Instant.now().toString())
          .replace("{{region}}", region.id())
          .replace("{{vpcId}}", vpc)
          .replace("{{endpointId}}", endpoint)
          .replace("{{serviceName}}", SERVICE)
          .replace("{{domain}}", DOMAIN);
    } catch (IOException e) {
      throw new IllegalStateException("demo template " + path, e);
    }
  }
}
