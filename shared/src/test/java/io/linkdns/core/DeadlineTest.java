package io.linkdns.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void remainingShrinksWithTheClockAndNeverGoesNegative() {
    Deadline d = Deadline.in(Duration.ofSeconds(10), now::get);
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(6));
    now.addAndGet(Duration.ofSeconds(7).toNanos());
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
    assertThat(d.expired()).isTrue();
    assertThatThrownBy(() -> d.check("reading zones"))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("reading zones");
  }

  @Test
  void sharesWithinAndBoundCutTheTimeLeft() {
    Deadline d = Deadline.in(Duration.ofSeconds(12), now::get);
    assertThat(d.share(4).remaining()).isEqualTo(Duration.ofSeconds(3));
    assertThat(d.within(Duration.ofSeconds(5)).remaining()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.within(Duration.ofSeconds(50)).remaining()).isEqualTo(Duration.ofSeconds(12));
    assertThat(d.less(Duration.ofSeconds(2)).remaining()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.bound(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(12));
    assertThat(d.bound(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.bounded()).isTrue();
    assertThat(Deadline.none().bounded()).isFalse();
  }

  @Test
  void theEnteredDeadlineIsCurrentUntilItsScopeCloses() {
    assertThat(Deadline.current().bounded()).isFalse();
    Deadline outer = Deadline.in(Duration.ofSeconds(30), now::get);
    Deadline inner = outer.share(2);
    try (Deadline.Scope a = outer.enter()) {
      assertThat(Deadline.current()).isSameAs(outer);
      try (Deadline.Scope b = inner.enter()) {
        assertThat(Deadline.current()).isSameAs(inner);
      }
      assertThat(Deadline.current()).isSameAs(outer);
    }
    assertThat(Deadline.current().bounded()).isFalse();
  }
}
