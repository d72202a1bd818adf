package io.linkdns.core.plan;

import io.linkdns.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a plan's changes into provider-sized batches, in order. A change (record plus owner
 * marker) is never split; one too big for any batch is an error, reported before anything is
 * written.
 */
public final class Batcher {
  private Batcher() {}

  public static List<List<Change>> split(
      List<Change> changes, ProviderLimits limits, ChangeCost cost) {
    List<List<Change>> batches = new ArrayList<>();
    List<Change> current = new ArrayList<>();
    int records = 0;
    int chars = 0;
    for (Change c : changes) {
      int r = cost.records(c);
      int ch = cost.chars(c);
      if (r > limits.maxRecordsPerBatch() || ch > limits.maxValueCharsPerBatch()) {
        throw new InvalidInputException(
            "change",
            c.record().key(),
            "needs "
                + r
                + " records / "
                + ch
                + " characters, more than one batch may carry ("
                + limits.maxRecordsPerBatch()
                + " / "
                + limits.maxValueCharsPerBatch()
                + ")");
      }
      if (!current.isEmpty()
          && (current.size() >= limits.maxChangesPerBatch()
              || records + r > limits.maxRecordsPerBatch()
              || chars + ch > limits.maxValueCharsPerBatch())) {
        batches.add(List.copyOf(current));
        current = new ArrayList<>();
        records = 0;
        chars = 0;
      }
      current.add(c);
      records += r;
      chars += ch;
    }
    if (!current.isEmpty()) {
      batches.add(List.copyOf(current));
    }
    return List.copyOf(batches);
  }
}
