package io.linkdns.aws.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Accounts of the emulator: moto switches to account {@code <id>} on an AssumeRole of {@code
 * arn:aws:iam::<id>:role/<any>}, so a test needing several accounts assumes into each and signs its
 * calls with the credentials it gets. The one place tests do that.
 */
public final class EmulatedAccounts {
  private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

  private EmulatedAccounts() {}

  /**
   * A random 12-digit account id, starting with {@code first} (tests tell their accounts apart).
   */
  public static String randomId(char first) {
    return first + String.format("%011d", ThreadLocalRandom.current().nextLong(100_000_000_000L));
  }

  /** Session credentials of the account, from the emulator's STS, through the role named. */
  public static AwsSessionCredentials assume(String account, String role) {
    try (StsClient sts =
        StsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(AwsEmulator.get().endpoint())
            .httpClient(HTTP)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      var c =
          sts.assumeRole(
                  r ->
                      r.roleArn("arn:aws:iam::" + account + ":role/" + role)
                          .roleSessionName("linkdns-test"))
              .credentials();
      return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }
  }

  /** An EC2 client of the region, signing as these credentials. */
  public static Ec2Client ec2(AwsCredentials credentials, Region region) {
    return Ec2Client.builder()
        .region(region)
        .endpointOverride(AwsEmulator.get().endpoint())
        .httpClient(HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .build();
  }

  /**
   * A Route 53 client signing as these credentials, configured further by the caller (retries,
   * interceptors).
   */
  public static Route53Client route53(
      AwsCredentials credentials, Consumer<ClientOverrideConfiguration.Builder> configure) {
    return Route53Client.builder()
        .region(Region.AWS_GLOBAL)
        .endpointOverride(AwsEmulator.get().endpoint())
        .httpClient(HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .overrideConfiguration(configure)
        .build();
  }
}
