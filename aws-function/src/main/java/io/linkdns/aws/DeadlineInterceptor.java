package io.linkdns.aws;

import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Bounds every AWS call by the invocation's {@link Deadline}: no call or retry starts once it has
 * passed, and a call under way ends when it passes.
 *
 * <p>Both options of the SDK are used, from one place. {@link #modifyRequest} sets the request's
 * apiCallTimeout (a per-request override the SDK reads after the interceptors ran) to the time
 * left, never longer than the client's own: the SDK's retry strategy runs its attempts and its
 * backoff sleeps inside that timer, so the whole call, an attempt waiting on a slow answer
 * included, ends at the deadline (an attempt timeout alone would let the retries go on). {@link
 * #beforeTransmission} runs before each attempt and refuses one that could not get an answer back
 * in time, so no retry starts after the deadline. An interceptor rather than a timeout at each call
 * site: it covers every Route 53 and EC2 call, paginators included, and no later call site can
 * forget it.
 */
public final class DeadlineInterceptor implements ExecutionInterceptor {
  /** Below this, starting a call is pointless: it could not get an answer back. */
  private static final Duration MINIMUM = Duration.ofMillis(50);

  private final Duration clientTimeout;

  /**
   * @param clientTimeout the client's own apiCallTimeout, which a request overridden here must not
   *     exceed
   */
  public DeadlineInterceptor(Duration clientTimeout) {
    this.clientTimeout = clientTimeout;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    Deadline deadline = Deadline.current();
    if (!deadline.bounded() || !(context.request() instanceof AwsRequest request)) {
      return context.request();
    }
    check(deadline, attributes);
    // The request's override replaces the client's apiCallTimeout, so it must be the shortest of
    // the three.
    Duration left = deadline.remaining();
    Duration timeout =
        request.overrideConfiguration().flatMap(c -> c.apiCallTimeout()).orElse(clientTimeout);
    if (left.compareTo(timeout) < 0) {
      timeout = left;
    }
    AwsRequestOverrideConfiguration override =
        request
            .overrideConfiguration()
            .map(c -> c.toBuilder())
            .orElseGet(AwsRequestOverrideConfiguration::builder)
            .apiCallTimeout(timeout)
            .build();
    return request.toBuilder().overrideConfiguration(override).build();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    check(Deadline.current(), attributes);
  }

  private static void check(Deadline deadline, ExecutionAttributes attributes) {
    if (deadline.bounded() && deadline.remaining().compareTo(MINIMUM) < 0) {
      throw new DeadlineExceededException(
          attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
              + "."
              + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
  }
}
