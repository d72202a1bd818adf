package io.linkdns.core.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Confluent Cloud's Networking API said at one moment, for the environments linkdns looks at:
 * dedicated networks, PrivateLink Attachments with their connections, and ingress access points.
 */
public record Listing(
    List<String> environments,
    List<Network> networks,
    List<Attachment> attachments,
    List<Connection> connections,
    List<AccessPoint> accessPoints) {
  public Listing {
    environments = List.copyOf(environments);
    networks = List.copyOf(networks);
    attachments = List.copyOf(attachments);
    connections = List.copyOf(connections);
    accessPoints = List.copyOf(accessPoints);
  }

  /**
   * A dedicated network: its DNS domain, per-zone subdomains (keys are AZ IDs on AWS, "1".."3" on
   * Azure), the endpoint services clients connect to keyed by zone ("" where one service serves
   * every zone, as AWS's endpoint service does), and the DNS resolution mode.
   */
  public record Network(
      String id,
      String environment,
      String cloud,
      String region,
      String phase,
      Optional<String> dnsDomain,
      Map<String, String> zonalSubdomains,
      Map<String, String> services,
      Optional<String> resolution) {
    public Network {
      zonalSubdomains =
          java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(zonalSubdomains));
      services = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(services));
    }

    static Network of(JsonNode n) {
      JsonNode status = n.path("status");
      JsonNode cloud = status.path("cloud");
      Map<String, String> services = new LinkedHashMap<>();
      text(cloud, "private_link_endpoint_service").ifPresent(s -> services.put("", s));
      cloud
          .path("private_link_service_aliases")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual()) {
                  services.put(e.getKey(), e.getValue().asText());
                }
              });
      Map<String, String> zonal = new LinkedHashMap<>();
      status
          .path("zonal_subdomains")
          .fields()
          .forEachRemaining(e -> zonal.put(e.getKey(), e.getValue().asText()));
      return new Network(
          n.path("id").asText(""),
          n.path("spec").path("environment").path("id").asText(""),
          n.path("spec").path("cloud").asText(""),
          n.path("spec").path("region").asText(""),
          status.path("phase").asText(""),
          text(status, "dns_domain"),
          zonal,
          services,
          text(n.path("spec").path("dns_config"), "resolution"));
    }
  }

  /** A PrivateLink Attachment (serverless, regional): its DNS domain once Confluent has one. */
  public record Attachment(
      String id, String environment, String phase, Optional<String> dnsDomain) {
    static Attachment of(JsonNode a) {
      return new Attachment(
          a.path("id").asText(""),
          a.path("spec").path("environment").path("id").asText(""),
          a.path("status").path("phase").asText(""),
          text(a.path("status"), "dns_domain"));
    }
  }

  /**
   * An endpoint registered with a PrivateLink Attachment: {@code vpc_endpoint_id} on AWS, {@code
   * private_endpoint_resource_id} on Azure.
   */
  public record Connection(
      String id, String environment, String attachment, String phase, Optional<String> endpoint) {
    static Connection of(JsonNode c) {
      JsonNode spec = c.path("spec");
      Optional<String> endpoint =
          text(spec.path("cloud"), "vpc_endpoint_id")
              .or(() -> text(spec.path("cloud"), "private_endpoint_resource_id"))
              .or(() -> text(c.path("status").path("cloud"), "vpc_endpoint_id"))
              .or(() -> text(c.path("status").path("cloud"), "private_endpoint_resource_id"));
      return new Connection(
          c.path("id").asText(""),
          spec.path("environment").path("id").asText(""),
          spec.path("private_link_attachment").path("id").asText(""),
          c.path("status").path("phase").asText(""),
          endpoint);
    }
  }

  /**
   * An ingress PrivateLink access point of a gateway: the endpoint it admits and its own DNS
   * domain.
   */
  public record AccessPoint(
      String id,
      String environment,
      String gateway,
      String phase,
      Optional<String> endpoint,
      Optional<String> dnsDomain) {
    static AccessPoint of(JsonNode a) {
      JsonNode spec = a.path("spec");
      JsonNode status = a.path("status").path("config");
      Optional<String> endpoint =
          text(status, "vpc_endpoint_id")
              .or(() -> text(status, "private_endpoint_resource_id"))
              .or(() -> text(spec.path("config"), "vpc_endpoint_id"))
              .or(() -> text(spec.path("config"), "private_endpoint_resource_id"));
      return new AccessPoint(
          a.path("id").asText(""),
          spec.path("environment").path("id").asText(""),
          spec.path("gateway").path("id").asText(""),
          a.path("status").path("phase").asText(""),
          endpoint,
          text(status, "dns_domain"));
    }
  }

  public Optional<Attachment> attachment(String id) {
    return attachments.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  private static Optional<String> text(JsonNode node, String key) {
    JsonNode v = node.path(key);
    return v.isTextual() && !v.asText().isBlank()
        ? Optional.of(v.asText().trim())
        : Optional.empty();
  }
}
