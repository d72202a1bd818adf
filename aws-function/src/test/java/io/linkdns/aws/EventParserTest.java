package io.linkdns.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every shape EC2's XML-to-JSON rendering gives an endpoint id in CloudTrail. */
class EventParserTest {
  private final EventParser parser = new EventParser(new ObjectMapper(), Optional.empty());

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain string                | \"vpce-0a1b2c3d4e5f60718\"                                                   | vpce-0a1b2c3d4e5f60718",
        "tag and content             | {\"tag\":1,\"content\":\"vpce-0a1b2c3d4e5f60718\"}                             | vpce-0a1b2c3d4e5f60718",
        "array of tag and content    | [{\"tag\":1,\"content\":\"vpce-0a1b2c3d4e5f60718\"},{\"tag\":2,\"content\":\"vpce-11112222333344445\"}] | vpce-0a1b2c3d4e5f60718 vpce-11112222333344445",
        "item wrapper, one           | {\"item\":\"vpce-0a1b2c3d4e5f60718\"}                                           | vpce-0a1b2c3d4e5f60718",
        "item wrapper, several       | {\"item\":[\"vpce-0a1b2c3d4e5f60718\",\"vpce-11112222333344445\"]}              | vpce-0a1b2c3d4e5f60718 vpce-11112222333344445",
        "array of plain strings      | [\"vpce-0a1b2c3d4e5f60718\",\"vpce-11112222333344445\"]                         | vpce-0a1b2c3d4e5f60718 vpce-11112222333344445"
      })
  void deleteEventIdsInEveryShape(String shape, String ids, String expected) throws Exception {
    String event =
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"detail\":{\"eventName\":"
            + "\"DeleteVpcEndpoints\",\"requestParameters\":{\"DeleteVpcEndpointsRequest\":{\"VpcEndpointId\":"
            + ids
            + "}}}}";

    Trigger trigger = parser.parse(parser.read(event));

    assertThat(trigger)
        .isInstanceOfSatisfying(
            Trigger.Endpoints.class,
            t ->
                assertThat(t.endpointIds())
                    .containsExactlyElementsOf(List.of(expected.split(" "))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "one resource, object          | CreateTags | {\"resourceId\":\"vpce-0a1b2c3d4e5f60718\"}                                          | vpce-0a1b2c3d4e5f60718",
        "several resources, array      | CreateTags | [{\"resourceId\":\"vpce-0a1b2c3d4e5f60718\"},{\"resourceId\":\"vpce-11112222333344445\"}] | vpce-0a1b2c3d4e5f60718 vpce-11112222333344445",
        "tag and content wrapper       | DeleteTags | {\"resourceId\":{\"tag\":1,\"content\":\"vpce-0a1b2c3d4e5f60718\"}}                     | vpce-0a1b2c3d4e5f60718",
        "other resources left out      | CreateTags | [{\"resourceId\":\"i-0123456789abcdef0\"},{\"resourceId\":\"vpce-11112222333344445\"},{\"resourceId\":\"vpc-0a1b2c3d\"}] | vpce-11112222333344445",
        "same endpoint twice, once     | CreateTags | [{\"resourceId\":\"vpce-11112222333344445\"},{\"resourceId\":\"vpce-11112222333344445\"}] | vpce-11112222333344445"
      })
  void tagEventsNameEveryTaggedEndpoint(
      String shape, String eventName, String items, String expected) {
    String event =
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"detail\":{\"eventName\":\""
            + eventName
            + "\",\"requestParameters\":{\"resourcesSet\":{\"items\":"
            + items
            + "},"
            + "\"tagSet\":{\"items\":[{\"key\":\"linkdns:domain\",\"value\":\"pr1.us-east-2.aws.confluent.cloud\"}]}}}}";

    Trigger trigger = parser.parse(parser.read(event));

    assertThat(trigger)
        .isInstanceOfSatisfying(
            Trigger.Endpoints.class,
            t -> {
              assertThat(t.eventName()).isEqualTo(eventName);
              assertThat(t.endpointIds()).containsExactlyElementsOf(List.of(expected.split(" ")));
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "envelope only                 | 111122223333 | -            | -            | 111122223333",
        "all three agree               | 111122223333 | 111122223333 | 111122223333 | 111122223333",
        "no envelope: the recipient    | -            | 111122223333 | -            | 111122223333",
        "none at all                   | -            | -            | -            | ''",
        "recipient differs             | 111122223333 | 444455556666 | -            | refused detail.recipientAccountId",
        "caller's account differs      | 111122223333 | 111122223333 | 444455556666 | refused detail.userIdentity.accountId",
        "no envelope, the two differ   | -            | 111122223333 | 444455556666 | refused detail.userIdentity.accountId",
        "envelope not an account id    | 1111         | -            | -            | rejected account"
      })
  void theEventsAccountComesFromTheEnvelopeAndTheDetailMustAgree(
      String what, String envelope, String recipient, String caller, String expected) {
    String event =
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\","
            + (envelope == null ? "" : "\"account\":\"" + envelope + "\",")
            + "\"detail\":{\"eventName\":\"ModifyVpcEndpoint\","
            + (recipient == null ? "" : "\"recipientAccountId\":\"" + recipient + "\",")
            + (caller == null
                ? ""
                : "\"userIdentity\":{\"type\":\"AssumedRole\",\"accountId\":\"" + caller + "\"},")
            + "\"requestParameters\":{\"ModifyVpcEndpointRequest\":{\"VpcEndpointId\":\"vpce-0a1b2c3d4e5f60718\"}}}}";

    if (expected.startsWith("refused ")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(parser.read(event)))
          .isInstanceOfSatisfying(
              io.linkdns.core.ownership.RefusedException.class,
              e -> assertThat(e.field()).isEqualTo(expected.substring("refused ".length())));
    } else if (expected.startsWith("rejected ")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(parser.read(event)))
          .isInstanceOfSatisfying(
              io.linkdns.core.InvalidInputException.class,
              e -> assertThat(e.field()).isEqualTo(expected.substring("rejected ".length())))
          .isNotInstanceOf(io.linkdns.core.ownership.RefusedException.class);
    } else {
      assertThat(parser.parse(parser.read(event)))
          .isInstanceOfSatisfying(
              Trigger.Endpoints.class, t -> assertThat(t.account()).isEqualTo(expected));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "tags on an instance only | {\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"detail\":{\"eventName\":\"CreateTags\",\"requestParameters\":{\"resourcesSet\":{\"items\":[{\"resourceId\":\"i-0123456789abcdef0\"}]}}}} | Ignored",
        "scheduled event | {\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}} | Sweep",
        "operator sweep  | {\"linkdns\":\"sweep\"}                                                     | Sweep",
        "health check    | {\"linkdns\":\"verify\"}                                                    | Verify",
        "record change   | {\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.route53\",\"detail\":{\"eventName\":\"ChangeResourceRecordSets\",\"requestParameters\":{\"hostedZoneId\":\"/hostedzone/Z0123456789ABC\"}}} | ZoneChanged"
      })
  void otherTriggers(String what, String event, String kind) {
    assertThat(parser.parse(parser.read(event)).getClass().getSimpleName()).isEqualTo(kind);
  }
}
