package io.linkdns.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkdns.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Event Grid deliveries from the listed subscriptions' system topics (Event Grid schema or
 * CloudEvents 1.0, one event or an array) into {@link Trigger}s; a private endpoint's tags changed
 * through the Tags API ({@code Microsoft.Resources/tags/write}) count as a write of the endpoint.
 * Malformed events raise {@link InvalidInputException} naming the field; well-formed events linkdns
 * does not act on become a {@link Trigger.Skip} with the reason.
 */
public final class EventParser {
  public static final String WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
  public static final String DELETE_SUCCESS = "Microsoft.Resources.ResourceDeleteSuccess";
  static final String VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";
  static final String ENDPOINT_WRITE = "microsoft.network/privateendpoints/write";
  static final String ENDPOINT_DELETE = "microsoft.network/privateendpoints/delete";

  /**
   * A tag change through the Tags API ({@code az tag update}): the resource's own write event does
   * not come.
   */
  static final String TAGS_WRITE = "microsoft.resources/tags/write";

  /** The Tags API's resource under the tagged one: its events name {@code <tagged id>} + this. */
  static final String TAGS_SUFFIX = "/providers/microsoft.resources/tags/default";

  static final Set<String> MANAGED_RECORD_TYPES = Set.of("a", "aaaa", "cname", "txt");
  private static final String OID_CLAIM =
      "http://schemas.microsoft.com/identity/claims/objectidentifier";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A subscription's system topic, as Event Grid names it in {@code topic} (CloudEvents: {@code
   * source}).
   */
  private static final Pattern SUBSCRIPTION_TOPIC =
      Pattern.compile("/subscriptions/([0-9a-fA-F-]{36})", Pattern.CASE_INSENSITIVE);

  private final AzureSettings settings;

  public EventParser(AzureSettings settings) {
    this.settings = settings;
  }

  public List<Trigger> parse(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidInputException("event", body, "the delivery is empty");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("event", body, "not JSON: " + e.getOriginalMessage(), e);
    }
    List<JsonNode> events = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(events::add);
      if (events.isEmpty()) {
        throw new InvalidInputException("event", body, "an empty array holds no event");
      }
    } else if (root.isObject()) {
      events.add(root);
    } else {
      throw new InvalidInputException("event", body, "must be a JSON object or an array of them");
    }
    List<Trigger> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      out.add(one(events.size() == 1 ? "event" : "event[" + i + "]", events.get(i)));
    }
    return List.copyOf(out);
  }

  private Trigger one(String field, JsonNode event) {
    if (!event.isObject()) {
      throw new InvalidInputException(field, event.toString(), "an event must be a JSON object");
    }
    boolean cloudEvent = event.has("specversion");
    String type;
    if (cloudEvent) {
      String version = text(event, "specversion").orElse("");
      if (!version.equals("1.0")) {
        throw new InvalidInputException(
            field + ".specversion", version, "only CloudEvents 1.0 is understood");
      }
      type =
          text(event, "type")
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          field + ".type", null, "a CloudEvent needs a type"));
    } else {
      type =
          text(event, "eventType")
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          field + ".eventType",
                          null,
                          "neither an Event Grid event (eventType) nor a CloudEvent (specversion)"));
    }
    String id = text(event, "id").orElse("");
    if (type.equals(VALIDATION)) {
      return new Trigger.Skip(id, "subscription validation is answered by the Functions host");
    }
    if (!type.equals(WRITE_SUCCESS) && !type.equals(DELETE_SUCCESS)) {
      return new Trigger.Skip(id, "event type " + type + " is not handled");
    }
    if (cloudEvent && event.has("data_base64")) {
      throw new InvalidInputException(
          field + ".data_base64",
          text(event, "data_base64").orElse(""),
          "resource events carry JSON data, not base64");
    }
    JsonNode data = event.get("data");
    if (data == null || !data.isObject()) {
      throw new InvalidInputException(
          field + ".data",
          data == null ? null : data.toString(),
          "a resource event needs a data object");
    }
    String operation =
        text(data, "operationName")
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        field + ".data.operationName",
                        null,
                        "a resource event needs an operation name"));
    Optional<String> status = text(data, "status");
    if (status.isPresent() && !status.get().equalsIgnoreCase("Succeeded")) {
      return new Trigger.Skip(id, "operation " + operation + " ended " + status.get());
    }
    String op = operation.toLowerCase(Locale.ROOT);
    boolean endpointOp = op.equals(ENDPOINT_WRITE) || op.equals(ENDPOINT_DELETE);
    boolean recordOp = isRecordSetOperation(op);
    boolean tagsOp = op.equals(TAGS_WRITE);
    if (!endpointOp && !recordOp && !tagsOp) {
      return new Trigger.Skip(
          id, "operation " + operation + " is not a private endpoint or managed record set change");
    }
    String resource = resourceUri(field, event, data);
    Optional<Trigger> scopeTags = tagsOp ? tagsOfAScope(field, id, resource) : Optional.empty();
    if (scopeTags.isPresent()) {
      return scopeTags.get();
    }
    ResourceId rid =
        tagsOp
            ? tagged(field, operation, resource)
            : ResourceId.parse(field + ".data.resourceUri", resource);
    // The topic is where Event Grid says the event comes from; the resource id is what the event
    // claims.
    String topicField = field + (cloudEvent ? ".source" : ".topic");
    String topic =
        text(event, cloudEvent ? "source" : "topic")
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        topicField,
                        null,
                        "a resource event names the subscription topic it comes from"));
    Matcher from = SUBSCRIPTION_TOPIC.matcher(topic);
    if (!from.matches()) {
      return new Trigger.Refused(
          id,
          "event "
              + id
              + " comes from topic "
              + topic
              + ", not a subscription's system topic"
              + " (/subscriptions/{id}); resource "
              + resource
              + " is not read");
    }
    String subscription = from.group(1);
    if (!settings.lists(subscription)) {
      return new Trigger.Refused(
          id,
          "event "
              + id
              + " comes from subscription "
              + subscription
              + " (topic "
              + topic
              + "), which is neither AZURE_SUBSCRIPTION_ID nor in LINKDNS_SUBSCRIPTIONS; resource "
              + resource
              + " is not read");
    }
    Optional<String> claimed = text(data, "subscriptionId");
    if (!rid.subscription().equalsIgnoreCase(subscription)
        || claimed.map(c -> !c.equalsIgnoreCase(subscription)).orElse(false)) {
      return new Trigger.Refused(
          id,
          "event "
              + id
              + " from subscription "
              + subscription
              + " (topic "
              + topic
              + ") names resource "
              + resource
              + " of subscription "
              + rid.subscription()
              + claimed.map(c -> " (data.subscriptionId " + c + ")").orElse("")
              + "; an event speaks only for its own subscription");
    }
    if (recordOp && !rid.subscription().equalsIgnoreCase(settings.subscriptionId())) {
      return new Trigger.Skip(
          id,
          "resource "
              + resource
              + " is in subscription "
              + rid.subscription()
              + ", not the configured zones' subscription "
              + settings.subscriptionId());
    }
    if (tagsOp) {
      if (!rid.type().equals("microsoft.network/privateendpoints")) {
        return new Trigger.Skip(
            id, "tags of " + rid + " changed: a " + rid.type() + ", not a private endpoint");
      }
      // Read and reconciled as an endpoint write: the tags may have moved it to another domain, or
      // to none.
      return new Trigger.EndpointChanged(id, rid.canonical(), false);
    }
    if (endpointOp) {
      if (!rid.type().equals("microsoft.network/privateendpoints")) {
        throw new InvalidInputException(
            field + ".data.resourceUri",
            resource,
            "operation "
                + operation
                + " names a resource of type "
                + rid.type()
                + ", not a private endpoint");
      }
      return new Trigger.EndpointChanged(id, rid.canonical(), op.equals(ENDPOINT_DELETE));
    }
    String recordType = op.split("/")[2];
    if (!rid.type().equals("microsoft.network/privatednszones/" + recordType)
        || rid.names().size() != 2) {
      throw new InvalidInputException(
          field + ".data.resourceUri",
          resource,
          "operation "
              + operation
              + " names a resource of type "
              + rid.type()
              + ", not a "
              + recordType.toUpperCase(Locale.ROOT)
              + " record set");
    }
    if (!rid.inResourceGroup(settings.zoneResourceGroup())) {
      return new Trigger.Skip(
          id,
          "zone "
              + rid.ancestor(1)
              + " is outside the managed resource group "
              + settings.zoneResourceGroup());
    }
    Optional<String> caller = caller(data);
    if (caller.isPresent()
        && settings.principalId().map(p -> p.equalsIgnoreCase(caller.get())).orElse(false)) {
      return new Trigger.Skip(id, "record set " + resource + " was written by linkdns itself");
    }
    return new Trigger.ZoneChanged(id, rid.ancestor(1).canonical(), rid.canonical());
  }

  /**
   * A Tags API write names {@code <scope>/providers/Microsoft.Resources/tags/default}; tags of a
   * subscription or resource group (a scope with no provider below it) are nothing linkdns reads.
   * Anything else without that suffix is malformed.
   */
  private static Optional<Trigger> tagsOfAScope(String field, String id, String resource) {
    String lower = resource.toLowerCase(Locale.ROOT);
    if (!lower.endsWith(TAGS_SUFFIX)) {
      throw new InvalidInputException(
          field + ".data.resourceUri",
          resource,
          "a Microsoft.Resources/tags/write event names {resource id}/providers/Microsoft.Resources/tags/default");
    }
    String scope = lower.substring(0, lower.length() - TAGS_SUFFIX.length());
    if (SUBSCRIPTION_TOPIC.matcher(scope).matches()
        || scope.matches("/subscriptions/[0-9a-f-]{36}/resourcegroups/[^/]+")) {
      return Optional.of(
          new Trigger.Skip(
              id,
              "tags of "
                  + scope
                  + " changed: a subscription or resource group, not a private endpoint"));
    }
    return Optional.empty();
  }

  /**
   * The resource whose tags a Tags API write changed, held to the same id form as any other event's
   * resource.
   */
  private static ResourceId tagged(String field, String operation, String resource) {
    String scope = resource.substring(0, resource.length() - TAGS_SUFFIX.length());
    try {
      return ResourceId.parse(field + ".data.resourceUri", scope);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          field + ".data.resourceUri",
          resource,
          "operation "
              + operation
              + " names the tags of "
              + scope
              + ", not an Azure resource id of the form /subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}",
          e);
    }
  }

  /**
   * Record-set writes and deletes of the types a layout may use (A, AAAA, CNAME, and TXT markers
   * elsewhere).
   */
  private static boolean isRecordSetOperation(String op) {
    String[] p = op.split("/");
    return p.length == 4
        && p[0].equals("microsoft.network")
        && p[1].equals("privatednszones")
        && MANAGED_RECORD_TYPES.contains(p[2])
        && (p[3].equals("write") || p[3].equals("delete"));
  }

  /**
   * data.resourceUri, else the subject; both present must agree (case-insensitively, as ARM ids
   * do).
   */
  private static String resourceUri(String field, JsonNode event, JsonNode data) {
    Optional<String> uri = text(data, "resourceUri");
    Optional<String> subject = text(event, "subject");
    if (uri.isPresent() && subject.isPresent() && !uri.get().equalsIgnoreCase(subject.get())) {
      throw new InvalidInputException(
          field + ".subject", subject.get(), "differs from data.resourceUri " + uri.get());
    }
    return uri.or(() -> subject)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    field + ".data.resourceUri",
                    null,
                    "neither data.resourceUri nor subject names the resource"));
  }

  private static Optional<String> caller(JsonNode data) {
    JsonNode evidence = data.path("authorization").path("evidence");
    Optional<String> principal = text(evidence, "principalId");
    if (principal.isPresent()) {
      return principal;
    }
    JsonNode claims = data.path("claims");
    return text(claims, OID_CLAIM).or(() -> text(claims, "oid"));
  }

  private static Optional<String> text(JsonNode node, String key) {
    JsonNode v = node == null ? null : node.get(key);
    return v == null || !v.isTextual() || v.asText().isBlank()
        ? Optional.empty()
        : Optional.of(v.asText().trim());
  }
}
