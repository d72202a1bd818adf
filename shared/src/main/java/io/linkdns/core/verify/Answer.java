package io.linkdns.core.verify;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a DNS server says about one name, reduced to what a client acts on: the outcome, the CNAME
 * chain it followed inside the answer, and the addresses at the end of it.
 */
record Answer(Status status, List<String> chain, List<String> addresses) {

  /** How the query ended. */
  enum Status {
    /** Records (addresses and/or a CNAME) were returned. */
    DATA,
    /** The name exists but has no record of the asked type. */
    NODATA,
    NXDOMAIN,
    REFUSED,
    SERVFAIL,
    /** Any other response code. */
    FAILED,
    /** No response within the timeout, over UDP or TCP. */
    NO_RESPONSE
  }

  Answer {
    chain = List.copyOf(chain);
    addresses = addresses.stream().sorted().distinct().collect(Collectors.toUnmodifiableList());
  }

  static Answer of(Status status) {
    return new Answer(status, List.of(), List.of());
  }

  /** True when a client would stop without an address or alias: the name failed or is empty. */
  boolean failed() {
    return status != Status.DATA;
  }

  /** Every name and address the answer mentions. */
  List<String> values() {
    List<String> all = new java.util.ArrayList<>(chain);
    all.addAll(addresses);
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    if (status != Status.DATA) {
      return status.name();
    }
    StringBuilder s = new StringBuilder();
    for (String c : chain) {
      s.append(s.length() == 0 ? "" : " -> ").append("CNAME ").append(c);
    }
    if (!addresses.isEmpty()) {
      s.append(s.length() == 0 ? "" : " -> ").append("A ").append(String.join(" ", addresses));
    }
    return s.toString();
  }
}
