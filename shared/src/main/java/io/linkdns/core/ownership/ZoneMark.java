package io.linkdns.core.ownership;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mark on a zone linkdns created: its owner id, when it was created and, while it holds nothing
 * of ours, since when it has been empty. One text format, written into a Route 53 zone comment and
 * an Azure zone tag alike, and read back here only.
 */
public record ZoneMark(String owner, Optional<Instant> created, Optional<Instant> emptySince) {
  /**
   * Azure tag holding the owner id alone: what installations before the mark text wrote, still
   * read.
   */
  public static final String OWNER_TAG = "linkdns-owner";

  /** Azure tag holding {@link #text()}. */
  public static final String MARK_TAG = "linkdns-mark";

  /**
   * Azure tag holding the network (VNet id, lower case) a zone was created for: lets the zone
   * budget count a network's new zones from the zone listing alone. Only writers of the zones'
   * resource group (the operator, the function) can change it, never an application subscription.
   */
  public static final String NETWORK_TAG = "linkdns-network";

  private static final String ID = "[A-Za-z0-9._-]+";
  private static final Pattern OWNER =
      Pattern.compile("(?:^|\\s)linkdns owner=(" + ID + ")(?=\\s|$)");
  private static final Pattern CREATED = Pattern.compile("(?:^|\\s)created=(\\S+)");
  private static final Pattern EMPTY_SINCE = Pattern.compile("(?:^|\\s)empty-since=(\\S+)");
  private static final Pattern BARE_ID = Pattern.compile(ID);

  public ZoneMark {
    if (!BARE_ID.matcher(owner).matches()) {
      throw new IllegalArgumentException(
          "zone mark owner '" + owner + "' is not an owner id ([A-Za-z0-9._-]+)");
    }
    // Seconds are enough and keep the comment short and stable.
    created = created.map(t -> t.truncatedTo(ChronoUnit.SECONDS));
    emptySince = emptySince.map(t -> t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The mark of a zone created now. */
  public static ZoneMark created(String owner, Instant at) {
    return new ZoneMark(owner, Optional.of(at), Optional.empty());
  }

  public ZoneMark emptySince(Instant at) {
    return new ZoneMark(owner, created, Optional.of(at));
  }

  public ZoneMark notEmpty() {
    return new ZoneMark(owner, created, Optional.empty());
  }

  /**
   * The one text format: {@code managed by linkdns owner=<id> [created=<instant>]
   * [empty-since=<instant>]}.
   */
  public String text() {
    return "managed by linkdns owner="
        + owner
        + created.map(t -> " created=" + t).orElse("")
        + emptySince.map(t -> " empty-since=" + t).orElse("");
  }

  /** Azure zone tags carrying this mark; the owner tag alone is what older installations read. */
  public Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(OWNER_TAG, owner);
    tags.put(MARK_TAG, text());
    return Map.copyOf(tags);
  }

  /**
   * The mark a zone comment (or mark tag) carries, if any; older comments ({@code managed by
   * linkdns owner=<id>}) have no times. A time that does not parse is dropped, never trusted.
   */
  public static Optional<ZoneMark> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = OWNER.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new ZoneMark(m.group(1), instant(CREATED, text), instant(EMPTY_SINCE, text)));
  }

  /**
   * The mark Azure zone tags carry: the mark tag, else the bare owner-id tag older installations
   * wrote.
   */
  public static Optional<ZoneMark> fromTags(Map<String, String> tags) {
    if (tags == null) {
      return Optional.empty();
    }
    Optional<ZoneMark> marked = parse(tags.get(MARK_TAG));
    if (marked.isPresent()) {
      return marked;
    }
    String owner = tags.get(OWNER_TAG);
    return owner != null && BARE_ID.matcher(owner.trim()).matches()
        ? Optional.of(new ZoneMark(owner.trim(), Optional.empty(), Optional.empty()))
        : Optional.empty();
  }

  private static Optional<Instant> instant(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(m.group(1)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
