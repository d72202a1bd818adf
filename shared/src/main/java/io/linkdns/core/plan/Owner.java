package io.linkdns.core.plan;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who a record set belongs to: the linkdns installation (owner id), the layout that asked for it,
 * and the endpoints behind its values. Stored beside the record (a TXT marker on Route 53, record
 * set metadata on Azure) and parsed back from {@link #text()}.
 */
public record Owner(String ownerId, String layout, SortedSet<String> endpoints) {
  public static final String HERITAGE = "heritage=linkdns";

  public Owner {
    endpoints = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(endpoints));
  }

  public static Owner of(String ownerId, String layout, java.util.Collection<String> endpoints) {
    return new Owner(ownerId, layout, new TreeSet<>(endpoints));
  }

  /** One-line form: {@code heritage=linkdns,owner=<id>,layout=<name>,endpoints=<id>|<id>}. */
  public String text() {
    return HERITAGE + ",owner=" + ownerId + ",layout=" + layout + ",endpoints=" + String.join("|", endpoints);
  }

  /**
   * The marker split into strings of at most {@code maxLength} characters (a DNS TXT string holds
   * 255), each a complete {@code key=value} run so a reader can simply join them with ','.
   */
  public List<String> strings(int maxLength) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder head = new StringBuilder(HERITAGE + ",owner=" + ownerId + ",layout=" + layout);
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
  public static Optional<Owner> parse(List<String> strings) {
    // The whole first field must be ours: "heritage=linkdns-fork,..." belongs to someone else.
    if (strings.isEmpty() || !strings.get(0).split(",", 2)[0].equals(HERITAGE)) {
      return Optional.empty();
    }
    String owner = null;
    String layout = "";
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
          case "endpoints" -> {
            String list = v.startsWith("+") ? v.substring(1) : v;
            for (String id : list.split("\\|")) {
              if (!id.isBlank()) {
                endpoints.add(id);
              }
            }
          }
          default -> { }
        }
      }
    }
    if (owner == null || owner.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Owner(owner, layout, endpoints));
  }

  public static Optional<Owner> parse(String text) {
    return parse(List.of(text));
  }
}
