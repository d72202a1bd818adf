package io.linkdns.azure;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.config.Settings;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.confluent.ConfluentSettings;
import io.linkdns.core.layout.Layouts;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure function's configuration: the shared settings (see {@link Settings}) plus
 *
 * <ul>
 *   <li>{@code AZURE_SUBSCRIPTION_ID} (required): the subscription whose endpoints and zones are managed;
 *   <li>{@code LINKDNS_ZONE_RESOURCE_GROUP} (required): the resource group holding the private DNS zones;
 *   <li>{@code AZURE_TENANT_ID}: the tenant, when the credential needs it;
 *   <li>{@code AZURE_CLIENT_ID}: client id of a user-assigned managed identity (system-assigned when unset);
 *   <li>{@code LINKDNS_PRINCIPAL_ID}: object id of the function's own identity; record-set events it caused
 *       are skipped instead of re-reconciled;
 *   <li>{@code LINKDNS_ARM_ENDPOINT} (default {@code https://management.azure.com/}): Resource Manager
 *       endpoint, for sovereign clouds;
 *   <li>{@code LINKDNS_SWEEP_SCHEDULE}: the timer's NCRONTAB expression, read by the Functions host;
 *   <li>the Confluent Cloud API settings ({@link ConfluentSettings}); {@code LINKDNS_CONFLUENT_SECRET} is a
 *       Key Vault reference App Service resolves, or a Key Vault secret URI the function reads itself.
 * </ul>
 */
public record AzureSettings(
    Settings core,
    String subscriptionId,
    String zoneResourceGroup,
    Optional<String> tenantId,
    Optional<String> clientId,
    Optional<String> principalId,
    URI armEndpoint,
    Optional<ConfluentSettings> confluent,
    SealKey.Source sealKey) {

  public static final String DEFAULT_ARM_ENDPOINT = "https://management.azure.com/";

  public static AzureSettings fromEnvironment(Map<String, String> env) {
    Settings core = Settings.fromEnvironment(env, Layouts.CONFLUENT_AZURE_DEDICATED);
    String subscription = require(env, "AZURE_SUBSCRIPTION_ID");
    if (!subscription.matches("[0-9A-Za-z-]{1,64}")) {
      throw new InvalidInputException("AZURE_SUBSCRIPTION_ID", subscription, "must be a subscription id (a GUID)");
    }
    String group = require(env, "LINKDNS_ZONE_RESOURCE_GROUP");
    if (!group.matches("[-\\w._()]{1,90}") || group.endsWith(".")) {
      throw new InvalidInputException("LINKDNS_ZONE_RESOURCE_GROUP", group, "not a valid resource group name");
    }
    String endpoint = Settings.value(env, "LINKDNS_ARM_ENDPOINT").orElse(DEFAULT_ARM_ENDPOINT);
    URI arm;
    try {
      arm = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("LINKDNS_ARM_ENDPOINT", endpoint, "not a URL", e);
    }
    if (!"https".equalsIgnoreCase(arm.getScheme()) || arm.getHost() == null) {
      throw new InvalidInputException("LINKDNS_ARM_ENDPOINT", endpoint, "must be an https:// URL (bearer tokens are never sent over plain HTTP)");
    }
    return new AzureSettings(core, subscription, group,
        Settings.value(env, "AZURE_TENANT_ID"),
        Settings.value(env, "AZURE_CLIENT_ID"),
        Settings.value(env, "LINKDNS_PRINCIPAL_ID"),
        arm,
        ConfluentSettings.fromEnvironment(env),
        SealKey.Source.fromEnvironment(env));
  }

  private static String require(Map<String, String> env, String name) {
    return Settings.value(env, name).orElseThrow(() -> new InvalidInputException(name, null, "required"));
  }
}
