package io.linkdns.core.model;

import java.util.List;
import java.util.stream.Collectors;

/** What a record set holds: plain values with a TTL, or a provider alias. */
public sealed interface RecordData {

  /** Number of characters the values take, as Route 53 counts them against a change batch. */
  int valueChars();

  /**
   * Ordinary values (addresses, a canonical name, text strings) with a TTL; values are kept sorted.
   */
  record Values(long ttl, List<String> values) implements RecordData {
    public Values {
      values = values.stream().sorted().distinct().collect(Collectors.toUnmodifiableList());
    }

    @Override
    public int valueChars() {
      return values.stream().mapToInt(String::length).sum();
    }
  }

  /** A provider alias to another name (Route 53 alias record). */
  record Alias(AliasTarget target) implements RecordData {
    @Override
    public int valueChars() {
      return 0;
    }
  }
}
