package io.linkdns.aws;

import io.linkdns.core.config.Settings;
import io.linkdns.core.confluent.ConfluentAuthority;
import io.linkdns.core.confluent.ConfluentSettings;
import io.linkdns.core.confluent.ListingCache;
import io.linkdns.core.confluent.SecretSource;
import io.linkdns.core.ownership.Authority;
import io.linkdns.core.layout.Layouts;
import io.linkdns.core.plan.Planner;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.reconcile.Reconciler;
import io.linkdns.core.ownership.DomainResolver;
import io.linkdns.core.ownership.TagKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import io.linkdns.core.Lazy;
import io.linkdns.core.ownership.RefusedException;
import io.linkdns.core.InvalidInputException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.regions.Region;

/** The AWS adapters and settings wired together once; the handler and the command line both start here. */
public record AwsWiring(Settings settings, Ec2EndpointCatalog catalog, Route53Zones zones, DomainResolver resolver,
    Optional<ConfluentAuthority> confluent, SealKey sealKey) {

  /**
   * Wires the adapters from the environment. With the Confluent settings (see {@link ConfluentSettings})
   * Confluent's API outranks tags and rules; its key may sit in Secrets Manager (LINKDNS_CONFLUENT_SECRET).
   * The key that seals owner markers comes from Secrets Manager too (LINKDNS_SEAL_KEY_SECRET), or
   * LINKDNS_SEAL_KEY.
   */
  public static AwsWiring of(Map<String, String> env, AwsClients clients, Region region) {
    return of(env, clients, region, account -> {
      throw new RefusedException("account", account, "is a member account, and this installation has no role to act in it");
    });
  }

  /**
   * @param members Route 53 acting in a member account, by account id (the spoke role's), for zones
   *     shared with that account's VPCs
   */
  public static AwsWiring of(Map<String, String> env, AwsClients clients, Region region,
      Function<String, Route53Client> members) {
    Settings settings = Settings.fromEnvironment(env, Layouts.CONFLUENT_AWS_DEDICATED);
    Optional<ConfluentAuthority> confluent = ConfluentSettings.fromEnvironment(env)
        .map(c -> new ConfluentAuthority(ListingCache.of(c, secretsManager(clients))));
    return new AwsWiring(settings,
        new Ec2EndpointCatalog(clients.ec2()),
        zones(env, clients, region, settings, members),
        settings.resolver(TagKeys.AWS, Layouts.CONFLUENT_AWS_ENTERPRISE, confluent.<Authority>map(a -> a).orElse(Authority.NONE)),
        confluent,
        SealKey.fromEnvironment(env, secretsManager(clients)));
  }

  private static Route53Zones zones(Map<String, String> env, AwsClients clients, Region region, Settings settings,
      Function<String, Route53Client> members) {
    Sharing sharing = Sharing.fromEnvironment(env);
    // The hub's own account is the home VPC's owner: read once, only when a member's endpoint needs a zone.
    Supplier<String> hub = Lazy.of(() -> sharing.homeVpc().map(v -> {
      try {
        return clients.ec2().describeVpcs(r -> r.vpcIds(v)).vpcs().stream().findFirst().map(Vpc::ownerId)
            .orElseThrow(() -> new InvalidInputException(Sharing.HOME_VPC, v, "is not a VPC of this account in " + region.id()));
      } catch (Ec2Exception e) {
        throw new InvalidInputException(Sharing.HOME_VPC, v, "is not a VPC of this account in " + region.id() + ": "
            + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), e);
      }
    }).orElse(""));
    return new Route53Zones(clients.route53(), region.id(), settings.options().ownership(), sharing, members,
        sharing.profiles().isEmpty() ? Optional.empty() : Optional.of(clients.profiles().get()), hub);
  }

  /** The reconciler's options: the settings' plus the installation's seal key. */
  public Reconciler.Options options() {
    return settings.options().withSealKey(sealKey);
  }

  private static SecretSource secretsManager(AwsClients clients) {
    return name -> clients.secrets().get().getSecretValue(r -> r.secretId(name)).secretString();
  }

  public Reconciler reconciler(boolean dryRun) {
    return new Reconciler(catalog, zones, resolver, options().withDryRun(dryRun));
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
