package io.linkdns.core.verify;

/**
 * One name the verifier asked, what the endpoints say a correct server answers, what the server
 * answered, and in plain words what that means.
 */
public record Finding(Kind kind, String name, String expected, String answered, String message) {

  /** What was found; everything but {@link #OK} and {@link #UNCHECKED} is a problem. */
  public enum Kind {
    /** The answer is what the endpoints call for. */
    OK,
    /**
     * The answer could not be judged from here (an alias whose target addresses are unknown, a name
     * outside the zone).
     */
    UNCHECKED,
    /** A zonal broker name answered the wildcard, or nothing, where a zonal record was expected. */
    MISSING_ZONAL_RECORD,
    /** A record is named with an AZ name (us-east-2a) where the AZ ID (use2-az1) belongs. */
    AZ_NAME_INSTEAD_OF_ID,
    /**
     * The resolver does not serve the zone: it is not associated with the VPC/VNet, or not served
     * at all.
     */
    ZONE_NOT_VISIBLE,
    /** An answer points at a name or address no live endpoint of the domain has. */
    STALE_TARGET,
    /** Any other difference between the answer and what the endpoints call for. */
    WRONG_ANSWER;

    public boolean problem() {
      return this != OK && this != UNCHECKED;
    }
  }

  public boolean problem() {
    return kind.problem();
  }

  @Override
  public String toString() {
    return kind + " " + name + ": " + message;
  }
}
