package io.linkdns.aws.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Sits on the HTTP path under the SDK and answers queued requests with real-shaped failures (Route
 * 53 Throttling or PriorRequestNotComplete, 503, a reset connection) instead of passing them on, so
 * the SDK's own retry strategy is what recovers; or with a refusal no retry can fix.
 */
public final class FaultInjector implements SdkHttpClient {

  /** A failure to serve instead of the next matching request. */
  public enum Fault {
    THROTTLING(400, "Throttling", "Rate exceeded"),
    PRIOR_REQUEST_NOT_COMPLETE(
        400,
        "PriorRequestNotComplete",
        "The request was rejected because Route 53 was still processing a prior request."),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service Unavailable"),
    CONNECTION_RESET(0, "", "");

    final int status;
    final String code;
    final String message;

    Fault(int status, String code, String message) {
      this.status = status;
      this.code = code;
      this.message = message;
    }
  }

  /**
   * What to answer instead: an HTTP status and a Route 53 error document (status 0: a reset
   * connection).
   */
  private record Reply(String label, int status, String body) {}

  private record Pending(String pathContains, Reply reply, String method) {
    Pending(String pathContains, Reply reply) {
      this(pathContains, reply, "");
    }
  }

  private final SdkHttpClient delegate;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final List<String> served = new ArrayList<>();

  public FaultInjector(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  /** The next request whose path contains {@code pathContains} ("" for any) gets {@code fault}. */
  public synchronized FaultInjector inject(String pathContains, Fault fault) {
    queue.add(
        new Pending(
            pathContains, new Reply(fault.name(), fault.status, error(fault.code, fault.message))));
    return this;
  }

  /**
   * The next request whose path contains {@code pathContains} gets Route 53's error {@code code}
   * with {@code message}, for refusals no retry can fix (an InvalidChangeBatch naming a bad name).
   */
  public synchronized FaultInjector inject(
      String pathContains, int status, String code, String message) {
    queue.add(new Pending(pathContains, new Reply(code, status, error(code, message))));
    return this;
  }

  /**
   * The next {@code method} request whose path contains {@code pathContains} gets {@code body} as
   * read from a recorded answer (fixtures under route53/), whatever its shape.
   */
  public synchronized FaultInjector injectBody(
      String method, String pathContains, int status, String body) {
    queue.add(new Pending(pathContains, new Reply("recorded", status, body), method));
    return this;
  }

  private static String error(String code, String message) {
    return "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
        + "<Error><Type>Sender</Type><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error><RequestId>fault-injected</RequestId></ErrorResponse>";
  }

  public synchronized List<String> served() {
    return List.copyOf(served);
  }

  public synchronized int pending() {
    return queue.size();
  }

  private synchronized Reply take(String method, String path) {
    Pending p = queue.peek();
    if (p != null
        && path.contains(p.pathContains())
        && (p.method().isEmpty() || p.method().equals(method))) {
      queue.poll();
      served.add(p.reply().label() + " " + path);
      return p.reply();
    }
    return null;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    Reply fault = take(request.httpRequest().method().name(), request.httpRequest().encodedPath());
    if (fault == null) {
      return delegate.prepareRequest(request);
    }
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        if (fault.status() == 0) {
          throw new java.net.SocketException("Connection reset");
        }
        byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(fault.status())
                    .putHeader("Content-Type", "text/xml")
                    .putHeader("Content-Length", Integer.toString(bytes.length))
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {
    delegate.close();
  }
}
