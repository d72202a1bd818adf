package io.linkdns.azure;

import com.azure.core.util.polling.LongRunningOperationStatus;
import java.util.Optional;

/**
 * A Resource Manager long-running operation that ended Failed or Canceled: the Azure SDK's final
 * result does not raise it (it is then just null), so linkdns does, naming the operation, the
 * resource and ARM's error code and message as the operation status ({@code Azure-AsyncOperation})
 * answered them.
 */
public final class OperationFailedException extends RuntimeException {
  private final String operation;
  private final String resource;
  private final LongRunningOperationStatus status;
  private final Optional<String> code;

  public OperationFailedException(
      String operation,
      String resource,
      LongRunningOperationStatus status,
      Optional<String> code,
      String message) {
    super(
        operation
            + " of "
            + resource
            + " ended "
            + status
            + (code.isEmpty() && message.isBlank()
                ? ""
                : " ("
                    + code.map(c -> c + (message.isBlank() ? "" : ": ")).orElse("")
                    + message
                    + ")")
            + "; nothing more was done for it");
    this.operation = operation;
    this.resource = resource;
    this.status = status;
    this.code = code;
  }

  public String operation() {
    return operation;
  }

  public String resource() {
    return resource;
  }

  public LongRunningOperationStatus status() {
    return status;
  }

  /** ARM's error code ({@code error.code} of the operation status), when it gave one. */
  public Optional<String> code() {
    return code;
  }
}
