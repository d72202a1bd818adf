package io.linkdns.aws;

import io.linkdns.core.Lazy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients once per container: the light URLConnection HTTP client, the SDK's
 * standard retry strategy with jittered exponential backoff (throttling, PriorRequestNotComplete,
 * 5xx and dropped connections are retried by it), and Route 53 pacing. Endpoints follow the SDK's
 * own AWS_ENDPOINT_URL variables unless an override is given. Secrets Manager (the Confluent key)
 * and SQS (retrying a pending endpoint sooner) are built on first use: most containers never need
 * them; so is STS (the home account's id when unset, and the roles assumed in member accounts).
 *
 * @param actingAs the same clients, configuration and HTTP client with other credentials (a member
 *     account's assumed role); nothing is called until a client is used
 */
public record AwsClients(
    Ec2Client ec2,
    Route53Client route53,
    Supplier<SecretsManagerClient> secrets,
    Supplier<SqsClient> sqs,
    Supplier<Route53Profiles> profiles,
    Supplier<StsClient> sts,
    Function<AwsCredentialsProvider, AwsClients> actingAs) {

  /**
   * How to reach AWS: region, optional endpoint override, extra interceptors (tests count calls
   * with them).
   */
  public record Config(
      Region region,
      Optional<URI> endpoint,
      int maxAttempts,
      double route53PerSecond,
      List<ExecutionInterceptor> interceptors,
      UnaryOperator<SdkHttpClient> httpWrapper) {
    public Config(
        Region region,
        Optional<URI> endpoint,
        int maxAttempts,
        double route53PerSecond,
        List<ExecutionInterceptor> interceptors) {
      this(region, endpoint, maxAttempts, route53PerSecond, interceptors, UnaryOperator.identity());
    }
  }

  /** The longest one AWS call may take, retries included, whatever time the invocation has left. */
  static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);

  public static AwsClients build(Config config) {
    return build(
        config,
        config
            .httpWrapper()
            .apply(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(3))
                    .socketTimeout(Duration.ofSeconds(20))
                    .build()));
  }

  /**
   * The clients over a given HTTP client (the cold-start rehearsal's canned one); the config's
   * wrapper is not applied.
   */
  static AwsClients build(Config config, SdkHttpClient http) {
    return build(config, http, Optional.empty());
  }

  /**
   * @param credentials the credentials to sign with; the SDK's default chain when empty
   */
  private static AwsClients build(
      Config config, SdkHttpClient http, Optional<AwsCredentialsProvider> credentials) {
    ClientOverrideConfiguration.Builder common =
        ClientOverrideConfiguration.builder()
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(config.maxAttempts())
                    .backoffStrategy(
                        BackoffStrategy.exponentialDelay(
                            Duration.ofMillis(100), Duration.ofSeconds(5)))
                    .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(
                            Duration.ofMillis(500), Duration.ofSeconds(10)))
                    .build())
            .apiCallTimeout(API_CALL_TIMEOUT)
            .addExecutionInterceptor(
                new DeadlineInterceptor(API_CALL_TIMEOUT)); // and by the invocation's deadline
    config.interceptors().forEach(common::addExecutionInterceptor);
    ClientOverrideConfiguration ec2Override = common.build();
    ClientOverrideConfiguration route53Override =
        common.copy().addExecutionInterceptor(new Pacer(config.route53PerSecond())).build();

    var ec2 =
        Ec2Client.builder()
            .region(config.region())
            .httpClient(http)
            .overrideConfiguration(ec2Override);
    // Route 53 is a global service signed for us-east-1 whatever the function's region.
    var route53 =
        Route53Client.builder()
            .region(Region.AWS_GLOBAL)
            .httpClient(http)
            .overrideConfiguration(route53Override);
    config
        .endpoint()
        .ifPresent(
            uri -> {
              ec2.endpointOverride(uri);
              route53.endpointOverride(uri);
            });
    credentials.ifPresent(
        c -> {
          ec2.credentialsProvider(c);
          route53.credentialsProvider(c);
        });
    Supplier<SecretsManagerClient> secrets =
        Lazy.of(
            () -> regional(SecretsManagerClient.builder(), config, http, ec2Override, credentials));
    Supplier<SqsClient> sqs =
        Lazy.of(() -> regional(SqsClient.builder(), config, http, ec2Override, credentials));
    // STS in the function's region (its regional endpoint), as AWS recommends over the global one.
    Supplier<StsClient> sts =
        Lazy.of(() -> regional(StsClient.builder(), config, http, ec2Override, credentials));
    Route53Client route53Client = route53.build();
    // Route 53 Profiles has no SDK client here (see Route53Profiles): same HTTP client, same
    // identity as Route 53.
    Supplier<Route53Profiles> profiles =
        Lazy.of(
            () ->
                new Route53Profiles(
                    http,
                    config.endpoint().orElseGet(() -> profilesEndpoint(config.region().id())),
                    config.region().id(),
                    () ->
                        route53Client
                            .serviceClientConfiguration()
                            .credentialsProvider()
                            .resolveIdentity()
                            .join()));
    return new AwsClients(
        ec2.build(),
        route53Client,
        secrets,
        sqs,
        profiles,
        sts,
        other -> build(config, http, Optional.of(other)));
  }

  /**
   * The SDK's endpoint variables, as its generated clients read them, else the service's regional
   * endpoint.
   */
  private static URI profilesEndpoint(String region) {
    return java.util.stream.Stream.of("AWS_ENDPOINT_URL_ROUTE53PROFILES", "AWS_ENDPOINT_URL")
        .map(System::getenv)
        .filter(v -> v != null && !v.isBlank())
        .findFirst()
        .map(URI::create)
        .orElseGet(() -> Route53Profiles.defaultEndpoint(region));
  }

  /**
   * A regional client built like the others: same HTTP client, overrides, endpoint and credentials.
   */
  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C regional(
      B builder,
      Config config,
      SdkHttpClient http,
      ClientOverrideConfiguration override,
      Optional<AwsCredentialsProvider> credentials) {
    builder.region(config.region()).httpClient(http).overrideConfiguration(override);
    config.endpoint().ifPresent(builder::endpointOverride);
    credentials.ifPresent(builder::credentialsProvider);
    return builder.build();
  }
}
