package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.reconcile.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Not a unit test (its name keeps it out of the default run): sweeps of thousands of endpoints
 * through the ARM fake with Resource Manager's real bucket sizes and refill rates on, printing
 * calls, 429s and wall time. Run it on purpose:
 *
 * <pre>
 * mvn -B -q -o -pl azure-function -am test -Dtest=SweepBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlinkdns.bench.endpoints=2000 -Dlinkdns.bench.seconds=540</pre>
 *
 * Each sweep runs as a fresh process would after the timer's interval (new pacer, ARM's buckets
 * full again); sweeps repeat until one finds everything in sync, or five have run.
 */
class SweepBenchmark {
  private static final int VNETS = 20;

  @Test
  void sweepsOfThousandsOfEndpointsConverge() {
    int endpoints = Integer.getInteger("linkdns.bench.endpoints", 2000);
    int seconds = Integer.getInteger("linkdns.bench.seconds", 540);
    try (Harness h = new Harness(Map.of("LINKDNS_ZONE_BUDGET", "500"))) {
      int domains = (endpoints + 2) / 3;
      for (int i = 0; i < endpoints; i++) {
        int d = i / 3;
        int zone = i % 3 + 1;
        String network = String.format(Locale.ROOT, "b%05d", d);
        String vnet = ArmShapes.VNET.replace("vnet-kafka", "vnet-" + d % VNETS);
        String name = "pe-" + network + "-az" + zone;
        String ip = "10." + (d / 250) + "." + (d % 250) + "." + (zone + 3);
        h.fake.putEndpoint(
            ArmShapes.endpoint(
                name,
                "Approved",
                "Succeeded",
                Map.of(
                    "linkdns-domain",
                    network + ".centralus.azure.confluent.cloud",
                    "linkdns-zone",
                    Integer.toString(zone)),
                ArmShapes.alias(zone).replace("p8xo76", network),
                vnet));
        h.fake.putInterface(ArmShapes.networkInterface(name, ip, vnet));
      }
      System.out.printf(
          Locale.ROOT,
          "bench: %d endpoints, %d domains, %d VNets, invocation %d s, ARM buckets reads 250+25/s,"
              + " writes 200+10/s, deletes 200+10/s%n",
          endpoints,
          domains,
          VNETS,
          seconds);
      for (int sweep = 1; sweep <= 5; sweep++) {
        ArmBuckets arm = ArmBuckets.arm();
        h.fake.throttle(arm);
        h.fake.clearRequests();
        Handler function = new Handler(h.connect(h.env), Duration.ofSeconds(seconds));
        long start = System.nanoTime();
        List<Outcome> outcomes;
        String ended = "finished";
        try {
          outcomes = function.sweepAll(Handler.log(h.logger), "bench-sweep-" + sweep);
        } catch (RuntimeException e) {
          // Out of time: the zones reconciled so far stay reconciled; the next sweep goes on from
          // there.
          outcomes = List.of();
          ended = "ended by " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Map<String, Long> byMethod =
            h.fake.requests().stream()
                .collect(
                    Collectors.groupingBy(
                        ArmFake.Request::method, TreeMap::new, Collectors.counting()));
        Map<Outcome.Status, Long> byStatus =
            outcomes.stream()
                .collect(
                    Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
        long complete = countComplete(h, endpoints);
        System.out.printf(
            Locale.ROOT,
            "bench: sweep %d: %d ms, %d calls %s, %d answered 429, outcomes %s, %d/%d zones complete;"
                + " %s%n",
            sweep,
            millis,
            h.fake.requests().size(),
            byMethod,
            arm.throttled(),
            byStatus,
            complete,
            domains,
            ended);
        if (!outcomes.isEmpty()
            && outcomes.stream().allMatch(o -> o.status() == Outcome.Status.IN_SYNC)
            && complete == domains) {
          break;
        }
      }
      assertThat(countComplete(h, endpoints)).isEqualTo(domains);
    }
  }

  /** Zones holding the wildcard and one zonal record per endpoint of their domain. */
  private static long countComplete(Harness h, int endpoints) {
    long n = 0;
    for (int d = 0; d * 3 < endpoints; d++) {
      String domain = String.format(Locale.ROOT, "b%05d", d) + ".centralus.azure.confluent.cloud";
      long wanted = Math.min(3, endpoints - 3L * d) + 1;
      if (h.fake.recordsOf(ArmShapes.ZONE_GROUP, domain).keySet().stream()
              .filter(k -> k.startsWith("A "))
              .count()
          == wanted) {
        n++;
      }
    }
    return n;
  }
}
