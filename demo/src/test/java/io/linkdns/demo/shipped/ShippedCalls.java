package io.linkdns.demo.shipped;

import io.linkdns.aws.AwsClients;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.route53.model.AssociateVpcWithHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ChangeTagsForResourceRequest;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.CreateVpcAssociationAuthorizationRequest;
import software.amazon.awssdk.services.route53.model.DeleteHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.DeleteVpcAssociationAuthorizationRequest;
import software.amazon.awssdk.services.route53.model.DisassociateVpcFromHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.GetHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByVpcRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Tag;
import software.amazon.awssdk.services.route53.model.TagResourceType;
import software.amazon.awssdk.services.route53.model.UpdateHostedZoneCommentRequest;
import software.amazon.awssdk.services.route53.model.VPCRegion;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Runs SDK client calls on the shipped function jar alone: loaded by a class loader whose parent
 * holds only that jar, it builds the clients with linkdns's own {@link AwsClients} and makes each
 * call with the minimal valid request of its row in {@link #request}. It uses nothing but the JDK
 * and the jar, and hands back only JDK types, so the test's own SDK never stands in for the shipped
 * one.
 */
public final class ShippedCalls {
  /** Where a row must be added when linkdns makes a call no row covers. */
  public static final String TABLE =
      "demo/src/test/java/io/linkdns/demo/shipped/ShippedCalls.java (ShippedCalls.request)";

  private static final String VPC = "vpc-0linkdns0guard0";
  private static final String ZONE = "Z0LINKDNSGUARD0000000";

  private ShippedCalls() {}

  /**
   * The minimal valid request of one operation, as a setup of its request builder; keyed by the
   * client interface's simple name and the operation (a paginator shares its operation's row).
   * Empty when no row covers the operation. Each row is a case of its own so a lambda naming a
   * class the jar lacks is only linked when its row runs.
   */
  static Optional<Consumer<?>> request(String clientAndOperation) {
    Consumer<?> setup =
        switch (clientAndOperation) {
          case "Ec2Client.describeVpcEndpoints" ->
              (DescribeVpcEndpointsRequest.Builder b) -> b.vpcEndpointIds("vpce-0linkdns0guard0");
          case "Ec2Client.describeNetworkInterfaces" ->
              (DescribeNetworkInterfacesRequest.Builder b) ->
                  b.filters(
                      Filter.builder()
                          .name("network-interface-id")
                          .values("eni-0linkdns0guard0")
                          .build());
          case "Ec2Client.describeAvailabilityZones" ->
              (DescribeAvailabilityZonesRequest.Builder b) -> b.allAvailabilityZones(true);
          case "Ec2Client.describeVpcs" ->
              (DescribeVpcsRequest.Builder b) ->
                  b.filters(Filter.builder().name("vpc-id").values(VPC).build());
          case "StsClient.getCallerIdentity" -> (GetCallerIdentityRequest.Builder b) -> {};
          case "StsClient.assumeRole" ->
              (AssumeRoleRequest.Builder b) ->
                  b.roleArn("arn:aws:iam::000000000000:role/linkdns-spoke")
                      .roleSessionName("linkdns");
          case "Route53Client.listHostedZones" ->
              (ListHostedZonesRequest.Builder b) -> b.maxItems("1");
          case "Route53Client.listHostedZonesByVPC" ->
              (ListHostedZonesByVpcRequest.Builder b) ->
                  b.vpcId(VPC).vpcRegion(VPCRegion.US_EAST_2);
          case "Route53Client.listHostedZonesByName" ->
              (ListHostedZonesByNameRequest.Builder b) -> b.dnsName("guard.linkdns.test");
          case "Route53Client.getHostedZone" -> (GetHostedZoneRequest.Builder b) -> b.id(ZONE);
          case "Route53Client.listResourceRecordSets" ->
              (ListResourceRecordSetsRequest.Builder b) -> b.hostedZoneId(ZONE);
          case "Route53Client.createHostedZone" ->
              (CreateHostedZoneRequest.Builder b) ->
                  b.name(
                          "shipped-"
                              + UUID.randomUUID().toString().substring(0, 8)
                              + ".guard.linkdns.test")
                      .callerReference("linkdns-guard-" + UUID.randomUUID())
                      .vpc(v -> v.vpcId(VPC).vpcRegion(VPCRegion.US_EAST_2))
                      .hostedZoneConfig(c -> c.privateZone(true).comment("shipped-jar guard"));
          case "Route53Client.changeTagsForResource" ->
              (ChangeTagsForResourceRequest.Builder b) ->
                  b.resourceType(TagResourceType.HOSTEDZONE)
                      .resourceId(ZONE)
                      .addTags(Tag.builder().key("k").value("v").build());
          case "Route53Client.associateVPCWithHostedZone" ->
              (AssociateVpcWithHostedZoneRequest.Builder b) ->
                  b.hostedZoneId(ZONE).vpc(v -> v.vpcId(VPC).vpcRegion(VPCRegion.US_EAST_2));
          case "Route53Client.changeResourceRecordSets" ->
              (ChangeResourceRecordSetsRequest.Builder b) ->
                  b.hostedZoneId(ZONE)
                      .changeBatch(
                          c ->
                              c.changes(
                                  Change.builder()
                                      .action(ChangeAction.UPSERT)
                                      .resourceRecordSet(
                                          ResourceRecordSet.builder()
                                              .name("a.guard.linkdns.test")
                                              .type(RRType.CNAME)
                                              .ttl(60L)
                                              .resourceRecords(r -> r.value("b.guard.linkdns.test"))
                                              .build())
                                      .build()));
          case "Route53Client.updateHostedZoneComment" ->
              (UpdateHostedZoneCommentRequest.Builder b) -> b.id(ZONE).comment("shipped-jar guard");
          case "Route53Client.disassociateVPCFromHostedZone" ->
              (DisassociateVpcFromHostedZoneRequest.Builder b) ->
                  b.hostedZoneId(ZONE)
                      .vpc(v -> v.vpcId("vpc-0000000000guard").vpcRegion(VPCRegion.US_EAST_2));
          case "Route53Client.createVPCAssociationAuthorization" ->
              (CreateVpcAssociationAuthorizationRequest.Builder b) ->
                  b.hostedZoneId(ZONE).vpc(v -> v.vpcId(VPC).vpcRegion(VPCRegion.US_EAST_2));
          case "Route53Client.deleteVPCAssociationAuthorization" ->
              (DeleteVpcAssociationAuthorizationRequest.Builder b) ->
                  b.hostedZoneId(ZONE).vpc(v -> v.vpcId(VPC).vpcRegion(VPCRegion.US_EAST_2));
          case "Route53Client.deleteHostedZone" ->
              (DeleteHostedZoneRequest.Builder b) -> b.id("Z0000000000GUARD");
          case "SecretsManagerClient.getSecretValue" ->
              (GetSecretValueRequest.Builder b) -> b.secretId("linkdns/guard");
          case "SqsClient.changeMessageVisibility" ->
              (ChangeMessageVisibilityRequest.Builder b) ->
                  b.queueUrl("http://127.0.0.1/000000000000/linkdns-guard")
                      .receiptHandle("guard")
                      .visibilityTimeout(1);
          case "SqsClient.sendMessage" ->
              (SendMessageRequest.Builder b) ->
                  b.queueUrl("http://127.0.0.1/000000000000/linkdns-guard").messageBody("{}");
          default -> null;
        };
    return Optional.ofNullable(setup);
  }

  /**
   * Makes each call ({@code owner-internal-name.method-name+descriptor}, as the bytecode names it)
   * on the shipped jar's clients against the AWS API at {@code endpoint}, and says per call how it
   * went: "returned", "answered &lt;AWS error code&gt;", "uncovered" (no row), or "broken:
   * &lt;exception&gt;".
   */
  public static Map<String, String> run(URI endpoint, String region, List<String> calls) {
    AwsClients clients =
        AwsClients.build(
            new AwsClients.Config(Region.of(region), Optional.of(endpoint), 1, 50.0, List.of()));
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (String call : calls) {
      outcomes.put(call, run(clients, call));
    }
    return outcomes;
  }

  private static String run(AwsClients clients, String call) {
    int dot = call.indexOf('.');
    int paren = call.indexOf('(');
    String name = call.substring(dot + 1, paren);
    String descriptor = call.substring(paren);
    try {
      Class<?> type =
          Class.forName(
              call.substring(0, dot).replace('/', '.'), false, ShippedCalls.class.getClassLoader());
      String operation =
          name.endsWith("Paginator")
              ? name.substring(0, name.length() - "Paginator".length())
              : name;
      Optional<Consumer<?>> setup = request(type.getSimpleName() + "." + operation);
      if (setup.isEmpty()) {
        return "uncovered";
      }
      // Looked up by its descriptor alone: reflecting over all of the client's methods would load
      // classes of operations the jar rightly lacks, which the JVM never does to make one call.
      MethodType signature =
          MethodType.fromMethodDescriptorString(descriptor, ShippedCalls.class.getClassLoader());
      MethodHandle method = MethodHandles.publicLookup().findVirtual(type, name, signature);
      Object result =
          method.invokeWithArguments(arguments(client(clients, type), signature, setup.get()));
      if (result instanceof SdkIterable<?> pages) {
        pages.iterator().next(); // a paginator calls when its first page is asked for
      }
      return "returned";
    } catch (InvocationTargetException e) {
      return outcome(e.getCause());
    } catch (Throwable e) {
      return outcome(e);
    }
  }

  private static String outcome(Throwable e) {
    if (e instanceof AwsServiceException aws) {
      return "answered "
          + aws.awsErrorDetails()
              .errorCode(); // the operation is there: the service refused the request
    }
    return "broken: " + e;
  }

  /**
   * The receiver and the request: none, the row's builder setup itself, or the request it builds.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Object> arguments(Object client, MethodType signature, Consumer setup)
      throws ReflectiveOperationException {
    if (signature.parameterCount() == 0) {
      return List.of(client);
    }
    Class<?> param = signature.parameterType(0);
    if (signature.parameterCount() == 1 && param == Consumer.class) {
      return List.of(client, setup);
    }
    if (signature.parameterCount() == 1) {
      Object builder = param.getMethod("builder").invoke(null);
      setup.accept(builder);
      return List.of(client, ((SdkBuilder<?, ?>) builder).build());
    }
    throw new IllegalArgumentException("no way to call with a request: " + signature);
  }

  /**
   * The client of the given interface among those linkdns builds (a record component, or a lazy
   * one).
   */
  private static Object client(AwsClients clients, Class<?> type)
      throws ReflectiveOperationException {
    for (RecordComponent c : AwsClients.class.getRecordComponents()) {
      Object value = c.getAccessor().invoke(clients);
      if (value instanceof Supplier<?> lazy && !type.isInstance(value)) {
        value = lazy.get();
      }
      if (type.isInstance(value)) {
        return value;
      }
    }
    throw new IllegalStateException("AwsClients builds no " + type.getName());
  }
}
