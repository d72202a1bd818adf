package io.linkdns.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import io.linkdns.core.ownership.OwnerMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatcherTest {
  private static final ChangeCost COST = ChangeCost.COMPANION_MARKER;
  private static final OwnerMarker OWNER = OwnerMarker.of("o", "l", List.of("e"));
  private static final int UNLIMITED = Integer.MAX_VALUE;

  @Test
  void costCountsEveryValueAndTheMarkerAndUpdatesTwice() {
    Change create = create(0, 1);
    RecordSet three = a("x.example.com", 3);
    Change update = new Change.Update(a("x.example.com", 1), OWNER, three, OWNER);

    // marker TXT: "heritage=linkdns,owner=o,layout=l" "endpoints=e" -> 35 + 13 + 1 separator
    assertThat(ChangeCost.markerChars(OWNER)).isEqualTo(49);
    assertThat(COST.records(create)).isEqualTo(2);
    assertThat(COST.chars(create)).isEqualTo("10.0.0.0".length() + 49);
    assertThat(COST.records(update)).isEqualTo((1 + 1) + (3 + 1));
    assertThat(COST.chars(update)).isEqualTo(8 + 49 + 3 * 8 + 49);
  }

  @Test
  void sixHundredARecordsNeedMoreThanOneRoute53BatchAndKeepTheirOrder() {
    List<Change> changes = IntStream.range(0, 600).mapToObj(i -> create(i, 1)).toList();

    List<List<Change>> batches = Batcher.split(changes, ProviderLimits.ROUTE53, COST);

    assertThat(batches).hasSizeGreaterThan(1);
    assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(changes);
    assertThat(batches)
        .allSatisfy(
            b -> {
              assertThat(b.stream().mapToInt(COST::records).sum()).isLessThanOrEqualTo(1000);
              assertThat(b.stream().mapToInt(COST::chars).sum()).isLessThanOrEqualTo(32_000);
            });
  }

  @ParameterizedTest(name = "{0} creates of one value -> {1} batch(es)")
  @CsvSource({"1, 1", "500, 1", "501, 2", "1000, 2", "1001, 3"})
  void thousandRecordsPerBatchCountingTheMarker(int creates, int expectedBatches) {
    List<Change> changes = IntStream.range(0, creates).mapToObj(i -> create(i, 1)).toList();

    List<List<Change>> batches =
        Batcher.split(changes, new ProviderLimits(UNLIMITED, 1000, UNLIMITED, 400), COST);

    assertThat(batches).hasSize(expectedBatches);
    assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(changes);
  }

  @ParameterizedTest(name = "{0} updates of one value -> {1} batch(es)")
  @CsvSource({"250, 1", "251, 2", "500, 2"})
  void updateCountsTwice(int updates, int expectedBatches) {
    List<Change> changes =
        IntStream.range(0, updates)
            .mapToObj(
                i ->
                    (Change)
                        new Change.Update(
                            a(i + ".example.com", 1), OWNER, a(i + ".example.com", 1), OWNER))
            .toList();

    List<List<Change>> batches =
        Batcher.split(changes, new ProviderLimits(UNLIMITED, 1000, UNLIMITED, 400), COST);

    assertThat(batches).hasSize(expectedBatches);
    assertThat(batches.get(0)).hasSize(250);
  }

  @ParameterizedTest(name = "{0} more than fit -> {1} batch(es)")
  @CsvSource({"0, 1", "1, 2"})
  void thirtyTwoThousandCharactersPerBatch(int extra, int expectedBatches) {
    Change one = cname(0);
    int perChange = COST.chars(one);
    int fit = 32_000 / perChange;
    List<Change> changes = IntStream.range(0, fit + extra).mapToObj(BatcherTest::cname).toList();

    List<List<Change>> batches =
        Batcher.split(changes, new ProviderLimits(UNLIMITED, UNLIMITED, 32_000, 400), COST);

    assertThat(batches).hasSize(expectedBatches);
    assertThat(batches)
        .allSatisfy(
            b -> assertThat(b.stream().mapToInt(COST::chars).sum()).isLessThanOrEqualTo(32_000));
    assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(changes);
  }

  @Test
  void aChangeIsNeverSplitAcrossBatches() {
    // 301 + 401 records fit in 1000; the next 401 would not, so it starts a batch of its own,
    // whole.
    List<Change> changes = List.of(create(1, 300), create(2, 400), create(3, 400), create(4, 100));

    List<List<Change>> batches = Batcher.split(changes, ProviderLimits.ROUTE53, COST);

    assertThat(batches)
        .containsExactly(
            List.of(changes.get(0), changes.get(1)), List.of(changes.get(2), changes.get(3)));
  }

  @Test
  void oneChangeTooBigForAnyBatchIsRejectedBeforeAnythingIsWritten() {
    List<Change> changes = List.of(create(1, 1), create(2, 1000));

    assertThatThrownBy(() -> Batcher.split(changes, ProviderLimits.ROUTE53, COST))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("change='2.example.com A'")
        .hasMessageContaining("1001 records");
  }

  @Test
  void oneChangeWithTooManyCharactersIsRejected() {
    List<Change> changes = List.of(cname(1));

    assertThatThrownBy(
            () -> Batcher.split(changes, new ProviderLimits(UNLIMITED, 1000, 100, 400), COST))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("characters");
  }

  @Test
  void azureWritesOneRecordSetPerRequest() {
    List<Change> changes = IntStream.range(0, 5).mapToObj(i -> create(i, 3)).toList();

    List<List<Change>> batches = Batcher.split(changes, ProviderLimits.AZURE_PRIVATE_DNS, COST);

    assertThat(batches).hasSize(5).allSatisfy(b -> assertThat(b).hasSize(1));
  }

  @Test
  void nothingToWriteIsNoBatch() {
    assertThat(Batcher.split(List.of(), ProviderLimits.ROUTE53, COST)).isEmpty();
  }

  private static Change create(int i, int values) {
    return new Change.Create(a(i + ".example.com", values), OWNER);
  }

  private static Change cname(int i) {
    return new Change.Create(
        RecordSet.values(
            "*.az" + i + ".example.com",
            RecordType.CNAME,
            60,
            List.of(
                "vpce-0123456789abcdef0-12345678-us-east-2a.vpce-svc-0123456789abcdef0.us-east-2.vpce.amazonaws.com")),
        OwnerMarker.of("linkdns", "confluent-aws-dedicated", List.of("vpce-0123456789abcdef0")));
  }

  private static RecordSet a(String name, int values) {
    List<String> ips = new ArrayList<>();
    for (int v = 0; v < values; v++) {
      ips.add("10.0." + (v / 256) + "." + (v % 256));
    }
    return RecordSet.values(name, RecordType.A, 60, ips);
  }
}
