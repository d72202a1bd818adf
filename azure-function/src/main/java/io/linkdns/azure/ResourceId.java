package io.linkdns.azure;

import io.linkdns.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An Azure Resource Manager id taken apart: subscription, resource group, provider namespace and the
 * chain of type/name pairs. Ids compare case-insensitively in Azure, so {@link #canonical()} is lower case.
 */
public record ResourceId(String subscription, String resourceGroup, String namespace, List<String> types, List<String> names) {
  public ResourceId {
    types = List.copyOf(types);
    names = List.copyOf(names);
  }

  /**
   * Parses {@code /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...]}.
   * A trailing type without a name is not an id and is refused; {@code field} names where the id came from.
   */
  public static ResourceId parse(String field, String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException(field, id, "an Azure resource id is required");
    }
    String trimmed = id.trim();
    String[] s = trimmed.startsWith("/") ? trimmed.substring(1).split("/", -1) : new String[0];
    if (s.length < 8 || !s[0].equalsIgnoreCase("subscriptions") || !s[2].equalsIgnoreCase("resourceGroups")
        || !s[4].equalsIgnoreCase("providers") || (s.length - 6) % 2 != 0) {
      throw new InvalidInputException(field, id,
          "not an Azure resource id of the form /subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}");
    }
    for (String part : s) {
      if (part.isBlank()) {
        throw new InvalidInputException(field, id, "an Azure resource id has no empty segments");
      }
    }
    List<String> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 6; i < s.length; i += 2) {
      types.add(s[i]);
      names.add(s[i + 1]);
    }
    return new ResourceId(s[1], s[3], s[5], types, names);
  }

  /** The full type, e.g. {@code microsoft.network/privatednszones/a}, lower case. */
  public String type() {
    return (namespace + "/" + String.join("/", types)).toLowerCase(Locale.ROOT);
  }

  /** The last name in the chain: the resource's own name. */
  public String name() {
    return names.get(names.size() - 1);
  }

  /** The id of the ancestor {@code depth} type/name pairs deep (1 = the top-level resource). */
  public ResourceId ancestor(int depth) {
    return new ResourceId(subscription, resourceGroup, namespace, types.subList(0, depth), names.subList(0, depth));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("/subscriptions/").append(subscription)
        .append("/resourceGroups/").append(resourceGroup)
        .append("/providers/").append(namespace);
    for (int i = 0; i < types.size(); i++) {
      b.append('/').append(types.get(i)).append('/').append(names.get(i));
    }
    return b.toString();
  }

  /** Lower-case form, for comparing and for keys: Azure treats ids case-insensitively. */
  public String canonical() {
    return toString().toLowerCase(Locale.ROOT);
  }

  public boolean inResourceGroup(String group) {
    return resourceGroup.equalsIgnoreCase(group);
  }
}
