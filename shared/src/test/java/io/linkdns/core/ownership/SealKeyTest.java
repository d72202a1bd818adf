package io.linkdns.core.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.confluent.SecretSource;
import io.linkdns.core.model.RecordSet;
import io.linkdns.core.model.RecordType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealKeyTest {
  private static final RecordSet RECORD =
      RecordSet.values(
          "*.pr1.us-east-2.aws.confluent.cloud",
          RecordType.CNAME,
          60,
          List.of("vpce-0abc-1.vpce-svc-0123.us-east-2.vpce.amazonaws.com"));
  private static final OwnerMarker OWNER =
      OwnerMarker.of("linkdns", "confluent-aws-dedicated", List.of("vpce-0abc"));

  @Test
  void theKeyComesFromTheNamedSecretThroughTheCloudsSecretSource() {
    SecretSource store =
        name -> name.equals("arn:seal") ? "a-secret-of-sufficient-length" : "other-secret-value-x";

    SealKey key = SealKey.fromEnvironment(Map.of("LINKDNS_SEAL_KEY_SECRET", "arn:seal"), store);

    assertThat(key.seal(OWNER, RECORD))
        .isEqualTo(SealKey.of("t", "a-secret-of-sufficient-length").seal(OWNER, RECORD));
    assertThat(key.seal(OWNER, RECORD)).get().asString().matches("[0-9a-f]{32}");
    assertThat(key.toString()).doesNotContain("a-secret");
  }

  @Test
  void withoutASettingNothingIsSealed() {
    SealKey key = SealKey.fromEnvironment(Map.of(), SecretSource.NONE);

    assertThat(key.present()).isFalse();
    assertThat(key.seal(OWNER, RECORD)).isEmpty();
  }

  @Test
  void badSettingsNameTheVariableNeverTheKey() {
    assertThatThrownBy(
            () ->
                SealKey.fromEnvironment(Map.of("LINKDNS_SEAL_KEY", "short-key"), SecretSource.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("LINKDNS_SEAL_KEY=")
        .hasMessageNotContaining("short-key");
    assertThatThrownBy(
            () ->
                SealKey.fromEnvironment(
                    Map.of(
                        "LINKDNS_SEAL_KEY",
                        "a-secret-of-sufficient-length",
                        "LINKDNS_SEAL_KEY_SECRET",
                        "arn:seal"),
                    SecretSource.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("LINKDNS_SEAL_KEY_SECRET=");
    assertThatThrownBy(
            () ->
                SealKey.fromEnvironment(
                    Map.of("LINKDNS_SEAL_KEY_SECRET", "arn:seal"), SecretSource.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("LINKDNS_SEAL_KEY_SECRET='arn:seal'")
        .hasMessageContaining("cannot be read");
  }
}
