package io.linkdns.aws;

import io.linkdns.core.config.Settings;
import io.linkdns.core.ownership.SealKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * SnapStart priming's write half: a CreateVpcEndpoint event for an endpoint that does not exist
 * goes through a second handler whose EC2 and Route 53 clients answer from canned responses in the
 * jar ({@link Canned}): event parsing, the endpoint read, planning, the zone's creation (its mark
 * in the comment) and the change batch, the outcome log line and the metrics, written to nowhere.
 * It opens no connection and writes nothing anywhere, so a version's snapshot carries the write
 * path loaded and linked, not only the read paths the real clients can prime without changing
 * anything.
 */
final class Rehearsal {
  private Rehearsal() {}

  /**
   * Runs the sample event through a handler over canned clients, logging to {@code out}; returns
   * the operations the canned clients answered, in order. Confluent's API, the queue and adopted
   * zones are left out of its settings.
   */
  static List<String> run(Map<String, String> env, Region region, PrintStream out) {
    return run(AwsSettings.fromEnvironment(env).inRegion(region), out);
  }

  /**
   * As above, from settings read once; the home account is left unknown, so the sample event's is
   * served as before.
   */
  static List<String> run(AwsSettings production, PrintStream out) {
    Settings core = production.core();
    Settings settings =
        new Settings(
            core.ownerId(),
            core.policyName(),
            core.createZones(),
            core.layouts(),
            core.defaultLayout(),
            core.rules(),
            core.allowed(),
            List.of(),
            core.lifecycle());
    Region region = production.region();
    // A throwaway key: the rehearsal seals like production without reading the real secret.
    AwsSettings local =
        new AwsSettings(
            settings,
            region,
            Optional.of("linkdns"),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            1,
            1000,
            Optional.empty(),
            Set.of(),
            production.spokeRole(),
            Sharing.NONE,
            Optional.empty(),
            new SealKey.Source(Optional.of("linkdns-rehearsal-seal-key"), Optional.empty()));
    Canned canned =
        new Canned(
            Map.of(
                "region", region.id(),
                "domain", settings.allowed().sample(),
                "comment", settings.options().ownership().mark(java.time.Instant.now()).text()));
    AwsClients clients =
        AwsClients.build(
            new AwsClients.Config(region, Optional.empty(), 1, 1000, List.of()), canned);
    Handler handler = new Handler(local, clients, out);
    try {
      handler.handleRequest(
          new ByteArrayInputStream(SnapStartPriming.sampleEvent().getBytes(StandardCharsets.UTF_8)),
          OutputStream.nullOutputStream(),
          null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return canned.served();
  }

  /**
   * An HTTP client for the rehearsal: answers the EC2 and Route 53 operations of an endpoint's
   * creation from the XML documents under {@code rehearsal/} (shaped as the API references give
   * them), with ${name} placeholders filled in, and anything else with a 400 error. Never opens a
   * connection.
   */
  static final class Canned implements SdkHttpClient {
    private final Map<String, String> values;
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final List<String> served = new java.util.concurrent.CopyOnWriteArrayList<>();

    Canned(Map<String, String> values) {
      this.values = values;
    }

    /** The operation a request names: EC2's Action parameter, or Route 53's method and path. */
    static String operation(SdkHttpMethod method, String path, String body) {
      if (body.startsWith("Action=")) {
        int end = body.indexOf('&');
        return body.substring("Action=".length(), end < 0 ? body.length() : end);
      }
      if (method == SdkHttpMethod.GET && path.endsWith("/hostedzonesbyvpc")) {
        return "ListHostedZonesByVPC";
      }
      if (method == SdkHttpMethod.POST && path.endsWith("/hostedzone")) {
        return "CreateHostedZone";
      }
      if (method == SdkHttpMethod.POST && path.endsWith("/rrset/")) {
        return "ChangeResourceRecordSets";
      }
      return method + " " + path;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          String body = "";
          if (request.contentStreamProvider().isPresent()) {
            try (InputStream in = request.contentStreamProvider().get().newStream()) {
              body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
          }
          String operation =
              operation(request.httpRequest().method(), request.httpRequest().encodedPath(), body);
          served.add(operation);
          byte[] document = documents.computeIfAbsent(operation, Canned.this::document);
          int status =
              document.length == 0 ? 400 : operation.equals("CreateHostedZone") ? 201 : 200;
          if (status == 400) {
            document =
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Error><Type>Sender</Type>"
                        + "<Code>InvalidAction</Code><Message>not rehearsed</Message></Error></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
          }
          return HttpExecuteResponse.builder()
              .response(
                  SdkHttpResponse.builder()
                      .statusCode(status)
                      .putHeader("Content-Type", "text/xml")
                      .putHeader("Content-Length", Integer.toString(document.length))
                      .build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(document)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    private byte[] document(String operation) {
      try (InputStream in =
          Rehearsal.class.getResourceAsStream("rehearsal/" + operation + ".xml")) {
        if (in == null) {
          return new byte[0];
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> v : values.entrySet()) {
          text = text.replace("${" + v.getKey() + "}", v.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    List<String> served() {
      return List.copyOf(served);
    }

    @Override
    public String clientName() {
      return "linkdns-rehearsal";
    }

    @Override
    public void close() {}
  }
}
