package io.linkdns.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.privatedns.PrivateDnsZoneManager;
import io.linkdns.core.DeadlineExceededException;
import io.linkdns.core.Lazy;
import io.linkdns.core.confluent.ConfluentAuthority;
import io.linkdns.core.confluent.ListingCache;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.ownership.Authority;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.reconcile.Reconciler;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The function's composition root: settings, the two Azure adapters on the SDK's resource managers,
 * and the shared reconciler. Built once per process.
 */
public record AzureWiring(
    AzureSettings settings,
    AzureEndpointCatalog catalog,
    AzurePrivateDnsZones zones,
    Reconciler reconciler,
    EventParser events,
    DomainResolver resolver,
    Optional<ConfluentAuthority> confluent) {

  /**
   * Throttling (429) and 5xx are retried here, in the SDK pipeline, with jittered backoff; a 429
   * waits what the answer asks ({@code x-ms-retry-after-ms}, {@code retry-after-ms}, or {@code
   * Retry-After} in seconds or as an HTTP date: the SDK's well-known headers, which a fixed header
   * name and unit would not parse as a date). A call refused for its deadline (by {@link ArmPacer})
   * is not retried.
   */
  static RetryPolicy retryPolicy() {
    return new RetryPolicy(
        new UntilDeadline(
            new ExponentialBackoff(5, Duration.ofMillis(500), Duration.ofSeconds(30))));
  }

  /** The SDK's backoff, except that a call out of time is never tried again. */
  private record UntilDeadline(RetryStrategy backoff) implements RetryStrategy {
    @Override
    public int getMaxRetries() {
      return backoff.getMaxRetries();
    }

    @Override
    public Duration calculateRetryDelay(int retryAttempts) {
      return backoff.calculateRetryDelay(retryAttempts);
    }

    @Override
    public boolean shouldRetry(HttpResponse response) {
      return backoff.shouldRetry(response);
    }

    @Override
    public boolean shouldRetryException(Throwable throwable) {
      return !(throwable instanceof DeadlineExceededException)
          && backoff.shouldRetryException(throwable);
    }
  }

  /**
   * Production wiring: managed identity (or the developer's login, via DefaultAzureCredential) and
   * the JDK HTTP client.
   */
  public static AzureWiring fromEnvironment(Map<String, String> env) {
    AzureSettings settings = AzureSettings.fromEnvironment(env);
    TokenCredential credential =
        settings
            .clientId()
            .<TokenCredential>map(id -> new ManagedIdentityCredentialBuilder().clientId(id).build())
            .orElseGet(
                () -> {
                  DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
                  settings.tenantId().ifPresent(b::tenantId);
                  return b.build();
                });
    return connect(settings, credential, new JdkHttpClientBuilder().build());
  }

  /** Wires everything on a given credential and HTTP client (tests pass an ARM fake's). */
  public static AzureWiring connect(
      AzureSettings settings, TokenCredential credential, HttpClient http) {
    AzureProfile profile =
        new AzureProfile(
            settings.tenantId().orElse(null), settings.subscriptionId(), environment(settings));
    // One pacer for every manager: ARM counts a subscription's calls together, whichever client
    // sends them
    // (the pacer keeps a bucket per subscription).
    ArmPacer pacer = new ArmPacer();
    // The SDK's managers are per subscription: one Network client per listed subscription, made
    // when first read.
    Map<String, Supplier<NetworkManagementClient>> networks = new LinkedHashMap<>();
    for (String subscription : settings.subscriptions()) {
      AzureProfile in =
          new AzureProfile(settings.tenantId().orElse(null), subscription, environment(settings));
      networks.put(
          subscription,
          Lazy.of(
              () ->
                  NetworkManager.configure()
                      .withHttpClient(http)
                      .withPolicy(new DeadlinePolicy())
                      .withPolicy(pacer)
                      .withRetryPolicy(retryPolicy())
                      .authenticate(credential, in)
                      .serviceClient()));
    }
    PrivateDnsZoneManager dns =
        PrivateDnsZoneManager.configure()
            .withHttpClient(http)
            .withPolicy(new DeadlinePolicy())
            .withPolicy(pacer)
            .withRetryPolicy(retryPolicy())
            .authenticate(credential, profile);
    AzureEndpointCatalog catalog = new AzureEndpointCatalog(networks);
    AzurePrivateDnsZones zones =
        new AzurePrivateDnsZones(
            dns.serviceClient(),
            settings.subscriptionId(),
            settings.zoneResourceGroup(),
            settings.core().options().ownership(),
            settings.linkVnets());
    Optional<ConfluentAuthority> confluent =
        settings
            .confluent()
            .map(
                c ->
                    new ConfluentAuthority(
                        ListingCache.of(c, new KeyVaultSecrets(credential, http))));
    DomainResolver resolver =
        settings
            .core()
            .resolver(
                TagKeys.AZURE,
                Layouts.CONFLUENT_AZURE_ENTERPRISE,
                confluent.<Authority>map(a -> a).orElse(Authority.NONE));
    // LINKDNS_SEAL_KEY_SECRET is a Key Vault secret URI, or (App Service resolved the Key Vault
    // reference) the key itself.
    KeyVaultSecrets vault = new KeyVaultSecrets(credential, http);
    SealKey sealKey =
        settings
            .sealKey()
            .resolve(
                name ->
                    name.startsWith("https://") || name.startsWith("@Microsoft.KeyVault")
                        ? vault.read(name)
                        : name);
    if (!sealKey.present()) {
      java.util.logging.Logger.getLogger("linkdns")
          .warning(
              "no seal key configured (LINKDNS_SEAL_KEY_SECRET); owner markers"
                  + " are not sealed and only endpoints' own names and addresses vouch for records");
    }
    Reconciler reconciler =
        new Reconciler(catalog, zones, resolver, settings.core().options().withSealKey(sealKey));
    return new AzureWiring(
        settings, catalog, zones, reconciler, new EventParser(settings), resolver, confluent);
  }

  private static AzureEnvironment environment(AzureSettings settings) {
    String arm = settings.armEndpoint().toString();
    if (arm.equals(AzureSettings.DEFAULT_ARM_ENDPOINT)) {
      return AzureEnvironment.AZURE;
    }
    for (AzureEnvironment known : AzureEnvironment.knownEnvironments()) {
      if (arm.equals(known.getResourceManagerEndpoint())) {
        return known;
      }
    }
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", arm);
    return new AzureEnvironment(endpoints);
  }
}
