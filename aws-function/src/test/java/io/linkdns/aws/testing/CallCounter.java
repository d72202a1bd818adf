package io.linkdns.aws.testing;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every API call (one per operation, whatever its retries) a client makes, as
 * "Service.Operation".
 */
public final class CallCounter implements ExecutionInterceptor {
  private static final List<String> WRITES =
      List.of("Create", "Change", "Associate", "Delete", "Modify");
  private final List<String> calls = new ArrayList<>();

  @Override
  public synchronized void beforeExecution(
      Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.add(
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + "."
            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }

  public synchronized void reset() {
    calls.clear();
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<String> calls(String service) {
    return calls.stream().filter(c -> c.startsWith(service + ".")).toList();
  }

  /** Calls that change something: Create*, Change*, Associate*, Delete*, Modify*. */
  public synchronized List<String> writes(String service) {
    return calls(service).stream()
        .filter(c -> WRITES.stream().anyMatch(w -> c.substring(c.indexOf('.') + 1).startsWith(w)))
        .toList();
  }
}
