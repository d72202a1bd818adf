package io.linkdns.core;

/** Work that could not finish before the invocation's deadline; the next run picks it up. */
public class DeadlineExceededException extends RuntimeException {
  public DeadlineExceededException(String what) {
    super(what + ": the invocation's deadline has passed; left for the next run");
  }
}
