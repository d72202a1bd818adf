package io.linkdns.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the function the way Lambda's java runtime does: a JVM running the real runtime interface
 * client ({@code AWSLambda}) with the handler from {@code _HANDLER}, the function jar first on the
 * class path, and the environment Lambda sets (Runtime API address, reserved variables, the
 * template's settings). The AOT training and the tests of the shaded jar both start it here.
 */
public final class LambdaProcess {
  public static final String RIC_MAIN =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  public static final String HANDLER = "io.linkdns.aws.Handler::handleRequest";

  /**
   * The template's JAVA_TOOL_OPTIONS plus what the JVM sees and picks by itself in a 1024 MB
   * function (1 GiB of memory, hence the serial collector and a heap sized from 1 GiB), so that
   * runs here and the AOT cache match what Lambda runs, not what this machine has.
   */
  public static final String JAVA_OPTIONS =
      "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAM=1024m";

  private LambdaProcess() {}

  /**
   * The class path Lambda's runtime would give: the function jar first, then the runtime client's
   * jars.
   */
  public static String classPath(Path functionJar, Path ricDir) throws IOException {
    List<String> entries = new ArrayList<>();
    entries.add(functionJar.toAbsolutePath().toString());
    try (Stream<Path> jars = Files.list(ricDir)) {
      jars.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> entries.add(p.toAbsolutePath().toString()));
    }
    if (entries.size() == 1) {
      throw new IllegalStateException("no runtime client jars in " + ricDir.toAbsolutePath());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /**
   * The environment of a Lambda function of this project (template defaults), talking to the given
   * APIs.
   */
  public static Map<String, String> environment(
      String runtimeApi, String awsEndpoint, Path taskRoot, String initType, String javaOptions) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    env.put("_HANDLER", HANDLER);
    env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
    env.put("LAMBDA_RUNTIME_DIR", taskRoot.toAbsolutePath().toString());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
    env.put("AWS_LAMBDA_FUNCTION_NAME", "linkdns");
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", initType);
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/linkdns");
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef");
    env.put("AWS_LAMBDA_LOG_FORMAT", "Text");
    env.put("TZ", ":UTC");
    env.put("AWS_REGION", "us-east-2");
    env.put("AWS_DEFAULT_REGION", "us-east-2");
    env.put("AWS_ENDPOINT_URL", awsEndpoint);
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("LINKDNS_OWNER_ID", "linkdns-us-east-2");
    env.put("LINKDNS_POLICY", "sync");
    env.put("LINKDNS_CREATE_ZONES", "true");
    env.put("LINKDNS_ROUTE53_RATE", "5");
    env.put("LINKDNS_MAX_ATTEMPTS", "8");
    env.put("JAVA_TOOL_OPTIONS", javaOptions);
    return env;
  }

  /**
   * Starts the runtime client in a child JVM of the given java, output to {@code log}. Nothing of
   * the caller's AWS or JVM settings leaks in: the child sees what Lambda would set.
   */
  public static Process start(
      Path java,
      String classPath,
      Map<String, String> env,
      Path taskRoot,
      Path log,
      List<String> jvmArgs)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classPath, RIC_MAIN, env.getOrDefault("_HANDLER", HANDLER)));
    return start(command, env, taskRoot, log);
  }

  /**
   * Starts a Lambda runtime's own command line (the benchmark's Python runtime loop, say) in {@code
   * taskRoot} with only Lambda's environment of the caller's AWS and JVM settings, as {@link
   * #start(Path, String, Map, Path, Path, List)} does.
   */
  public static Process start(
      List<String> command, Map<String, String> env, Path taskRoot, Path log) throws IOException {
    Files.createDirectories(taskRoot);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(taskRoot.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("AWS_")
                    || k.startsWith("LINKDNS_")
                    || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("_JAVA_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS"));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** The java of the JVM this runs in. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
