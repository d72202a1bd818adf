package io.linkdns.aws;

import io.linkdns.core.model.RecordType;
import io.linkdns.core.ownership.OwnerMarker;
import io.linkdns.core.plan.ChangeCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how Route 53 keeps owner markers: a TXT record beside each managed record, at a name a
 * client never asks for. A CNAME cannot share its name with a TXT, so the marker gets its own:
 * {@code *.d} CNAME is marked at {@code _linkdns-cname-wildcard.d}, {@code x.d} A at {@code
 * _linkdns-a.x.d}.
 */
final class OwnerMarkers {
  private static final String PREFIX = "_linkdns-";
  private static final String WILDCARD = "-wildcard";
  private static final Pattern TXT_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private OwnerMarkers() {}

  /** The marker name for a managed record set. */
  static String nameFor(String recordName, RecordType type) {
    String t = type.name().toLowerCase(Locale.ROOT);
    if (recordName.startsWith("*.")) {
      return PREFIX + t + WILDCARD + "." + recordName.substring(2);
    }
    return PREFIX + t + "." + recordName;
  }

  /** The (name, type) a marker name stands for, or empty when the name is not a marker's. */
  static Optional<Marked> parseName(String markerName) {
    if (!markerName.startsWith(PREFIX) || !markerName.contains(".")) {
      return Optional.empty();
    }
    String head = markerName.substring(PREFIX.length(), markerName.indexOf('.'));
    String rest = markerName.substring(markerName.indexOf('.') + 1);
    boolean wildcard = head.endsWith(WILDCARD);
    String type = wildcard ? head.substring(0, head.length() - WILDCARD.length()) : head;
    try {
      RecordType t = RecordType.valueOf(type.toUpperCase(Locale.ROOT));
      return Optional.of(new Marked(wildcard ? "*." + rest : rest, t));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The record a marker name points at. */
  record Marked(String name, RecordType type) {
    String key() {
      return name + " " + type;
    }
  }

  /** TXT value strings, quoted as Route 53 expects: {@code "a" "b"}. */
  static String txtValue(OwnerMarker owner) {
    List<String> quoted = new ArrayList<>();
    for (String s : owner.strings(ChangeCost.TXT_STRING_MAX)) {
      quoted.add('"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }
    return String.join(" ", quoted);
  }

  /** The strings of a TXT value as Route 53 returns it. */
  static List<String> txtStrings(String value) {
    List<String> out = new ArrayList<>();
    Matcher m = TXT_STRING.matcher(value);
    while (m.find()) {
      out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    if (out.isEmpty() && !value.isBlank()) {
      out.add(value);
    }
    return out;
  }
}
