package io.linkdns.aws;

import io.linkdns.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the operator wants linkdns's zones resolvable besides their endpoints' VPCs, from the
 * settings alone: the hub account's home VPC (LINKDNS_HOME_VPC; zones for other accounts' endpoints
 * are created with it, since Route 53 creates a private zone only with a VPC of the creating
 * account), and LINKDNS_SHARE_WITH: VPCs of the hub, VPCs of member accounts and Route 53 Profiles
 * the hub owns. No tag, event or queue message adds to it.
 */
public record Sharing(
    Optional<String> homeVpc,
    List<String> vpcs,
    List<MemberVpc> memberVpcs,
    List<String> profiles) {
  public static final String HOME_VPC = "LINKDNS_HOME_VPC";
  public static final String SHARE_WITH = "LINKDNS_SHARE_WITH";

  /** Nothing shared: single-account installations, as before. */
  public static final Sharing NONE = new Sharing(Optional.empty(), List.of(), List.of(), List.of());

  private static final Pattern VPC = Pattern.compile("vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern PROFILE = Pattern.compile("rp-[0-9a-z]{8,32}");

  /**
   * A VPC of a member account: the account associates it, through the role the hub assumes there.
   */
  public record MemberVpc(String account, String vpc) {
    @Override
    public String toString() {
      return account + ":" + vpc;
    }
  }

  public Sharing {
    vpcs = List.copyOf(vpcs);
    memberVpcs = List.copyOf(memberVpcs);
    profiles = List.copyOf(profiles);
  }

  /** The hub VPCs every zone is associated with: the home VPC first, then those listed. */
  public List<String> hubVpcs() {
    Set<String> all = new LinkedHashSet<>();
    homeVpc.ifPresent(all::add);
    all.addAll(vpcs);
    return List.copyOf(all);
  }

  /**
   * Reads the two settings, strictly: an element that is not a VPC id, an {@code <account>:vpc-…}
   * pair or a profile id, an empty element or one listed twice is an {@link InvalidInputException}
   * naming the variable and the element. The one place the environment is read, so it moves with
   * the other settings.
   */
  public static Sharing fromEnvironment(Map<String, String> env) {
    Optional<String> home =
        Optional.ofNullable(env.get(HOME_VPC)).map(String::trim).filter(v -> !v.isEmpty());
    home.ifPresent(
        v -> {
          if (!VPC.matcher(v).matches()) {
            throw new InvalidInputException(
                HOME_VPC, v, "not a VPC id (vpc- and 8 or 17 hex digits)");
          }
        });
    String raw = Optional.ofNullable(env.get(SHARE_WITH)).orElse("").trim();
    List<String> vpcs = new ArrayList<>();
    List<MemberVpc> members = new ArrayList<>();
    List<String> profiles = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (!raw.isEmpty()) {
      for (String part : raw.split(",", -1)) {
        String element = part.trim();
        if (element.isEmpty()) {
          throw new InvalidInputException(
              SHARE_WITH,
              raw,
              "has an empty element; list vpc-…, <account>:vpc-… or rp-… separated by commas");
        }
        if (!seen.add(element)) {
          throw new InvalidInputException(SHARE_WITH, element, "is listed twice");
        }
        if (VPC.matcher(element).matches()) {
          vpcs.add(element);
        } else if (PROFILE.matcher(element).matches()) {
          profiles.add(element);
        } else if (element.indexOf(':') > 0
            && ACCOUNT.matcher(element.substring(0, element.indexOf(':'))).matches()
            && VPC.matcher(element.substring(element.indexOf(':') + 1)).matches()) {
          members.add(
              new MemberVpc(
                  element.substring(0, element.indexOf(':')),
                  element.substring(element.indexOf(':') + 1)));
        } else {
          throw new InvalidInputException(
              SHARE_WITH,
              element,
              "is neither a hub VPC (vpc-…), a member account's VPC (<12-digit account>:vpc-…) nor a Route 53 Profile (rp-…)");
        }
      }
    }
    Set<String> vpcIds = new LinkedHashSet<>(vpcs);
    for (MemberVpc m : members) {
      if (!vpcIds.add(m.vpc())) {
        throw new InvalidInputException(
            SHARE_WITH, m.toString(), "names VPC " + m.vpc() + " a second time");
      }
    }
    if (home.isPresent() && members.stream().anyMatch(m -> m.vpc().equals(home.get()))) {
      throw new InvalidInputException(
          SHARE_WITH,
          home.get(),
          "names the home VPC as a member account's; " + HOME_VPC + " is a VPC of the hub account");
    }
    return new Sharing(home, vpcs, members, profiles);
  }
}
