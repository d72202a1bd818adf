package io.linkdns.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.ownership.RefusedException;
import io.linkdns.core.ownership.SealKey;
import io.linkdns.core.reconcile.SweepCursor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A sweep's continuation on the function's own queue: the sweep's id and its cursor, signed with
 * the installation's seal key over the owner id and the queue's URL too. Only a message this
 * installation wrote for this queue, less than {@link #MAX_AGE} ago, is accepted; anything else is
 * refused before any endpoint or zone is read (docs/threat-model.md, "Sweep continuations").
 */
public record Continuation(String sweepId, SweepCursor cursor, Instant issued) {
  /** The body's top-level field that marks a continuation. */
  static final String FIELD = "linkdnsContinuation";

  /** A chain of parts that takes longer than this has stalled; an older message is a replay. */
  static final Duration MAX_AGE = Duration.ofHours(1);

  /** Clocks of two containers may disagree a little; a message from further ahead is refused. */
  static final Duration SKEW = Duration.ofMinutes(5);

  private static final java.util.Set<String> FIELDS =
      new java.util.TreeSet<>(
          java.util.List.of("v", "owner", "queue", "sweep", "phase", "after", "issued"));
  private static final String PURPOSE = "sweep-continuation-v1";
  private static final Pattern SWEEP_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Continuation {
    if (sweepId == null || !SWEEP_ID.matcher(sweepId).matches()) {
      throw new InvalidInputException(FIELD + ".sweep", sweepId, "not a sweep id (a UUID)");
    }
  }

  /**
   * True when the body claims to be a continuation (whether it is one is {@link Signer#open}'s
   * call).
   */
  static boolean claimed(JsonNode event) {
    return event.has(FIELD);
  }

  /** Writes and checks continuations for one installation and queue. */
  record Signer(SealKey key, String ownerId, String queueUrl, Clock clock) {
    /** True when continuations can be signed at all (a seal key is configured). */
    boolean ready() {
      return key.present();
    }

    /** The message body; the signature covers every field. */
    String write(ObjectMapper json, Continuation c) {
      ObjectNode body = json.createObjectNode();
      ObjectNode fields = body.putObject(FIELD);
      fields.put("v", 1);
      fields.put("owner", ownerId);
      fields.put("queue", queueUrl);
      fields.put("sweep", c.sweepId());
      fields.put("phase", c.cursor().phase().name().toLowerCase(Locale.ROOT));
      fields.put("after", c.cursor().after());
      fields.put("issued", c.issued().getEpochSecond());
      body.put(
          "mac",
          key.sign(PURPOSE, text(ownerId, queueUrl, c))
              .orElseThrow(
                  () -> new IllegalStateException("no seal key: continuations cannot be signed")));
      return body.toString();
    }

    /**
     * The continuation in the body, if this installation wrote it for this queue recently;
     * otherwise {@link RefusedException} (not ours, altered, for elsewhere, too old) or {@link
     * InvalidInputException} (malformed), each naming the field.
     */
    Continuation open(JsonNode event) {
      JsonNode f = event.get(FIELD);
      if (f == null || !f.isObject()) {
        throw new InvalidInputException(
            FIELD, String.valueOf(f), "a continuation must be an object");
      }
      if (!key.present()) {
        throw new RefusedException(
            FIELD,
            "(continuation)",
            "no seal key is configured (LINKDNS_SEAL_KEY_SECRET), so no "
                + "continuation can be verified");
      }
      // Nothing rides along: a list of endpoints, VPCs or zones beside the cursor is not ignored
      // but refused.
      java.util.Set<String> top = new java.util.TreeSet<>();
      event.fieldNames().forEachRemaining(top::add);
      if (!top.equals(java.util.Set.of(FIELD, "mac"))) {
        throw new RefusedException(
            "(continuation)", top.toString(), "a continuation holds " + FIELD + " and mac only");
      }
      java.util.Set<String> inner = new java.util.TreeSet<>();
      f.fieldNames().forEachRemaining(inner::add);
      if (!inner.equals(FIELDS)) {
        throw new RefusedException(FIELD, inner.toString(), "expected exactly " + FIELDS);
      }
      String mac = event.path("mac").asText("");
      if (!HEX64.matcher(mac).matches()) {
        throw new RefusedException("mac", mac, "a continuation carries its 64-hex-digit signature");
      }
      if (f.path("v").asInt(0) != 1) {
        throw new InvalidInputException(FIELD + ".v", f.path("v").toString(), "expected 1");
      }
      for (String name : new String[] {"owner", "queue", "sweep", "phase", "after"}) {
        if (!f.path(name).isTextual()) {
          throw new InvalidInputException(
              FIELD + "." + name, f.path(name).toString(), "missing or not text");
        }
      }
      if (!f.path("issued").canConvertToLong()) {
        throw new InvalidInputException(
            FIELD + ".issued", f.path("issued").toString(), "expected epoch seconds");
      }
      String owner = f.get("owner").asText();
      String queue = f.get("queue").asText();
      Continuation c =
          new Continuation(
              f.get("sweep").asText(),
              SweepCursor.of(f.get("phase").asText(), f.get("after").asText()),
              Instant.ofEpochSecond(f.get("issued").asLong()));
      // Owner and queue are signed too: a message copied to another installation's queue sharing
      // the key fails here.
      if (!key.signed(PURPOSE, text(owner, queue, c), mac)) {
        throw new RefusedException(
            "mac",
            mac.substring(0, 8) + "...",
            "the continuation's signature is not this installation's");
      }
      if (!owner.equals(ownerId)) {
        throw new RefusedException(
            FIELD + ".owner", owner, "written for another installation (ours is " + ownerId + ")");
      }
      if (!queue.equals(queueUrl)) {
        throw new RefusedException(
            FIELD + ".queue", queue, "written for another queue (ours is " + queueUrl + ")");
      }
      Instant now = clock.instant();
      if (c.issued().isBefore(now.minus(MAX_AGE)) || c.issued().isAfter(now.plus(SKEW))) {
        throw new RefusedException(
            FIELD + ".issued",
            c.issued().toString(),
            "outside the last "
                + MAX_AGE.toMinutes()
                + " minutes: a continuation is used at once, so this one is a replay");
      }
      return c;
    }

    private static String text(String owner, String queue, Continuation c) {
      // Newline-separated: no field can hold one (the cursor and id patterns exclude it; owner and
      // queue are ours).
      return String.join(
          "\n",
          owner.replace('\n', ' '),
          queue.replace('\n', ' '),
          c.sweepId(),
          c.cursor().phase().name(),
          c.cursor().after(),
          Long.toString(c.issued().getEpochSecond()));
    }
  }
}
