package io.linkdns.azure;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.config.Settings;
import io.linkdns.core.confluent.ConfluentSettings;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.ownership.SealKey;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Azure function's configuration: the shared settings (see {@link Settings}) plus
 *
 * <ul>
 *   <li>{@code AZURE_SUBSCRIPTION_ID} (required): the subscription holding the zones (the
 *       connectivity subscription), whose endpoints are managed too;
 *   <li>{@code LINKDNS_ZONE_RESOURCE_GROUP} (required): the resource group holding the private DNS
 *       zones;
 *   <li>{@code LINKDNS_SUBSCRIPTIONS}: comma list of further subscription ids whose private
 *       endpoints are wired (their zones still go to the zones' subscription); events from any
 *       other are refused;
 *   <li>{@code LINKDNS_LINK_VNETS}: comma list of VNet resource ids in listed subscriptions (a hub
 *       VNet with the DNS resolver) that every zone linkdns manages is linked to, besides the
 *       endpoint's VNet;
 *   <li>{@code AZURE_TENANT_ID}: the tenant, when the credential needs it;
 *   <li>{@code AZURE_CLIENT_ID}: client id of a user-assigned managed identity (system-assigned
 *       when unset);
 *   <li>{@code LINKDNS_PRINCIPAL_ID}: object id of the function's own identity; record-set events
 *       it caused are skipped instead of re-reconciled;
 *   <li>{@code LINKDNS_ARM_ENDPOINT} (default {@code https://management.azure.com/}): Resource
 *       Manager endpoint, for sovereign clouds;
 *   <li>{@code LINKDNS_SWEEP_SCHEDULE}: the timer's NCRONTAB expression, read by the Functions
 *       host;
 *   <li>the Confluent Cloud API settings ({@link ConfluentSettings}); {@code
 *       LINKDNS_CONFLUENT_SECRET} is a Key Vault reference App Service resolves, or a Key Vault
 *       secret URI the function reads itself.
 * </ul>
 */
public record AzureSettings(
    Settings core,
    String subscriptionId,
    List<String> subscriptions,
    String zoneResourceGroup,
    List<String> linkVnets,
    Optional<String> tenantId,
    Optional<String> clientId,
    Optional<String> principalId,
    URI armEndpoint,
    Optional<ConfluentSettings> confluent,
    SealKey.Source sealKey) {

  public static final String DEFAULT_ARM_ENDPOINT = "https://management.azure.com/";
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public AzureSettings {
    subscriptions = List.copyOf(subscriptions);
    linkVnets = List.copyOf(linkVnets);
  }

  /** True when endpoints of this subscription are wired (ids compare without case, as ARM's do). */
  public boolean lists(String subscription) {
    return subscriptions.contains(subscription.toLowerCase(Locale.ROOT));
  }

  public static AzureSettings fromEnvironment(Map<String, String> env) {
    Settings core = Settings.fromEnvironment(env, Layouts.CONFLUENT_AZURE_DEDICATED);
    String subscription = require(env, "AZURE_SUBSCRIPTION_ID");
    if (!subscription.matches("[0-9A-Za-z-]{1,64}")) {
      throw new InvalidInputException(
          "AZURE_SUBSCRIPTION_ID", subscription, "must be a subscription id (a GUID)");
    }
    List<String> subscriptions = subscriptions(env, subscription);
    List<String> linkVnets = linkVnets(env, subscriptions);
    String group = require(env, "LINKDNS_ZONE_RESOURCE_GROUP");
    if (!group.matches("[-\\w._()]{1,90}") || group.endsWith(".")) {
      throw new InvalidInputException(
          "LINKDNS_ZONE_RESOURCE_GROUP", group, "not a valid resource group name");
    }
    String endpoint = Settings.value(env, "LINKDNS_ARM_ENDPOINT").orElse(DEFAULT_ARM_ENDPOINT);
    URI arm;
    try {
      arm = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("LINKDNS_ARM_ENDPOINT", endpoint, "not a URL", e);
    }
    if (!"https".equalsIgnoreCase(arm.getScheme()) || arm.getHost() == null) {
      throw new InvalidInputException(
          "LINKDNS_ARM_ENDPOINT",
          endpoint,
          "must be an https:// URL (bearer tokens are never sent over plain HTTP)");
    }
    return new AzureSettings(
        core,
        subscription,
        subscriptions,
        group,
        linkVnets,
        Settings.value(env, "AZURE_TENANT_ID"),
        Settings.value(env, "AZURE_CLIENT_ID"),
        Settings.value(env, "LINKDNS_PRINCIPAL_ID"),
        arm,
        ConfluentSettings.fromEnvironment(env),
        SealKey.Source.fromEnvironment(env));
  }

  /** The zones' subscription first, then LINKDNS_SUBSCRIPTIONS, each once, lower case. */
  private static List<String> subscriptions(Map<String, String> env, String zones) {
    Set<String> out = new LinkedHashSet<>();
    out.add(zones.toLowerCase(Locale.ROOT));
    List<String> listed =
        Settings.value(env, "LINKDNS_SUBSCRIPTIONS")
            .map(v -> List.of(v.split(",", -1)))
            .orElse(List.of());
    for (int i = 0; i < listed.size(); i++) {
      String s = listed.get(i).trim();
      if (!GUID.matcher(s).matches()) {
        throw new InvalidInputException(
            "LINKDNS_SUBSCRIPTIONS[" + i + "]",
            listed.get(i),
            "must be a subscription id (a GUID)");
      }
      out.add(s.toLowerCase(Locale.ROOT));
    }
    return List.copyOf(out);
  }

  /** LINKDNS_LINK_VNETS as canonical VNet ids, each in a listed subscription. */
  private static List<String> linkVnets(Map<String, String> env, List<String> subscriptions) {
    List<String> listed =
        Settings.value(env, "LINKDNS_LINK_VNETS")
            .map(v -> List.of(v.split(",", -1)))
            .orElse(List.of());
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < listed.size(); i++) {
      String field = "LINKDNS_LINK_VNETS[" + i + "]";
      ResourceId id = ResourceId.parse(field, listed.get(i));
      if (!id.type().equals("microsoft.network/virtualnetworks")) {
        throw new InvalidInputException(
            field, listed.get(i), "not a virtual network id (type " + id.type() + ")");
      }
      if (!subscriptions.contains(id.subscription().toLowerCase(Locale.ROOT))) {
        throw new InvalidInputException(
            field,
            listed.get(i),
            "is in subscription "
                + id.subscription()
                + ", which is neither AZURE_SUBSCRIPTION_ID nor in LINKDNS_SUBSCRIPTIONS");
      }
      out.add(id.canonical());
    }
    return List.copyOf(out);
  }

  private static String require(Map<String, String> env, String name) {
    return Settings.value(env, name)
        .orElseThrow(() -> new InvalidInputException(name, null, "required"));
  }
}
