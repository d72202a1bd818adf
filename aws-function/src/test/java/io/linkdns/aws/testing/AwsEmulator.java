package io.linkdns.aws.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The AWS API the tests talk to, started once per JVM: the endpoint in AWS_ENDPOINT_URL if set;
 * otherwise LocalStack through Testcontainers when a Docker engine is reachable; otherwise
 * moto_server with linkdns's fidelity patches (aws-function/moto/linkdns_moto.py) on a free
 * loopback port. LINKDNS_TEST_EMULATOR=moto|localstack forces a choice.
 */
public final class AwsEmulator {
  public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";
  private static AwsEmulator instance;

  private final URI endpoint;
  private final String kind;

  private AwsEmulator(URI endpoint, String kind) {
    this.endpoint = endpoint;
    this.kind = kind;
  }

  public static synchronized AwsEmulator get() {
    if (instance == null) {
      // Emulators accept any key; the SDK's default chain reads these system properties.
      if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
      }
      instance = start();
    }
    return instance;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** "moto", "localstack" or "external". */
  public String kind() {
    return kind;
  }

  private static AwsEmulator start() {
    String explicit = System.getenv("AWS_ENDPOINT_URL");
    String forced = Optional.ofNullable(System.getenv("LINKDNS_TEST_EMULATOR")).orElse("");
    if (explicit != null && !explicit.isBlank() && forced.isEmpty()) {
      return new AwsEmulator(URI.create(explicit), "external");
    }
    if (forced.equals("localstack") || (forced.isEmpty() && dockerReachable())) {
      return LocalStack.start();
    }
    return startMoto();
  }

  private static boolean dockerReachable() {
    if (System.getenv("DOCKER_HOST") == null && !new File("/var/run/docker.sock").exists()) {
      return false;
    }
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static AwsEmulator startMoto() {
    Path script = locateScript();
    try {
      Process p =
          new ProcessBuilder("python3", script.toString(), "--port", "0", "--host", "127.0.0.1")
              .redirectError(ProcessBuilder.Redirect.appendTo(logFile()))
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    p.destroy();
                    try {
                      if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                      }
                    } catch (InterruptedException ignored) {
                      p.destroyForcibly();
                    }
                  }));
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("LISTENING ")) {
          int port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
          return new AwsEmulator(URI.create("http://127.0.0.1:" + port), "moto");
        }
        if (System.nanoTime() > deadline) {
          break;
        }
      }
      throw new IllegalStateException("moto_server did not start; see " + logFile());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "cannot start moto_server via " + script + ": " + e.getMessage(), e);
    }
  }

  private static File logFile() {
    File target = new File("target");
    target.mkdirs();
    return new File(target, "moto-server.log");
  }

  private static Path locateScript() {
    for (String candidate :
        new String[] {
          "moto/linkdns_moto.py",
          "aws-function/moto/linkdns_moto.py",
          "../aws-function/moto/linkdns_moto.py"
        }) {
      Path p = Path.of(candidate);
      if (Files.exists(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "moto/linkdns_moto.py not found from " + Path.of("").toAbsolutePath());
  }

  /** LocalStack via Testcontainers; only loaded when a Docker engine answers. */
  private static final class LocalStack {
    static AwsEmulator start() {
      var container =
          new org.testcontainers.localstack.LocalStackContainer(
                  org.testcontainers.utility.DockerImageName.parse(LOCALSTACK_IMAGE))
              .withServices("ec2", "route53");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new AwsEmulator(container.getEndpoint(), "localstack");
    }
  }
}
