package io.linkdns.core;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use and kept: a client or a secret that an invocation may never need. A
 * failed attempt keeps nothing, so the next use tries again.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> make;
  private volatile T value;

  private Lazy(Supplier<T> make) {
    this.make = make;
  }

  public static <T> Lazy<T> of(Supplier<T> make) {
    return new Lazy<>(Objects.requireNonNull(make, "make"));
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(make.get(), "a lazy value cannot be null");
          value = v;
        }
      }
    }
    return v;
  }
}
