package io.linkdns.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import reactor.core.publisher.Mono;

/**
 * Bounds every Azure Resource Manager call, its retries and their waits included, by the
 * invocation's deadline ({@link Deadline#current()}), so a slow or stalled answer cannot keep the
 * function past its timeout. Placed before the retry policy (per call), so the retry policy never
 * retries a call whose time is up.
 */
final class DeadlinePolicy implements HttpPipelinePolicy {
  /**
   * Where the call's deadline travels to the per-retry policies (ArmPacer), which may run on a
   * timer thread.
   */
  static final String CONTEXT_KEY = "linkdns-deadline";

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    Deadline deadline = Deadline.current();
    context.setData(CONTEXT_KEY, deadline);
    if (!deadline.bounded()) {
      return next.process();
    }
    String what =
        "ARM "
            + context.getHttpRequest().getHttpMethod()
            + " "
            + context.getHttpRequest().getUrl().getPath();
    if (deadline.expired()) {
      return Mono.error(new DeadlineExceededException(what));
    }
    return next.process()
        .timeout(deadline.remaining(), Mono.error(() -> new DeadlineExceededException(what)));
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_CALL;
  }
}
