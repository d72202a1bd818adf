package io.linkdns.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.aws.testing.AwsWorld;
import io.linkdns.aws.testing.CallCounter;
import io.linkdns.aws.testing.QueueDrain;
import io.linkdns.core.Deadline;
import io.linkdns.core.model.DnsName;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The scheduled sweep at scale, against moto with Route 53's token buckets emulated (moto patch 7):
 * N endpoints, one zone each (the access-point model), spread over several VPCs; invocations that
 * end at a deadline; the queue drained as Lambda's SQS event source mapping does (one invocation
 * per batch, each with a fresh deadline, the same warm container). Prints wall time against Route
 * 53's least time for the calls made (from full buckets), the throttled share, and the Route 53
 * calls per in-sync zone of a second sweep. Not a unit test: run by bench/sweep.sh.
 *
 * <p>Arguments: endpoints, VPCs, deadline in seconds.
 */
public final class SweepBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int vpcCount = Integer.parseInt(args[1]);
    Duration deadline = Duration.ofSeconds(Long.parseLong(args[2]));
    AwsEmulator emulator = AwsEmulator.get();
    URI moto = emulator.endpoint();
    AwsClients admin =
        AwsClients.build(
            new AwsClients.Config(AwsWorld.REGION, Optional.of(moto), 3, 10, List.of()));

    long setupStart = System.nanoTime();
    List<String> vpcs = new ArrayList<>();
    Map<String, String> subnet = new HashMap<>();
    for (int v = 0; v < vpcCount; v++) {
      int octet = v;
      String vpc = admin.ec2().createVpc(r -> r.cidrBlock("10." + octet + ".0.0/16")).vpc().vpcId();
      vpcs.add(vpc);
      subnet.put(
          vpc,
          admin
              .ec2()
              .createSubnet(
                  r ->
                      r.vpcId(vpc)
                          .availabilityZone("us-east-2a")
                          .cidrBlock("10." + octet + ".1.0/24"))
              .subnet()
              .subnetId());
    }
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String vpc = vpcs.get(i % vpcCount);
      String domain = String.format("ap%05d.us-east-2.aws.private.confluent.cloud", i);
      domains.add(domain);
      admin
          .ec2()
          .createVpcEndpoint(
              r ->
                  r.vpcId(vpc)
                      .serviceName(AwsWorld.SERVICE)
                      .vpcEndpointType("Interface")
                      .subnetIds(subnet.get(vpc))
                      .tagSpecifications(
                          s ->
                              s.resourceType(ResourceType.VPC_ENDPOINT)
                                  .tags(t -> t.key("linkdns:domain").value(domain))));
    }
    System.out.printf(
        "setup: %d endpoints in %d VPCs in %.1f s%n",
        n, vpcCount, (System.nanoTime() - setupStart) / 1e9);

    String queue = admin.sqs().get().createQueue(r -> r.queueName("linkdns-bench")).queueUrl();
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", AwsWorld.REGION.id());
    env.put("LINKDNS_QUEUE_URL", queue);
    env.put("LINKDNS_SEAL_KEY", "bench-seal-key-0123456789");
    env.put("LINKDNS_ZONE_BUDGET", "100");
    CallCounter counter = new CallCounter();
    AwsClients clients =
        AwsClients.build(
            new AwsClients.Config(AwsWorld.REGION, Optional.of(moto), 8, 10, List.of(counter)));
    PrintStream log =
        new PrintStream(new FileOutputStream("target/sweep-bench-" + n + ".log"), true);
    Handler handler = new Handler(env, clients, AwsWorld.REGION, log);
    QueueDrain drain = new QueueDrain(admin.sqs().get(), queue);

    throttle(moto, "DELETE", "");
    throttle(moto, "POST", "{\"enabled\":true}");
    counter.reset();
    long start = System.nanoTime();
    handler.handle("{\"linkdns\":\"sweep\"}", invocation(deadline));
    int invocations = 1 + drain.drain(handler, () -> invocation(deadline), 10, 1000);
    double wall = (System.nanoTime() - start) / 1e9;
    JsonNode first = throttle(moto, "GET", "");
    Map<String, Integer> served = counts(first.path("served"));
    int throttled =
        counts(first.path("throttled")).values().stream().mapToInt(Integer::intValue).sum();
    int servedTotal = served.values().stream().mapToInt(Integer::intValue).sum();
    double least = leastSeconds(served);

    counter.reset();
    throttle(moto, "DELETE", "");
    long again = System.nanoTime();
    handler.handle("{\"linkdns\":\"sweep\"}", invocation(deadline));
    int secondInvocations = 1 + drain.drain(handler, () -> invocation(deadline), 10, 1000);
    double secondWall = (System.nanoTime() - again) / 1e9;
    List<String> route53 = counter.calls("Route53");
    JsonNode second = throttle(moto, "GET", "");

    throttle(moto, "POST", "{\"enabled\":false}");
    int wired = wired(admin, domains);

    System.out.printf(
        "first sweep: %d invocations of at most %d s, wall %.1f s; Route 53 calls served %s%n",
        invocations, deadline.toSeconds(), wall, served);
    System.out.printf(
        "least time for those calls from full buckets: %.1f s; target <= %.1f s; ratio %.2f%n",
        least, 1.3 * least + 20, wall / least);
    System.out.printf(
        "throttled: %d of %d attempts (%.2f%%)%n",
        throttled,
        throttled + servedTotal,
        100.0 * throttled / Math.max(1, throttled + servedTotal));
    System.out.printf("wired: %d of %d zones hold exactly their CNAME%n", wired, n);
    Map<String, Long> byOp = new TreeMap<>();
    route53.forEach(c -> byOp.merge(c.substring(c.indexOf('.') + 1), 1L, Long::sum));
    System.out.printf(
        "second sweep (in sync): %d invocation(s), %.1f s, %d Route 53 calls = %.3f per zone %s; throttled %s%n",
        secondInvocations,
        secondWall,
        route53.size(),
        route53.size() / (double) n,
        byOp,
        second.path("throttled"));
    System.exit(0);
  }

  /** An invocation's deadline as the handler computes it from Lambda's remaining time. */
  private static Deadline invocation(Duration timeout) {
    return Deadline.in(timeout).less(Handler.RESERVE);
  }

  /**
   * Least time Route 53's buckets, from full, need to admit these calls: the slowest bucket
   * decides.
   */
  static double leastSeconds(Map<String, Integer> calls) {
    int total = calls.values().stream().mapToInt(Integer::intValue).sum();
    double least = Math.max(0, total - Pacer.ACCOUNT_BURST) / 10.0;
    for (Map.Entry<String, Integer> e : calls.entrySet()) {
      Pacer.Limit limit = Pacer.OPERATION_LIMITS.getOrDefault(e.getKey(), Pacer.DEFAULT_LIMIT);
      least = Math.max(least, Pacer.leastSeconds(e.getValue(), limit, 10.0));
    }
    return least;
  }

  private static int wired(AwsClients admin, List<String> domains) {
    Map<String, String> zoneByName = new HashMap<>();
    for (HostedZone z : admin.route53().listHostedZonesPaginator().hostedZones()) {
      zoneByName.merge(DnsName.normalize(z.name()), z.id(), (a, b) -> "duplicate");
    }
    int ok = 0;
    for (String d : domains) {
      String id = zoneByName.get(d);
      if (id == null || id.equals("duplicate")) {
        continue;
      }
      List<String> answers = new ArrayList<>();
      for (ResourceRecordSet r :
          admin.route53().listResourceRecordSets(q -> q.hostedZoneId(id)).resourceRecordSets()) {
        String name = DnsName.normalize(r.name());
        if (!r.typeAsString().equals("SOA")
            && !r.typeAsString().equals("NS")
            && !name.startsWith("_linkdns-")) {
          answers.add(name + " " + r.typeAsString());
        }
      }
      if (answers.equals(List.of("*." + d + " CNAME"))) {
        ok++;
      }
    }
    return ok;
  }

  private static Map<String, Integer> counts(JsonNode node) {
    Map<String, Integer> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
    return out;
  }

  private static JsonNode throttle(URI moto, String method, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(moto.resolve("/linkdns/throttle"))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build();
    return JSON.readTree(
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
  }
}
