package io.linkdns.core.ownership;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who a record set belongs to: the linkdns installation (owner id), the layout that asked for it,
 * the endpoints behind its values, and a keyed seal over the record it was written for (see {@link
 * SealKey}; a record whose values someone replaced, or a marker someone else wrote, carries no
 * valid seal). {@code sum} is the unkeyed checksum earlier versions wrote: still parsed, never
 * written, and it vouches for nothing (anyone can compute it). Stored beside the record (a TXT
 * marker on Route 53, record set metadata on Azure) and parsed back from {@link #text()}.
 */
public record OwnerMarker(
    String ownerId,
    String layout,
    SortedSet<String> endpoints,
    Optional<String> sum,
    Optional<String> seal) {
  public static final String HERITAGE = "heritage=linkdns";

  public OwnerMarker {
    endpoints = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(endpoints));
  }

  public OwnerMarker(
      String ownerId, String layout, SortedSet<String> endpoints, Optional<String> sum) {
    this(ownerId, layout, endpoints, sum, Optional.empty());
  }

  public OwnerMarker(String ownerId, String layout, SortedSet<String> endpoints) {
    this(ownerId, layout, endpoints, Optional.empty(), Optional.empty());
  }

  public static OwnerMarker of(
      String ownerId, String layout, java.util.Collection<String> endpoints) {
    return new OwnerMarker(ownerId, layout, new TreeSet<>(endpoints));
  }

  /** The same owner sealed by this key for exactly this record (no seal without a key). */
  public OwnerMarker sealedWith(SealKey key, io.linkdns.core.model.RecordSet record) {
    OwnerMarker bare = new OwnerMarker(ownerId, layout, endpoints);
    return new OwnerMarker(ownerId, layout, endpoints, Optional.empty(), key.seal(bare, record));
  }

  /**
   * The marker an earlier version wrote: the unkeyed checksum of these values. Kept so tests and
   * upgrades can produce one; it vouches for nothing now.
   */
  public OwnerMarker sealing(io.linkdns.core.model.RecordSet record) {
    return new OwnerMarker(
        ownerId, layout, endpoints, Optional.of(sumOf(record)), Optional.empty());
  }

  /**
   * First 16 hex digits of SHA-256 over the type and the sorted, normalised values (or alias
   * target).
   */
  public static String sumOf(io.linkdns.core.model.RecordSet record) {
    List<String> values = new java.util.ArrayList<>();
    if (record.data() instanceof io.linkdns.core.model.RecordData.Alias a) {
      values.add("alias:" + io.linkdns.core.model.DnsName.normalize(a.target().dnsName()));
    } else {
      ((io.linkdns.core.model.RecordData.Values) record.data())
          .values()
          .forEach(v -> values.add(io.linkdns.core.model.DnsName.normalize(v)));
    }
    java.util.Collections.sort(values);
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  (record.type() + "\n" + String.join("\n", values))
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * One-line form: {@code
   * heritage=linkdns,owner=<id>,layout=<name>[,sum=<hex>][,seal=<hex>],endpoints=<id>|<id>}.
   */
  public String text() {
    return head() + ",endpoints=" + String.join("|", endpoints);
  }

  private String head() {
    return HERITAGE
        + ",owner="
        + ownerId
        + ",layout="
        + layout
        + sum.map(s -> ",sum=" + s).orElse("")
        + seal.map(s -> ",seal=" + s).orElse("");
  }

  /**
   * The marker split into strings of at most {@code maxLength} characters (a DNS TXT string holds
   * 255), each a complete {@code key=value} run so a reader can simply join them with ','.
   */
  public List<String> strings(int maxLength) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder head = new StringBuilder(head());
    out.add(head.toString());
    StringBuilder cur = new StringBuilder("endpoints=");
    boolean any = false;
    for (String e : endpoints) {
      String piece = (any ? "|" : "") + e;
      if (cur.length() + piece.length() > maxLength && any) {
        out.add(cur.toString());
        cur = new StringBuilder("endpoints=+" + e);
      } else {
        cur.append(piece);
      }
      any = true;
    }
    out.add(cur.toString());
    return List.copyOf(out);
  }

  /** Parses a marker from its strings; empty when they are not a linkdns marker. */
  public static Optional<OwnerMarker> parse(List<String> strings) {
    // The whole first field must be ours: "heritage=linkdns-fork,..." belongs to someone else.
    if (strings.isEmpty() || !strings.get(0).split(",", 2)[0].equals(HERITAGE)) {
      return Optional.empty();
    }
    String owner = null;
    String layout = "";
    String sum = null;
    String seal = null;
    TreeSet<String> endpoints = new TreeSet<>();
    for (String s : strings) {
      for (String kv : s.split(",")) {
        int eq = kv.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String k = kv.substring(0, eq);
        String v = kv.substring(eq + 1);
        switch (k) {
          case "owner" -> owner = v;
          case "layout" -> layout = v;
          case "sum" -> sum = v.matches("[0-9a-f]{16}") ? v : null;
          case "seal" -> seal = v.matches("[0-9a-f]{32}") ? v : null;
          case "endpoints" -> {
            String list = v.startsWith("+") ? v.substring(1) : v;
            for (String id : list.split("\\|")) {
              if (!id.isBlank()) {
                endpoints.add(id);
              }
            }
          }
          default -> {}
        }
      }
    }
    if (owner == null || owner.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new OwnerMarker(
            owner, layout, endpoints, Optional.ofNullable(sum), Optional.ofNullable(seal)));
  }

  public static Optional<OwnerMarker> parse(String text) {
    return parse(List.of(text));
  }
}
