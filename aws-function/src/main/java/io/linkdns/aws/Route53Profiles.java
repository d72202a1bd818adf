package io.linkdns.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The three Route 53 Profiles operations linkdns calls (AssociateResourceToProfile,
 * DisassociateResourceFromProfile, ListProfileResourceAssociations), as rest-json calls signed with
 * the SDK's own SigV4 signer over linkdns's SdkHttpClient. It exists because the SDK's {@code
 * route53profiles} module is not served by this build's Maven registry; shapes and paths follow the
 * Route 53 Profiles API reference (2018-05-10). Each call, its retries of throttling and 5xx
 * included, stops at the invocation's {@link Deadline}.
 */
public final class Route53Profiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Aborts exchanges at their deadline; one daemon thread, started on first use. */
  private static final Supplier<ScheduledExecutorService> TIMER =
      io.linkdns.core.Lazy.of(
          () ->
              Executors.newSingleThreadScheduledExecutor(
                  r -> {
                    Thread t = new Thread(r, "linkdns-profiles-deadline");
                    t.setDaemon(true);
                    return t;
                  }));

  private static final int MAX_ATTEMPTS = 4;

  /**
   * Size bounds on what the service answers: one answer at most 4 MiB, one listing at most 100
   * pages (a profile holds at most 5,000 zones, 100 per page), so a hostile or broken endpoint
   * cannot exhaust memory or keep the invocation paging.
   */
  static final int MAX_ANSWER_BYTES = 4 << 20;

  static final int MAX_PAGES = 100;

  /** Route 53 zones are global: their ARN has neither region nor account. */
  private static final String ZONE_ARN = "arn:aws:route53:::hostedzone/";

  private final SdkHttpClient http;
  private final URI endpoint;
  private final String region;
  private final Supplier<AwsCredentialsIdentity> credentials;

  /**
   * @param endpoint {@code https://route53profiles.<region>.amazonaws.com}, or an emulator's
   * @param credentials the identity the Route 53 client signs with, resolved per call (they rotate)
   */
  public Route53Profiles(
      SdkHttpClient http,
      URI endpoint,
      String region,
      Supplier<AwsCredentialsIdentity> credentials) {
    this.http = http;
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
  }

  /** The service's endpoint in a region, where no override is given. */
  public static URI defaultEndpoint(String region) {
    return URI.create("https://route53profiles." + region + ".amazonaws.com");
  }

  public static String zoneArn(String zoneId) {
    return ZONE_ARN + zoneId;
  }

  /** The hosted zone ids the profile holds (every page of ListProfileResourceAssociations). */
  public Set<String> zones(String profileId) {
    Set<String> out = new LinkedHashSet<>();
    String token = null;
    int pages = 0;
    do {
      if (++pages > MAX_PAGES) {
        throw new IllegalStateException(
            "Route53Profiles.ListProfileResourceAssociations of "
                + profileId
                + ": more than "
                + MAX_PAGES
                + " pages; refused");
      }
      String path =
          "/profileresourceassociations/profileid/"
              + label(profileId)
              + "?resourceType=PRIVATE_HOSTED_ZONE"
              + (token == null
                  ? ""
                  : "&nextToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      JsonNode page = call("ListProfileResourceAssociations", SdkHttpMethod.GET, path, null);
      for (JsonNode a : page.path("ProfileResourceAssociations")) {
        String arn = a.path("ResourceArn").asText("");
        if (arn.startsWith(ZONE_ARN)) {
          out.add(arn.substring(ZONE_ARN.length()));
        }
      }
      token =
          page.path("NextToken").isTextual() && !page.path("NextToken").asText().isEmpty()
              ? page.path("NextToken").asText()
              : null;
    } while (token != null);
    return Set.copyOf(out);
  }

  /**
   * Adds the zone to the profile under the given association name (letters, digits, - and _ only).
   */
  public void associate(String profileId, String zoneId, String name) {
    var body =
        JSON.createObjectNode()
            .put("ProfileId", profileId)
            .put("ResourceArn", zoneArn(zoneId))
            .put("Name", name);
    call(
        "AssociateResourceToProfile",
        SdkHttpMethod.POST,
        "/profileresourceassociation",
        body.toString());
  }

  /** Takes the zone out of the profile; false when the profile did not hold it. */
  public boolean disassociate(String profileId, String zoneId) {
    try {
      call(
          "DisassociateResourceFromProfile",
          SdkHttpMethod.DELETE,
          "/profileresourceassociation/profileid/"
              + label(profileId)
              + "/resourcearn/"
              + label(zoneArn(zoneId)),
          null);
      return true;
    } catch (ProfilesException e) {
      if (e.code().equals("ResourceNotFoundException")) {
        return false;
      }
      throw e;
    }
  }

  /** A URI label: every reserved character encoded, the ARN's slash and colons included. */
  private static String label(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode call(String operation, SdkHttpMethod method, String pathAndQuery, String body) {
    Deadline deadline = Deadline.current();
    for (int attempt = 1; ; attempt++) {
      deadline.check("Route53Profiles." + operation);
      try {
        return once(operation, method, pathAndQuery, body, deadline);
      } catch (ProfilesException e) {
        if (!e.retryable() || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      } catch (UncheckedIOException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
      // Jittered exponential backoff, as the SDK's clients do, never past the deadline.
      long cap = 200L << Math.min(attempt, 5);
      Duration pause =
          deadline.bound(Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1)));
      if (deadline.remaining().compareTo(pause.plusMillis(50)) <= 0) {
        throw new DeadlineExceededException("Route53Profiles." + operation + " (retry)");
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeadlineExceededException("Route53Profiles." + operation + " (interrupted)");
      }
    }
  }

  private JsonNode once(
      String operation, SdkHttpMethod method, String pathAndQuery, String body, Deadline deadline) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String base =
        endpoint.toString().endsWith("/")
            ? endpoint.toString().substring(0, endpoint.toString().length() - 1)
            : endpoint.toString();
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder().method(method).uri(URI.create(base + pathAndQuery));
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials.get())
                        .request(request.build())
                        .payload(body == null ? null : ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "route53profiles")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    ExecutableHttpRequest exchange =
        http.prepareRequest(
            HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build());
    // The HTTP client has no per-request timeout: the exchange is aborted when the deadline passes.
    ScheduledFuture<?> stop =
        deadline.bounded()
            ? TIMER
                .get()
                .schedule(exchange::abort, deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)
            : null;
    try {
      HttpExecuteResponse response = exchange.call();
      byte[] content = response.responseBody().map(Route53Profiles::readAll).orElse(new byte[0]);
      JsonNode json = readJson(content);
      int status = response.httpResponse().statusCode();
      if (status / 100 == 2) {
        return json;
      }
      // rest-json: the error type is the x-amzn-ErrorType header (up to a ':'), else the body's
      // __type or code.
      String code =
          response
              .httpResponse()
              .firstMatchingHeader("x-amzn-ErrorType")
              .or(
                  () ->
                      Optional.of(json.path("__type").asText(json.path("code").asText("")))
                          .filter(c -> !c.isEmpty()))
              .map(c -> c.contains(":") ? c.substring(0, c.indexOf(':')) : c)
              .map(c -> c.contains("#") ? c.substring(c.indexOf('#') + 1) : c)
              .orElse("HTTP" + status);
      throw new ProfilesException(
          status,
          code,
          "Route53Profiles."
              + operation
              + ": "
              + json.path("Message").asText(json.path("message").asText("")));
    } catch (IOException | UncheckedIOException e) {
      if (deadline.expired()) {
        throw new DeadlineExceededException("Route53Profiles." + operation);
      }
      throw e instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) e);
    } finally {
      if (stop != null) {
        stop.cancel(false);
      }
    }
  }

  private static JsonNode readJson(byte[] content) {
    if (content.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(content);
    } catch (IOException e) {
      return JSON.createObjectNode()
          .put(
              "Message",
              "unreadable answer: "
                  + new String(content, 0, Math.min(200, content.length), StandardCharsets.UTF_8));
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      byte[] content = in.readNBytes(MAX_ANSWER_BYTES + 1);
      if (content.length > MAX_ANSWER_BYTES) {
        throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes; refused");
      }
      return content;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An error answer of Route 53 Profiles: HTTP status, error type, message. */
  public static final class ProfilesException extends RuntimeException {
    private final int status;
    private final String code;

    ProfilesException(int status, String code, String message) {
      super(code + " (HTTP " + status + "): " + message);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }

    boolean retryable() {
      return status >= 500 || status == 429 || code.equals("ThrottlingException");
    }
  }
}
