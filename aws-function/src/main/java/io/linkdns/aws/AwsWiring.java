package io.linkdns.aws;

import io.linkdns.core.config.Settings;
import io.linkdns.core.confluent.ConfluentAuthority;
import io.linkdns.core.confluent.ListingCache;
import io.linkdns.core.confluent.SecretSource;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.ownership.Authority;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.ownership.TagKeys;
import io.linkdns.core.plan.Planner;
import io.linkdns.core.reconcile.Reconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS adapters and settings wired together once; the handler and the command line both start
 * here. The catalog reads every account served ({@link MemberAccounts}); Route 53 is the home
 * account's.
 */
public record AwsWiring(
    AwsSettings aws,
    MemberAccounts accounts,
    OrganisationCatalog catalog,
    Route53Zones zones,
    DomainResolver resolver,
    Optional<ConfluentAuthority> confluent,
    SealKey sealKey) {

  /**
   * Wires the adapters from the environment's settings (see {@link AwsSettings}) over the given
   * clients.
   */
  public static AwsWiring of(Map<String, String> env, AwsClients clients, Region region) {
    return of(AwsSettings.fromEnvironment(env).inRegion(region), clients);
  }

  /**
   * Wires the adapters. With the Confluent settings Confluent's API outranks tags and rules; its
   * key may sit in Secrets Manager (LINKDNS_CONFLUENT_SECRET). The key that seals owner markers
   * comes from Secrets Manager too (LINKDNS_SEAL_KEY_SECRET), or LINKDNS_SEAL_KEY. Member accounts'
   * clients are made on first use.
   */
  public static AwsWiring of(AwsSettings aws, AwsClients clients) {
    Settings settings = aws.core();
    Optional<ConfluentAuthority> confluent =
        aws.confluent()
            .map(c -> new ConfluentAuthority(ListingCache.of(c, secretsManager(clients))));
    MemberAccounts accounts = MemberAccounts.of(aws, clients);
    Sharing sharing = aws.sharing();
    // Zones live in the home account; a member's VPC is associated through that member's role.
    Route53Zones zones =
        new Route53Zones(
            clients.route53(),
            aws.region().id(),
            settings.options().ownership(),
            sharing,
            accounts::route53In,
            sharing.profiles().isEmpty() ? Optional.empty() : Optional.of(clients.profiles().get()),
            accounts::home);
    return new AwsWiring(
        aws,
        accounts,
        OrganisationCatalog.of(accounts, sharing),
        zones,
        settings.resolver(
            TagKeys.AWS,
            Layouts.CONFLUENT_AWS_ENTERPRISE,
            confluent.<Authority>map(a -> a).orElse(Authority.NONE)),
        confluent,
        aws.sealKey().resolve(secretsManager(clients)));
  }

  /** The shared settings. */
  public Settings settings() {
    return aws.core();
  }

  /** The reconciler's options: the settings' plus the installation's seal key. */
  public Reconciler.Options options() {
    return settings().options().withSealKey(sealKey);
  }

  private static SecretSource secretsManager(AwsClients clients) {
    return name -> clients.secrets().get().getSecretValue(r -> r.secretId(name)).secretString();
  }

  /**
   * The reconciler over every account served, looking endpoints up by id in the home account
   * (sweep, zones, command line).
   */
  public Reconciler reconciler(boolean dryRun) {
    return new Reconciler(catalog, zones, resolver, options().withDryRun(dryRun));
  }

  /**
   * The reconciler for an event of the account: endpoints named by id are looked up in that account
   * only. {@link io.linkdns.core.ownership.RefusedException} for an account not served, before any
   * call.
   */
  public Reconciler reconcilerFor(String account) {
    return new Reconciler(catalog.askedBy(account), zones, resolver, options())
        .asking("account " + account);
  }

  /**
   * Warms the container before a SnapStart snapshot: reads the account's AZ name-to-ID map (fixed
   * per account and region) and makes one read-only Route 53 call, so the first invocation after a
   * restore skips that work and class loading. Priming never fails initialisation.
   */
  public List<String> prime() {
    List<String> problems = new ArrayList<>();
    try {
      catalog.prime();
    } catch (RuntimeException e) {
      problems.add("EC2: " + e.getMessage());
    }
    try {
      zones.prime();
    } catch (RuntimeException e) {
      problems.add("Route 53: " + e.getMessage());
    }
    return List.copyOf(problems);
  }

  /** Live endpoints of the network bound to the domain, as the planner sees them (for verify). */
  public List<Planner.Bound> live(String domain, String network) {
    return reconciler(true).live(domain, catalog.inNetwork(network));
  }
}
