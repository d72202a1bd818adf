package io.linkdns.core.model;

/** A provider alias: the hosted zone that owns the target name, and the name. */
public record AliasTarget(String hostedZoneId, String dnsName) {
  public AliasTarget {
    dnsName = DnsName.normalize(dnsName);
  }
}
