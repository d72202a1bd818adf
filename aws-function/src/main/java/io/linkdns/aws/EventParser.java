package io.linkdns.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.ownership.RefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads EventBridge events (CloudTrail API calls for EC2 endpoints, their tags and Route 53
 * records, and the schedule) into {@link Trigger}s. EC2's XML-to-JSON rendering varies: one item is
 * an object and several are an array, and values may be wrapped as {"tag":1,"content":"vpce-..."};
 * all are accepted.
 */
public final class EventParser {
  static final String CLOUDTRAIL = "AWS API Call via CloudTrail";
  static final Pattern ENDPOINT_ID = Pattern.compile("vpce-[0-9a-f]{8,17}");
  static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
  private static final Pattern ZONE_ID = Pattern.compile("(/hostedzone/)?[A-Z0-9]{1,32}");

  private final ObjectMapper json;
  private final Optional<String> selfRoleArn;

  /**
   * @param selfRoleArn this function's execution role ARN ({@code LINKDNS_ROLE_ARN}): Route 53
   *     changes made under exactly that role do not trigger remediation. A session name can be
   *     chosen by anyone who assumes any role, so only the full role ARN is compared.
   */
  public EventParser(ObjectMapper json, Optional<String> selfRoleArn) {
    this.json = json;
    this.selfRoleArn = selfRoleArn;
  }

  /**
   * Refuses an operator's control message ({@code {"linkdns": ...}}) or a schedule event arriving
   * through the event queue: anyone who may send to the queue could otherwise start sweeps or point
   * the health check at any resolver. Those come only by direct invocation or the schedule.
   */
  public void requireNoControl(JsonNode event) {
    if (event.has("linkdns")) {
      throw new InvalidInputException(
          "linkdns",
          event.get("linkdns").toString(),
          "control messages are accepted only by direct invocation or from the schedule, never through the queue");
    }
    if (event.path("source").asText("").equals("aws.events")) {
      throw new InvalidInputException(
          "source",
          "aws.events",
          "schedule events are accepted only from the schedule itself, never through the queue");
    }
  }

  public JsonNode read(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("event", text, "empty event body");
    }
    try {
      JsonNode node = json.readTree(text);
      if (node == null || !node.isObject()) {
        throw new InvalidInputException("event", text, "an event must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "event", text, "not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public Trigger parse(JsonNode event) {
    String own = event.path("linkdns").asText("");
    if (own.equals("sweep")) {
      return new Trigger.Sweep();
    }
    if (own.equals("verify")) {
      return new Trigger.Verify(
          event.has("targets") ? HealthCheck.targets(event.get("targets").toString()) : List.of());
    }
    if (event.has("linkdns")) {
      throw new InvalidInputException("linkdns", own, "expected sweep or verify");
    }
    if (!event.has("detail-type") && (event.has("eventName") || event.has("eventSource"))) {
      // A CloudTrail record as the trail writes it, not as EventBridge delivers it: say what was
      // expected.
      throw new InvalidInputException(
          "detail-type",
          null,
          "missing: this looks like a raw CloudTrail record (eventName "
              + event.path("eventName").asText("<none>")
              + " at the top level); expected an EventBridge event"
              + " (detail-type \""
              + CLOUDTRAIL
              + "\") or an SQS batch of them");
    }
    String detailType = requireText(event, "detail-type");
    String source = requireText(event, "source");
    if (source.equals("aws.events") && detailType.equals("Scheduled Event")) {
      return new Trigger.Sweep();
    }
    if (!detailType.equals(CLOUDTRAIL)) {
      return new Trigger.Ignored("detail-type '" + detailType + "' is not " + CLOUDTRAIL);
    }
    JsonNode detail = event.get("detail");
    if (detail == null || !detail.isObject()) {
      throw new InvalidInputException(
          "detail", String.valueOf(detail), "a CloudTrail event needs a detail object");
    }
    String eventName = requireText(detail, "eventName", "detail.eventName");
    if (detail.hasNonNull("errorCode")) {
      return new Trigger.Ignored(
          eventName + " failed with " + detail.get("errorCode").asText() + "; nothing changed");
    }
    return switch (source) {
      case "aws.ec2" -> inAccount(ec2(eventName, detail), event, detail);
      case "aws.route53" -> route53(eventName, detail);
      default -> new Trigger.Ignored("source '" + source + "' is not aws.ec2 or aws.route53");
    };
  }

  private Trigger ec2(String eventName, JsonNode detail) {
    JsonNode request = detail.path("requestParameters");
    switch (eventName) {
      case "CreateVpcEndpoint" -> {
        JsonNode vpce =
            detail.path("responseElements").path("CreateVpcEndpointResponse").path("vpcEndpoint");
        if (vpce.isMissingNode() || vpce.isNull()) {
          throw new InvalidInputException(
              "detail.responseElements.CreateVpcEndpointResponse.vpcEndpoint",
              null,
              "missing: the create event carries no endpoint");
        }
        String type = firstValue(vpce.path("vpcEndpointType")).orElse("Interface");
        if (!type.equalsIgnoreCase("Interface")) {
          return new Trigger.Ignored("endpoint type " + type + " has no DNS names to wire");
        }
        String id =
            requireId(
                firstValue(vpce.path("vpcEndpointId")),
                "detail.responseElements.CreateVpcEndpointResponse.vpcEndpoint.vpcEndpointId");
        Optional<String> vpc =
            firstValue(vpce.path("vpcId"))
                .or(() -> firstValue(request.path("CreateVpcEndpointRequest").path("VpcId")))
                .filter(v -> VPC_ID.matcher(v).matches());
        return new Trigger.Endpoints(eventName, List.of(id), vpc);
      }
      case "ModifyVpcEndpoint" -> {
        String field = "detail.requestParameters.ModifyVpcEndpointRequest.VpcEndpointId";
        List<String> ids = values(request.path("ModifyVpcEndpointRequest").path("VpcEndpointId"));
        if (ids.size() != 1) {
          throw new InvalidInputException(
              field, ids.toString(), "expected exactly one endpoint id");
        }
        return new Trigger.Endpoints(
            eventName, List.of(requireId(Optional.of(ids.get(0)), field)), Optional.empty());
      }
      case "DeleteVpcEndpoints" -> {
        String field = "detail.requestParameters.DeleteVpcEndpointsRequest.VpcEndpointId";
        List<String> ids = values(request.path("DeleteVpcEndpointsRequest").path("VpcEndpointId"));
        if (ids.isEmpty()) {
          throw new InvalidInputException(
              field, null, "missing: no endpoint id in the delete event");
        }
        List<String> checked = new ArrayList<>();
        for (String id : ids) {
          checked.add(requireId(Optional.of(id), field));
        }
        return new Trigger.Endpoints(eventName, checked, Optional.empty());
      }
      case "CreateTags", "DeleteTags" -> {
        // Tagging an existing endpoint can bind it (or unbind it): look at every endpoint tagged.
        List<String> ids = new ArrayList<>();
        for (JsonNode item : items(request.path("resourcesSet").path("items"))) {
          for (String id : values(item.path("resourceId"))) {
            if (id.startsWith("vpce-")) {
              ids.add(
                  requireId(
                      Optional.of(id), "detail.requestParameters.resourcesSet.items.resourceId"));
            }
          }
        }
        if (ids.isEmpty()) {
          return new Trigger.Ignored(eventName + " names no VPC endpoint");
        }
        return new Trigger.Endpoints(eventName, ids.stream().distinct().toList(), Optional.empty());
      }
      default -> {
        return new Trigger.Ignored("EC2 call " + eventName + " does not change endpoints");
      }
    }
  }

  private Trigger route53(String eventName, JsonNode detail) {
    if (!eventName.equals("ChangeResourceRecordSets")) {
      return new Trigger.Ignored("Route 53 call " + eventName + " does not change records");
    }
    String issuer =
        detail
            .path("userIdentity")
            .path("sessionContext")
            .path("sessionIssuer")
            .path("arn")
            .asText("");
    if (selfRoleArn.isPresent() && issuer.equals(selfRoleArn.get())) {
      return new Trigger.Ignored("change made by linkdns itself (" + issuer + ")");
    }
    String field = "detail.requestParameters.hostedZoneId";
    String zone =
        firstValue(detail.path("requestParameters").path("hostedZoneId"))
            .orElseThrow(
                () -> new InvalidInputException(field, null, "missing: which zone changed"));
    if (!ZONE_ID.matcher(zone).matches()) {
      throw new InvalidInputException(field, zone, "not a hosted zone id");
    }
    return new Trigger.ZoneChanged(zone.replace("/hostedzone/", ""));
  }

  /** The endpoints of the account the event came from. */
  private static Trigger inAccount(Trigger trigger, JsonNode event, JsonNode detail) {
    if (trigger instanceof Trigger.Endpoints e) {
      return new Trigger.Endpoints(
          e.eventName(), e.endpointIds(), e.vpcHint(), account(event, detail));
    }
    return trigger;
  }

  /**
   * The account the event came from: EventBridge's {@code account}, which CloudTrail's {@code
   * recipientAccountId} and {@code userIdentity.accountId} must not contradict; an event that names
   * two accounts is refused, so it cannot have one account read and another decide.
   */
  static String account(JsonNode event, JsonNode detail) {
    Optional<String> envelope = optionalText(event, "account");
    envelope
        .filter(a -> !AwsSettings.ACCOUNT.matcher(a).matches())
        .ifPresent(
            a -> {
              throw new InvalidInputException("account", a, "an AWS account id is 12 digits");
            });
    for (String field : List.of("recipientAccountId", "userIdentity.accountId")) {
      JsonNode node =
          field.startsWith("userIdentity.")
              ? detail.path("userIdentity").path("accountId")
              : detail.path(field);
      Optional<String> named =
          node.isTextual() && !node.asText().isBlank()
              ? Optional.of(node.asText())
              : Optional.empty();
      if (named.isPresent() && envelope.isPresent() && !named.get().equals(envelope.get())) {
        throw new RefusedException(
            "detail." + field,
            named.get(),
            "names another account than the event's (account "
                + envelope.get()
                + "); an event of one account never reads or changes another's");
      }
      if (named.isPresent() && envelope.isEmpty()) {
        envelope = named;
      }
    }
    return envelope.orElse("");
  }

  private static Optional<String> optionalText(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v != null && v.isTextual() && !v.asText().isBlank()
        ? Optional.of(v.asText().trim())
        : Optional.empty();
  }

  private static String requireId(Optional<String> id, String field) {
    String v =
        id.orElseThrow(() -> new InvalidInputException(field, null, "missing: no endpoint id"));
    if (!ENDPOINT_ID.matcher(v).matches()) {
      throw new InvalidInputException(field, v, "not a VPC endpoint id (vpce-...)");
    }
    return v;
  }

  private static String requireText(JsonNode node, String key) {
    return requireText(node, key, key);
  }

  private static String requireText(JsonNode node, String key, String field) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(field, null, "missing");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new InvalidInputException(field, v.toString(), "must be a non-empty string");
    }
    return v.asText();
  }

  /**
   * Every value of an EC2 field: a string, {"content": ...}, {"item": ...} or an array of those.
   */
  static List<String> values(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  /** The items of an EC2 set: one object alone, or an array of them. */
  private static List<JsonNode> items(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(out::add);
    } else if (node.isObject()) {
      out.add(node);
    }
    return out;
  }

  private static Optional<String> firstValue(JsonNode node) {
    List<String> v = values(node);
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return;
    }
    if (node.isTextual()) {
      if (!node.asText().isBlank()) {
        out.add(node.asText().trim());
      }
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    } else if (node.isObject()) {
      if (node.has("content")) {
        collect(node.get("content"), out);
      } else if (node.has("item")) {
        collect(node.get("item"), out);
      }
    }
  }
}
