package io.linkdns.azure;

import io.linkdns.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * An Azure Resource Manager id, taken apart by the Azure SDK's own parser and held to the strict
 * form linkdns accepts. Ids compare case-insensitively in Azure, so {@link #type()} and {@link
 * #canonical()} are lower case.
 */
public final class ResourceId {
  private final com.azure.resourcemanager.resources.fluentcore.arm.ResourceId id;

  private ResourceId(com.azure.resourcemanager.resources.fluentcore.arm.ResourceId id) {
    this.id = id;
  }

  /**
   * Parses {@code
   * /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...]}. A
   * trailing type without a name is not an id and is refused; {@code field} names where the id came
   * from.
   */
  public static ResourceId parse(String field, String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException(field, id, "an Azure resource id is required");
    }
    String trimmed = id.trim();
    com.azure.resourcemanager.resources.fluentcore.arm.ResourceId parsed = null;
    try {
      parsed = com.azure.resourcemanager.resources.fluentcore.arm.ResourceId.fromString(trimmed);
    } catch (IllegalArgumentException e) {
      // refused below with the form linkdns expects
    }
    // The SDK also takes ids without a leading slash, a resource group alone, or a trailing slash.
    if (parsed == null
        || !trimmed.startsWith("/")
        || parsed.providerNamespace() == null
        || trimmed.endsWith("/")) {
      throw new InvalidInputException(
          field,
          id,
          "not an Azure resource id of the form /subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}");
    }
    String[] parts = trimmed.substring(1).split("/", -1);
    if (parts.length < 8) { // the SDK also takes a provider namespace with no type/name under it
      throw new InvalidInputException(
          field,
          id,
          "not an Azure resource id of the form /subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}");
    }
    for (String part : parts) {
      if (part.isBlank()) {
        throw new InvalidInputException(field, id, "an Azure resource id has no empty segments");
      }
    }
    return new ResourceId(parsed);
  }

  public String subscription() {
    return id.subscriptionId();
  }

  public String resourceGroup() {
    return id.resourceGroupName();
  }

  /** The full type, e.g. {@code microsoft.network/privatednszones/a}, lower case. */
  public String type() {
    return id.fullResourceType().toLowerCase(Locale.ROOT);
  }

  /** The last name in the chain: the resource's own name. */
  public String name() {
    return id.name();
  }

  /** The names from the top-level resource down to this one. */
  public List<String> names() {
    return chain().stream()
        .map(com.azure.resourcemanager.resources.fluentcore.arm.ResourceId::name)
        .toList();
  }

  /** The id of the ancestor {@code depth} type/name pairs deep (1 = the top-level resource). */
  public ResourceId ancestor(int depth) {
    return new ResourceId(chain().get(depth - 1));
  }

  private List<com.azure.resourcemanager.resources.fluentcore.arm.ResourceId> chain() {
    List<com.azure.resourcemanager.resources.fluentcore.arm.ResourceId> out = new ArrayList<>();
    for (var r = id; r != null; r = r.parent()) {
      out.add(r);
    }
    Collections.reverse(out);
    return out;
  }

  @Override
  public String toString() {
    return id.id();
  }

  /** Lower-case form, for comparing and for keys: Azure treats ids case-insensitively. */
  public String canonical() {
    return toString().toLowerCase(Locale.ROOT);
  }

  public boolean inResourceGroup(String group) {
    return resourceGroup().equalsIgnoreCase(group);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceId other && canonical().equals(other.canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }
}
