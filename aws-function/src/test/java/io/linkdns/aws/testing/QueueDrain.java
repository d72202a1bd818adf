package io.linkdns.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkdns.aws.Handler;
import io.linkdns.core.Deadline;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Drains a queue into a handler the way Lambda's SQS event source mapping does: messages received
 * with their system attributes (SenderId, ApproximateReceiveCount, ...), one batch per invocation
 * with a fresh deadline, and only the messages the handler did not report failed are deleted.
 */
public final class QueueDrain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;

  public QueueDrain(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn =
        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
            .attributesAsStrings()
            .get("QueueArn");
  }

  /**
   * Receives one batch (up to {@code batchSize}) as the mapping would; empty when the queue has
   * nothing visible.
   */
  public List<Message> receive(int batchSize) {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(queueUrl)
                    .maxNumberOfMessages(batchSize)
                    .waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  /** The SQS event Lambda hands the function for these messages. */
  public String event(List<Message> messages) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (Message m : messages) {
      ObjectNode r = records.addObject();
      r.put("messageId", m.messageId());
      r.put("receiptHandle", m.receiptHandle());
      r.put("body", m.body());
      ObjectNode attributes = r.putObject("attributes");
      m.attributesAsStrings().forEach(attributes::put);
      r.putObject("messageAttributes");
      r.put("md5OfBody", m.md5OfBody());
      r.put("eventSource", "aws:sqs");
      r.put("eventSourceARN", queueArn);
      r.put("awsRegion", AwsWorld.REGION.id());
    }
    return event.toString();
  }

  /**
   * Invokes the handler for each batch until the queue has nothing visible or {@code
   * maxInvocations} were made; returns the number of invocations.
   */
  public int drain(
      Handler handler, Supplier<Deadline> freshDeadline, int batchSize, int maxInvocations) {
    int invocations = 0;
    while (invocations < maxInvocations) {
      List<Message> batch = receive(batchSize);
      if (batch.isEmpty()) {
        return invocations;
      }
      invocations++;
      JsonNode response = handler.handle(event(batch), freshDeadline.get());
      Set<String> failed = new HashSet<>();
      response
          .path("batchItemFailures")
          .forEach(f -> failed.add(f.path("itemIdentifier").asText()));
      for (Message m : batch) {
        if (!failed.contains(m.messageId())) {
          sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
      }
    }
    return invocations;
  }
}
