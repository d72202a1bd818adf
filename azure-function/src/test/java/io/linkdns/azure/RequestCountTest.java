package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * How many ARM calls one event costs, counted at the fake; the bounds keep them from creeping up.
 */
class RequestCountTest {

  @Test
  void callsPerEvent() {
    try (Harness h = new Harness()) {
      h.endpoint("pe-kafka-az1", 1, "10.20.1.4", "Approved");
      h.endpoint("pe-kafka-az2", 2, "10.20.2.4", "Approved");
      h.endpoint("pe-kafka-az3", 3, "10.20.3.4", "Approved");

      Map<String, Long> first = deliver(h, "pe-az1-write");
      Map<String, Long> again = deliver(h, "pe-az1-write");
      h.fake.removeEndpoint(ArmShapes.endpointId("pe-kafka-az3"));
      Map<String, Long> delete = deliver(h, "pe-az3-delete");
      Map<String, Long> remediation = deliver(h, "record-az2-deleted-by-user");
      System.out.println(
          "ARM calls per event (method -> count): first write "
              + first
              + ", repeated delivery "
              + again
              + ", delete "
              + delete
              + ", record-set remediation "
              + remediation);

      assertThat(first.get("PUT")).isEqualTo(6);
      assertThat(again).doesNotContainKeys("PUT", "DELETE");
      // + zone list and the links of our zones: a write may be a tag change, whose old zone is
      // reconciled too.
      assertThat(again.get("GET"))
          .as("PE get + its NIC, PE list + 3 NICs, zone, links, record sets, zone list, links")
          .isEqualTo(11);
      assertThat(delete.get("PUT") + delete.get("DELETE")).isEqualTo(2);
      assertThat(remediation).doesNotContainKeys("PUT", "DELETE");
    }
  }

  private static Map<String, Long> deliver(Harness h, String fixture) {
    h.fake.clearRequests();
    long start = System.nanoTime();
    h.deliver(fixture);
    long ms = (System.nanoTime() - start) / 1_000_000;
    Map<String, Long> counts =
        new TreeMap<>(
            h.fake.requests().stream()
                .collect(Collectors.groupingBy(ArmFake.Request::method, Collectors.counting())));
    System.out.println(
        fixture
            + ": "
            + counts
            + " in "
            + ms
            + " ms; "
            + h.fake.requests().stream()
                .map(r -> r.method() + " " + r.path().replaceAll(".*/providers/", ""))
                .toList());
    return counts;
  }
}
