package io.linkdns.core.ownership;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.config.Settings;
import io.linkdns.core.confluent.SecretSource;
import io.linkdns.core.model.DnsName;
import io.linkdns.core.model.RecordData;
import io.linkdns.core.model.RecordSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The installation's secret for sealing owner markers (HMAC-SHA256): only a holder of the key can
 * write a seal that vouches for a record's values, so write access to TXT records or metadata alone
 * never makes linkdns delete or rewrite someone else's record.
 */
public final class SealKey {
  /** No key configured: nothing is sealed and only the endpoints' own names and addresses vouch. */
  public static final SealKey NONE = new SealKey(new byte[0]);

  private static final int HEX_DIGITS = 32;
  private final byte[] key;

  private SealKey(byte[] key) {
    this.key = key.clone();
  }

  /**
   * A key from its text (any secret string of at least 16 characters; its UTF-8 bytes are the key).
   */
  public static SealKey of(String field, String secret) {
    String s = secret.trim();
    if (s.length() < 16) {
      throw new InvalidInputException(
          field, "(" + s.length() + " characters)", "a seal key needs at least 16 characters");
    }
    return new SealKey(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads {@code LINKDNS_SEAL_KEY} (the key itself, for tests and the command line) or {@code
   * LINKDNS_SEAL_KEY_SECRET} (a Secrets Manager id / Key Vault secret URI read through the cloud's
   * secret source); {@link #NONE} when neither is set. Errors name the variable, never the key.
   */
  public static SealKey fromEnvironment(Map<String, String> env, SecretSource secrets) {
    return Source.fromEnvironment(env).resolve(secrets);
  }

  /** Where the key comes from, as configured, before any secret is read. */
  public record Source(Optional<String> inline, Optional<String> secretName) {
    public static Source fromEnvironment(Map<String, String> env) {
      Optional<String> inline = Settings.value(env, "LINKDNS_SEAL_KEY");
      Optional<String> secretName = Settings.value(env, "LINKDNS_SEAL_KEY_SECRET");
      if (inline.isPresent() && secretName.isPresent()) {
        throw new InvalidInputException(
            "LINKDNS_SEAL_KEY_SECRET",
            secretName.get(),
            "set either it or LINKDNS_SEAL_KEY, not both");
      }
      inline.ifPresent(k -> of("LINKDNS_SEAL_KEY", k));
      return new Source(inline, secretName);
    }

    /** The key, reading the named secret through the cloud's secret store when one is named. */
    public SealKey resolve(SecretSource secrets) {
      if (inline.isPresent()) {
        return of("LINKDNS_SEAL_KEY", inline.get());
      }
      if (secretName.isEmpty()) {
        return NONE;
      }
      String value;
      try {
        value = secrets.read(secretName.get());
      } catch (RuntimeException e) {
        throw new InvalidInputException(
            "LINKDNS_SEAL_KEY_SECRET", secretName.get(), "cannot be read: " + e.getMessage(), e);
      }
      return of("LINKDNS_SEAL_KEY_SECRET", value);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
      return "SealKey.Source["
          + (inline.isPresent()
              ? "LINKDNS_SEAL_KEY"
              : secretName.map(n -> "secret " + n).orElse("none"))
          + "]";
    }
  }

  public boolean present() {
    return key.length > 0;
  }

  /**
   * The seal of a marker for a record: 32 hex digits of HMAC-SHA256 over the owner id, layout,
   * endpoints, the record's name and type and its sorted values, so a seal copied to another name,
   * another record or another marker no longer matches. Empty without a key.
   */
  public Optional<String> seal(OwnerMarker owner, RecordSet record) {
    if (!present()) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    if (record.data() instanceof RecordData.Alias a) {
      values.add("alias:" + DnsName.normalize(a.target().dnsName()));
    } else {
      ((RecordData.Values) record.data()).values().forEach(v -> values.add(DnsName.normalize(v)));
    }
    Collections.sort(values);
    String text =
        String.join(
            "\n",
            "linkdns-seal-v1",
            owner.ownerId(),
            owner.layout(),
            String.join("|", owner.endpoints()),
            DnsName.normalize(record.name()),
            record.type().name(),
            String.join("\n", values));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Optional.of(
          HexFormat.of()
              .formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)), 0, HEX_DIGITS / 2));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** True when the marker carries a seal this key wrote for exactly this record. */
  public boolean sealed(OwnerMarker owner, RecordSet record) {
    if (owner.seal().isEmpty()) {
      return false;
    }
    Optional<String> expected = seal(owner, record);
    // Constant time: the comparison must not tell a forger how many digits were right.
    return expected.isPresent()
        && MessageDigest.isEqual(
            expected.get().getBytes(StandardCharsets.US_ASCII),
            owner.seal().get().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * HMAC-SHA256 of a message of the given purpose (64 hex digits), for anything else linkdns must
   * be able to tell it wrote itself (a sweep's continuation): the purpose goes into the MAC, so a
   * value signed for one use never verifies for another, nor as a marker's seal. Empty without a
   * key.
   */
  public Optional<String> sign(String purpose, String text) {
    if (!present()) {
      return Optional.empty();
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Optional.of(
          HexFormat.of()
              .formatHex(
                  mac.doFinal(
                      ("linkdns-" + purpose + "\n" + text).getBytes(StandardCharsets.UTF_8))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * True when {@code signature} is what this key signs for the purpose and text; false without a
   * key.
   */
  public boolean signed(String purpose, String text, String signature) {
    Optional<String> expected = sign(purpose, text);
    // Constant time: the comparison must not tell a forger how many digits were right.
    return expected.isPresent()
        && MessageDigest.isEqual(
            expected.get().getBytes(StandardCharsets.US_ASCII),
            signature.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return present() ? "SealKey[set]" : "SealKey[none]";
  }
}
