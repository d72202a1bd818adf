package io.linkdns.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointStateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "<null>",
      value = {
        "available, LIVE",
        "Available, LIVE",
        "Approved, LIVE",
        "Succeeded, LIVE",
        "pendingAcceptance, PENDING",
        "pending, PENDING",
        "Pending, PENDING",
        "Updating, PENDING",
        "<null>, PENDING",
        "deleting, GONE",
        "deleted, GONE",
        "rejected, GONE",
        "failed, GONE",
        "expired, GONE",
        "Disconnected, GONE",
      })
  void mapsProviderStates(String provider, EndpointState expected) {
    assertThat(EndpointState.fromProvider(provider)).isEqualTo(expected);
  }
}
