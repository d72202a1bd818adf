package io.linkdns.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Brings an event back from the queue sooner than its visibility timeout: used for an endpoint
 * still pending when its event arrived, which is looked at again after 30 s, 60 s, 120 s ... (at
 * most 15 minutes) rather than at the next sweep; and carries a sweep that ran out of time on to
 * the next invocation ({@link Continuation}).
 */
public final class Requeue {
  static final int FIRST_SECONDS = 30;
  static final int MAX_SECONDS = 900;

  /**
   * Receives after which a still-pending endpoint is left to the sweep (the queue's maxReceiveCount
   * must be higher).
   */
  static final int MAX_RECEIVES = 8;

  private final Supplier<SqsClient> sqs;
  private final String queueUrl;

  public Requeue(Supplier<SqsClient> sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /** The delay before the message's next receive, doubling with each receive, capped. */
  static int delaySeconds(int receiveCount) {
    int doublings = Math.min(Math.max(receiveCount, 1) - 1, 10);
    return Math.min(MAX_SECONDS, FIRST_SECONDS << doublings);
  }

  /** The queue's URL: a sweep's continuation is signed for it. */
  String queueUrl() {
    return queueUrl;
  }

  /** Puts a message of the function's own on the queue (a sweep's continuation). */
  void send(String body) {
    sqs.get().sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
  }

  void later(String receiptHandle, int seconds) {
    sqs.get()
        .changeMessageVisibility(
            r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
  }
}
