package io.linkdns.aws;

import io.linkdns.core.model.Endpoint;
import io.linkdns.core.reconcile.EndpointCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The endpoints of every account served ({@link MemberAccounts}), as the one catalog the core
 * reconciles with, seen from one account: endpoints looked up by id are looked up in that account
 * only (the account an event came from), so an event of account A naming an endpoint of account B
 * reads nothing of B; a VPC's endpoints are read in the account that owns the VPC, as a zone linked
 * to VPCs of several accounts needs to keep one owner per name; the sweep reads every account.
 */
public final class OrganisationCatalog implements EndpointCatalog {
  /**
   * The home account's key: its clients need not know its id, so a single-account install never
   * asks STS.
   */
  private static final String HOME = "";

  /**
   * The owner of a VPC no served account sees (another account's, shared through the settings):
   * read nowhere.
   */
  private static final String NOBODY = "-";

  private final MemberAccounts accounts;

  /** The account lookups by id go to; {@link #HOME} for the home account. */
  private final String asking;

  /**
   * Which account owns a VPC ({@link #NOBODY}: none served): learnt from endpoints read and from
   * DescribeVpcs; it never changes.
   */
  private final Map<String, String> owners;

  /** One catalog per account, so each keeps its own AZ name-to-ID map (it differs per account). */
  private final Map<String, Ec2EndpointCatalog> catalogs;

  /**
   * The VPCs the settings share every zone with (home VPC, {@code LINKDNS_SHARE_WITH}): a zone's
   * link to one says nothing about whose endpoints the zone holds.
   */
  private final Set<String> shareTargets;

  private OrganisationCatalog(
      MemberAccounts accounts,
      String asking,
      Map<String, String> owners,
      Map<String, Ec2EndpointCatalog> catalogs,
      Set<String> shareTargets) {
    this.accounts = accounts;
    this.asking = asking;
    this.owners = owners;
    this.catalogs = catalogs;
    this.shareTargets = shareTargets;
  }

  /** The catalog over the accounts, asking in the home account. */
  public static OrganisationCatalog of(MemberAccounts accounts, Sharing sharing) {
    Set<String> targets = new LinkedHashSet<>(sharing.hubVpcs());
    sharing.memberVpcs().forEach(m -> targets.add(m.vpc()));
    return new OrganisationCatalog(
        accounts, HOME, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), Set.copyOf(targets));
  }

  /**
   * This catalog as the given account asks it: lookups by endpoint id go to that account only. The
   * account must be served ({@link io.linkdns.core.ownership.RefusedException} otherwise, and no
   * call).
   */
  public OrganisationCatalog askedBy(String account) {
    return new OrganisationCatalog(accounts, key(account), owners, catalogs, shareTargets);
  }

  /**
   * The home account (the hub's own events, the sweep) holds every zone's endpoints; a member only
   * those of a zone linked to one of its VPCs other than a place the settings share with. Whose a
   * VPC is, is asked of the member only (DescribeVpcs there, its owner id): nothing of another
   * account is read to decide.
   */
  @Override
  public boolean holdsEndpointsOfAsker(Collection<String> networks) {
    if (accounts.single() || asking.equals(HOME)) {
      return true;
    }
    for (String vpc : networks) {
      if (shareTargets.contains(vpc)) {
        continue;
      }
      String known = owners.get(vpc); // NOBODY too: no served account, the asker included, owns it
      if (known != null) {
        if (known.equals(asking)) {
          return true;
        }
        continue;
      }
      boolean theirs = in(asking).vpcs(vpc).stream().anyMatch(v -> asking.equals(v.ownerId()));
      if (theirs) {
        learn(vpc, asking);
        return true;
      }
    }
    return false;
  }

  private String key(String account) {
    accounts.clientsIn(account); // refuses an account not served, before anything is called
    return account.equals(accounts.home()) ? HOME : account;
  }

  /** The catalog of one account's endpoints (the home account's by its id or by {@link #HOME}). */
  Ec2EndpointCatalog in(String account) {
    String key =
        account.equals(HOME) || (!accounts.single() && account.equals(accounts.home()))
            ? HOME
            : account;
    return catalogs.computeIfAbsent(
        key,
        k ->
            new Ec2EndpointCatalog(
                k.equals(HOME) ? accounts.homeClients().ec2() : accounts.ec2In(k)));
  }

  @Override
  public Optional<Endpoint> find(String endpointId) {
    Optional<Endpoint> found = in(asking).find(endpointId);
    found.ifPresent(e -> learn(e.network(), asking));
    return found;
  }

  @Override
  public Optional<String> networkOf(String endpointId) {
    Optional<String> network = in(asking).networkOf(endpointId);
    network.ifPresent(n -> learn(n, asking));
    return network;
  }

  @Override
  public Map<String, String> networksOf(Collection<String> endpointIds) {
    Map<String, String> found = in(asking).networksOf(endpointIds);
    found.values().forEach(n -> learn(n, asking));
    return found;
  }

  @Override
  public String where() {
    return in(asking).where();
  }

  /** A VPC of an account not served holds no endpoint linkdns wires: none is read there. */
  @Override
  public List<Endpoint> inNetwork(String network) {
    Optional<String> owner = owner(network);
    return owner.isEmpty() ? List.of() : in(owner.get()).inNetwork(network);
  }

  /**
   * Every served account's endpoints; one account that cannot be read fails the whole listing,
   * never shortens it.
   */
  @Override
  public List<Endpoint> all() {
    List<Endpoint> out = new ArrayList<>();
    for (String account : ordered()) {
      List<Endpoint> found = in(account).all();
      found.forEach(e -> learn(e.network(), account));
      out.addAll(found);
    }
    return List.copyOf(out);
  }

  /** Reads the home account's AZ map (SnapStart priming). */
  public void prime() {
    in(HOME).prime();
  }

  /**
   * True when the VPC is known, from what was read so far and without asking anyone, to be the
   * account's: an event's VPC hint is used only then.
   */
  public boolean knownIn(String vpc, String account) {
    if (accounts.single()) {
      return true;
    }
    String owner = owners.get(vpc);
    return owner != null && owner.equals(account.equals(accounts.home()) ? HOME : account);
  }

  private void learn(String vpc, String account) {
    if (!accounts.single()) {
      owners.merge(vpc, account, (was, now) -> was.equals(NOBODY) ? now : was);
    }
  }

  /**
   * The served account that owns the VPC: known from endpoints read, else asked of EC2 in the
   * asking account first, then the others (one DescribeVpcs each, once per VPC and container).
   */
  private Optional<String> owner(String vpc) {
    if (accounts.single()) {
      return Optional.of(HOME);
    }
    String known = owners.get(vpc);
    if (known != null) {
      return known.equals(NOBODY) ? Optional.empty() : Optional.of(known);
    }
    for (String account : ordered()) {
      List<Vpc> vpcs = in(account).vpcs(vpc);
      if (vpcs.isEmpty()) {
        continue;
      }
      // A VPC shared into the account (RAM) names its owner: read there if served, else here.
      String owner =
          vpcs.stream()
              .map(Vpc::ownerId)
              .filter(o -> o != null && accounts.serves(o))
              .findFirst()
              .map(o -> o.equals(accounts.home()) ? HOME : o)
              .orElse(account);
      owners.put(vpc, owner);
      return Optional.of(owner);
    }
    // VPC ids are never reused, so the answer holds for the container's life: a zone shared with
    // VPCs of accounts not served costs these calls once, not at every reconcile.
    owners.put(vpc, NOBODY);
    return Optional.empty();
  }

  /** The asking account, the home account, then the members in order. */
  private List<String> ordered() {
    Set<String> order = new LinkedHashSet<>();
    order.add(asking);
    order.add(HOME);
    if (!accounts.single()) {
      order.addAll(accounts.members());
    }
    return List.copyOf(order);
  }
}
