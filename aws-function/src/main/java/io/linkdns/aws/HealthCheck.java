package io.linkdns.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.JsonInput;
import io.linkdns.core.cli.CommandLine;
import io.linkdns.core.log.LogLines;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.verify.Finding;
import io.linkdns.core.verify.Report;
import io.linkdns.core.verify.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional scheduled health check: resolves each target domain through the resolver the
 * function sees (inside the VPC, the Route 53 Resolver) and logs every problem; the count becomes
 * the VerifyProblems metric. The names probed (a domain from a VPC) come from
 * LINKDNS_VERIFY_TARGETS or the event: {@code [{"domain": "...", "vpc": "vpc-...", "resolver":
 * "host:port"?}]}.
 */
final class HealthCheck {
  /** One domain to check, in the VPC whose endpoints it should land on. */
  record Probe(String domain, String vpc, Optional<String> resolver) {}

  private final AwsWiring wiring;
  private final LogLines log;

  HealthCheck(AwsWiring wiring, LogLines log) {
    this.wiring = wiring;
    this.log = log;
  }

  /**
   * Runs every target; returns the number of problems found (an unreachable resolver counts as
   * one).
   */
  int run(List<Probe> targets) {
    int problems = 0;
    for (Probe t : targets) {
      String resolver = t.resolver().orElseGet(CommandLine::systemResolver);
      Report report = Verifier.at(resolver).verify(t.domain(), wiring.live(t.domain(), t.vpc()));
      List<String> found = report.problems().stream().map(Finding::toString).toList();
      problems += found.size();
      Map<String, Object> fields =
          Map.of(
              "domain",
              t.domain(),
              "vpc",
              t.vpc(),
              "resolver",
              resolver,
              "problems",
              found,
              "notes",
              report.notes());
      if (report.ok()) {
        log.info("verify passed", fields);
      } else {
        log.error("verify found problems", fields);
      }
    }
    return problems;
  }

  static List<Probe> targets(String json) {
    if (json.isBlank()) {
      return List.of();
    }
    JsonNode root = JsonInput.array("LINKDNS_VERIFY_TARGETS", json, "{domain, vpc, resolver?}");
    List<Probe> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String field = "LINKDNS_VERIFY_TARGETS[" + i + "]";
      JsonNode n = root.get(i);
      String vpc = n.path("vpc").asText("");
      if (!vpc.startsWith("vpc-")) {
        throw new InvalidInputException(field + ".vpc", vpc, "a VPC id (vpc-...) is required");
      }
      out.add(
          new Probe(
              DnsName.requireDomain(field + ".domain", n.path("domain").asText(null)),
              vpc,
              Optional.ofNullable(n.path("resolver").asText(null)).filter(r -> !r.isBlank())));
    }
    return List.copyOf(out);
  }
}
