package io.linkdns.core.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.core.model.Zone;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneMarkTest {
  private static final Instant CREATED = Instant.parse("2026-12-04T13:00:00Z");
  private static final Instant EMPTY = Instant.parse("2026-12-04T14:30:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "managed by linkdns owner=linkdns created=2026-12-04T13:00:00Z empty-since=2026-12-04T14:30:00Z | linkdns | 2026-12-04T13:00:00Z | 2026-12-04T14:30:00Z",
        "managed by linkdns owner=linkdns created=2026-12-04T13:00:00Z                                   | linkdns | 2026-12-04T13:00:00Z | -",
        "managed by linkdns owner=linkdns                                                                | linkdns | -                    | -",
        "private DNS for endpoints, managed by linkdns owner=linkdns-eu                                  | linkdns-eu | -                 | -",
        "managed by linkdns owner=linkdns created=yesterday empty-since=1                                | linkdns | -                    | -"
      })
  void aCommentOldOrNewNamesItsOwnerAndOnlyTimesThatParse(
      String text, String owner, String created, String emptySince) {
    Optional<ZoneMark> mark = ZoneMark.parse(text.strip());

    assertThat(mark)
        .contains(
            new ZoneMark(
                owner,
                Optional.ofNullable(created).map(Instant::parse),
                Optional.ofNullable(emptySince).map(Instant::parse)));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      nullValues = "-",
      value = {
        "-",
        "''",
        "the team's own zone",
        "linkdns",
        "managed by linkdns",
        "owner=linkdns",
        "managed by xlinkdns owner=linkdns",
        "managed by linkdns owner=linkdns;rm"
      })
  void aCommentWithoutAMarkNamesNoOwner(String text) {
    assertThat(ZoneMark.parse(text)).isEmpty();
  }

  @Test
  void theTextReadsBackAsTheSameMark() {
    ZoneMark mark = ZoneMark.created("linkdns", CREATED.plusMillis(250)).emptySince(EMPTY);

    assertThat(ZoneMark.parse(mark.text())).contains(mark);
    assertThat(mark.text())
        .isEqualTo(
            "managed by linkdns owner=linkdns created=2026-12-04T13:00:00Z empty-since=2026-12-04T14:30:00Z");
    assertThat(ZoneMark.parse(mark.notEmpty().text()))
        .contains(ZoneMark.created("linkdns", CREATED));
  }

  @Test
  void azureTagsCarryTheSameTextAndTheOwnerTagOlderInstallationsRead() {
    ZoneMark mark = ZoneMark.created("linkdns", CREATED);

    assertThat(mark.tags())
        .containsEntry("linkdns-owner", "linkdns")
        .containsEntry("linkdns-mark", mark.text())
        .hasSize(2);
    assertThat(ZoneMark.fromTags(mark.tags())).contains(mark);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "older installation: owner tag only | linkdns      | -                                              | linkdns",
        "mark tag wins                      | linkdns      | managed by linkdns owner=linkdns-eu created=2026-12-04T13:00:00Z | linkdns-eu",
        "no tags                            | -            | -                                              | -",
        "owner tag not an id                | 'a b'        | -                                              | -",
        "unreadable mark, owner tag         | linkdns      | garbage                                        | linkdns"
      })
  void azureTagsOldAndNew(String label, String ownerTag, String markTag, String owner) {
    Map<String, String> tags = new HashMap<>();
    Optional.ofNullable(ownerTag).ifPresent(v -> tags.put("linkdns-owner", v));
    Optional.ofNullable(markTag).ifPresent(v -> tags.put("linkdns-mark", v));

    assertThat(ZoneMark.fromTags(tags).map(ZoneMark::owner)).isEqualTo(Optional.ofNullable(owner));
  }

  @Test
  void ownershipReadsTheMarkTextTheAdapterReturned() {
    ZoneOwnership ours = ZoneOwnership.of("linkdns");
    Zone old =
        new Zone(
            "Z1",
            "a.example",
            List.of("vpc-1"),
            false,
            Optional.of("managed by linkdns owner=linkdns"));
    Zone theirs =
        new Zone(
            "Z2",
            "a.example",
            List.of("vpc-2"),
            false,
            Optional.of("managed by linkdns owner=linkdns-eu"));

    assertThat(ours.manages(old)).isTrue();
    assertThat(ours.created(old)).isTrue();
    assertThat(ours.manages(theirs)).isFalse();
    assertThat(ours.refusal(theirs, "vpc-1"))
        .contains("owner=linkdns-eu")
        .contains("the network was not linked to it");
    assertThat(ours.refusal(theirs, "vpc-2")).doesNotContain("not linked");
  }
}
