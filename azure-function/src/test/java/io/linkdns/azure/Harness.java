package io.linkdns.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.reconcile.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * The function under test, wired exactly as in production (settings from an environment map, the
 * SDK's resource managers with their retry policy and bearer-token policy) except that the
 * credential is a test one and the HTTP client trusts the ARM fake's test certificate.
 */
final class Harness implements AutoCloseable {
  static {
    // LRO polls would otherwise wait the SDK's default 30 s between polls of the fake.
    ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(d -> Duration.ofMillis(10));
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  final ArmFake fake;
  final AzureWiring wiring;
  final Handler function;
  final List<String> logLines = new ArrayList<>();
  final Map<String, String> env = new HashMap<>();
  final TokenCredential credential =
      request -> Mono.just(new AccessToken(ArmFake.TOKEN, OffsetDateTime.now().plusHours(1)));
  final HttpClient http =
      new JdkHttpClientBuilder(
              java.net.http.HttpClient.newBuilder().sslContext(ArmFake.clientTls()))
          .build();
  final Logger logger;

  Harness(Map<String, String> extraEnv) {
    fake = ArmFake.start(ArmShapes.SUBSCRIPTION);
    env.put("AZURE_SUBSCRIPTION_ID", ArmShapes.SUBSCRIPTION);
    env.put("LINKDNS_ZONE_RESOURCE_GROUP", ArmShapes.ZONE_GROUP);
    env.put("LINKDNS_ARM_ENDPOINT", fake.endpoint());
    env.put("LINKDNS_PRINCIPAL_ID", ArmShapes.SELF_PRINCIPAL);
    // As deployed: azure/main.bicep always passes a seal key.
    env.put("LINKDNS_SEAL_KEY", "azure-harness-seal-key");
    env.putAll(extraEnv);
    wiring = AzureWiring.connect(AzureSettings.fromEnvironment(env), credential, http);
    function = new Handler(wiring);
    logger = Logger.getAnonymousLogger();
    logger.setUseParentHandlers(false);
    logger.addHandler(
        new java.util.logging.Handler() {
          @Override
          public void publish(LogRecord r) {
            synchronized (logLines) {
              logLines.add(r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  /** AzureWiring for settings as the command line passes them, on the same fake. */
  AzureWiring connect(Map<String, String> settings) {
    return AzureWiring.connect(AzureSettings.fromEnvironment(settings), credential, http);
  }

  Harness() {
    this(Map.of());
  }

  /**
   * Adds a Confluent zone endpoint: tagged with the domain and zone, connected to that zone's
   * alias.
   */
  void endpoint(String name, int zone, String ip, String status) {
    fake.putEndpoint(
        ArmShapes.endpoint(
            name,
            status,
            "Succeeded",
            Map.of(
                "linkdns-domain",
                ArmShapes.DOMAIN,
                "linkdns-zone",
                Integer.toString(zone),
                "team",
                "platform"),
            ArmShapes.alias(zone)));
    fake.putInterface(ArmShapes.networkInterface(name, ip));
  }

  List<Outcome> deliver(String fixture) {
    return function.handle(fixture(fixture), Handler.log(logger), "invocation-" + fixture);
  }

  static String fixture(String name) {
    try (InputStream in = Harness.class.getResourceAsStream("/eventgrid/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture eventgrid/" + name + ".json");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The zone as a resolver would see it: "name TYPE ttl value,value" per managed record set,
   * sorted.
   */
  TreeSet<String> zoneView() {
    TreeSet<String> out = new TreeSet<>();
    fake.recordsOf(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN)
        .forEach(
            (key, r) -> {
              String type = key.substring(0, key.indexOf(' '));
              if (type.equals("SOA")) {
                return;
              }
              JsonNode p = r.path("properties");
              List<String> values = new ArrayList<>();
              p.path("aRecords").forEach(a -> values.add(a.path("ipv4Address").asText()));
              if (p.has("cnameRecord")) {
                values.add(p.path("cnameRecord").path("cname").asText());
              }
              values.sort(null);
              out.add(
                  r.path("name").asText()
                      + " "
                      + type
                      + " "
                      + p.path("ttl").asLong()
                      + " "
                      + String.join(",", values));
            });
    return out;
  }

  ObjectNode record(String type, String relativeName) {
    return fake.recordsOf(ArmShapes.ZONE_GROUP, ArmShapes.DOMAIN).get(type + " " + relativeName);
  }

  List<JsonNode> logJson() {
    List<JsonNode> out = new ArrayList<>();
    synchronized (logLines) {
      for (String l : logLines) {
        try {
          out.add(JSON.readTree(l));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    fake.close();
  }
}
