package io.linkdns.aws;

import io.linkdns.core.Deadline;
import io.linkdns.core.DeadlineExceededException;
import java.time.Duration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * Bounds every AWS call by the invocation's {@link Deadline}: no call or retry starts once it has
 * passed, and a call under way is given at most the time left.
 *
 * <p>Why an interceptor rather than an apiCallTimeout set at each call site: the SDK's retry strategy
 * sleeps between attempts inside the call, so only a hook the SDK runs before each attempt
 * ({@link #beforeTransmission}) sees a deadline that passed during a backoff; and every Route 53
 * and EC2 call is covered, including paginators, without touching the call sites. The time left is
 * also set as the request's apiCallTimeout in {@link #modifyRequest}, which the SDK reads after the
 * interceptors ran: that bounds an attempt already waiting on a slow answer, which no check can.
 * A request that already carries its own shorter timeout keeps it.
 */
public final class DeadlineInterceptor implements ExecutionInterceptor {
  /** Below this, starting a call is pointless: it could not get an answer back. */
  private static final Duration MINIMUM = Duration.ofMillis(50);

  private final Duration clientTimeout;

  /** @param clientTimeout the client's own apiCallTimeout, which a request overridden here must not exceed */
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
    // The request's override replaces the client's apiCallTimeout, so it must be the shortest of the three.
    Duration left = deadline.remaining();
    Duration timeout = request.overrideConfiguration().flatMap(c -> c.apiCallTimeout()).orElse(clientTimeout);
    if (left.compareTo(timeout) < 0) {
      timeout = left;
    }
    AwsRequestOverrideConfiguration override = request.overrideConfiguration()
        .map(c -> c.toBuilder()).orElseGet(AwsRequestOverrideConfiguration::builder)
        .apiCallTimeout(timeout)
        .build();
    return request.toBuilder().overrideConfiguration(override).build();
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    check(Deadline.current(), attributes);
  }

  private static void check(Deadline deadline, ExecutionAttributes attributes) {
    if (deadline.bounded() && deadline.remaining().compareTo(MINIMUM) < 0) {
      throw new DeadlineExceededException(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
          + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
  }
}
