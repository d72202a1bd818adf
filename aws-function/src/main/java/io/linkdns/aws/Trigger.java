package io.linkdns.aws;

import java.util.List;
import java.util.Optional;

/**
 * What an incoming event asks linkdns to look at. Events are hints; the cloud's state is the truth.
 */
public sealed interface Trigger {
  /**
   * The {@code trigger} field of log lines: the words the Azure function uses for the same roles.
   */
  default String logName() {
    if (this instanceof Endpoints e) {
      return e.eventName().equals("DeleteVpcEndpoints") ? "endpoint-delete" : "endpoint-write";
    }
    if (this instanceof ZoneChanged) {
      return "record-set-change";
    }
    if (this instanceof Sweep) {
      return "sweep";
    }
    return this instanceof Verify ? "verify" : "event";
  }

  /**
   * One or more VPC endpoints were created, modified or deleted in the account the event came from
   * ("" when the event names none); the VPC id is a hint when the event carries it.
   */
  record Endpoints(
      String eventName, List<String> endpointIds, Optional<String> vpcHint, String account)
      implements Trigger {
    public Endpoints {
      endpointIds = List.copyOf(endpointIds);
    }

    public Endpoints(String eventName, List<String> endpointIds, Optional<String> vpcHint) {
      this(eventName, endpointIds, vpcHint, "");
    }
  }

  /** Someone changed records in a hosted zone: re-reconcile it. */
  record ZoneChanged(String hostedZoneId) implements Trigger {}

  /** Reconcile everything (the schedule, or an operator). */
  record Sweep() implements Trigger {}

  /**
   * Resolve the managed names through the network's resolver and report what is wrong (the health
   * check).
   */
  record Verify(List<HealthCheck.Probe> targets) implements Trigger {
    public Verify {
      targets = List.copyOf(targets);
    }
  }

  /** A well-formed event linkdns has no business with; the reason is logged. */
  record Ignored(String reason) implements Trigger {}
}
