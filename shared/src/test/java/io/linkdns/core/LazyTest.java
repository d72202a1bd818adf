package io.linkdns.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LazyTest {

  @Test
  void madeOnceOnFirstUseEvenWhenThreadsAskTogether() {
    AtomicInteger made = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> "client-" + made.incrementAndGet());
    assertThat(made).hasValue(0);

    assertThat(IntStream.range(0, 16).parallel().mapToObj(i -> lazy.get()).distinct())
        .containsExactly("client-1");
    assertThat(made).hasValue(1);
  }

  @Test
  void aFailedAttemptKeepsNothingSoTheNextUseTriesAgain() {
    AtomicInteger attempts = new AtomicInteger();
    Lazy<String> lazy =
        Lazy.of(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("secret store unreachable");
              }
              return "key";
            });

    assertThatThrownBy(lazy::get).hasMessage("secret store unreachable");
    assertThat(lazy.get()).isEqualTo("key");
    assertThat(attempts).hasValue(2);
  }
}
