package io.linkdns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkdns.aws.testing.AwsEmulator;
import io.linkdns.demo.shipped.ShippedCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The guard over the build's trimming of the SDK clients
 * (aws-function/src/build/TrimServiceModels.java): every method linkdns's shipped classes invoke on
 * an AWS SDK service client is run on the shipped jar alone against the AWS emulator, so an
 * operation the trimming dropped fails the build, not production.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShippedJarCallsTest {
  private static final Path FUNCTION_JAR =
      Path.of(
          System.getProperty(
              "linkdns.functionJar", "../aws-function/target/linkdns-aws-function.jar"));

  /**
   * A service client interface: software.amazon.awssdk.services.route53.Route53Client and its kind.
   */
  private static final Pattern CLIENT =
      Pattern.compile("software/amazon/awssdk/services/[a-z0-9]+/[A-Za-z0-9]+Client");

  /** Methods of every client that are not operations; the trimming never removes them. */
  private static final Set<String> NOT_OPERATIONS =
      Set.of("close", "serviceName", "serviceClientConfiguration");

  @Test
  void everySdkCallLinkdnsMakesRunsOnTheShippedJar() throws Exception {
    Map<String, String> calls = sdkCalls(FUNCTION_JAR);
    assertThat(calls.keySet())
        .as("SDK client calls found in the shipped linkdns classes")
        .anyMatch(c -> c.contains("Route53Client.changeResourceRecordSets("))
        .anyMatch(c -> c.contains("Ec2Client.describeVpcEndpoints("));

    Map<String, String> outcomes = runOnShippedJar(new ArrayList<>(calls.keySet()));

    List<String> uncovered = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    outcomes.forEach(
        (call, outcome) -> {
          String where = " (called in " + calls.get(call) + ")";
          if (outcome.equals("uncovered")) {
            uncovered.add(
                "linkdns calls "
                    + readable(call)
                    + where
                    + " but no shipped-jar test covers it: add a row to "
                    + ShippedCalls.TABLE);
          } else if (outcome.startsWith("broken")) {
            broken.add(readable(call) + where + " fails on the shipped jar: " + outcome);
          }
        });
    assertThat(uncovered).as("SDK calls without a row").isEmpty();
    assertThat(broken)
        .as("SDK calls that fail on the shipped jar (trimmed away by TrimServiceModels?)")
        .isEmpty();
    assertThat(outcomes)
        .as("each call returned or was answered by the emulator")
        .hasSameSizeAs(calls)
        .allSatisfy((call, outcome) -> assertThat(outcome).matches("returned|answered \\S+"));
  }

  @Test
  void theAssumeRoleOfMemberAccountsRunsOnTheShippedJar() throws Exception {
    // Made by the SDK's StsAssumeRoleCredentialsProvider, not by linkdns's classes, so the scan
    // above cannot see it.
    String call =
        "software/amazon/awssdk/services/sts/StsClient.assumeRole"
            + "(Lsoftware/amazon/awssdk/services/sts/model/AssumeRoleRequest;)"
            + "Lsoftware/amazon/awssdk/services/sts/model/AssumeRoleResponse;";

    assertThat(runOnShippedJar(List.of(call))).containsEntry(call, "returned");
  }

  @Test
  void aCallWithoutARowIsReportedByName() throws Exception {
    // a call linkdns does not make, so it has no row
    String call =
        "software/amazon/awssdk/services/route53/Route53Client.getHostedZoneCount"
            + "(Lsoftware/amazon/awssdk/services/route53/model/GetHostedZoneCountRequest;)"
            + "Lsoftware/amazon/awssdk/services/route53/model/GetHostedZoneCountResponse;";

    assertThat(runOnShippedJar(List.of(call))).containsEntry(call, "uncovered");
  }

  /**
   * The SDK client methods linkdns's classes in the jar invoke (directly or as method references),
   * as "owner.name+descriptor", each with the first class that invokes it.
   */
  static Map<String, String> sdkCalls(Path jar) throws IOException {
    Map<String, String> calls = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (!e.getName().startsWith("io/linkdns/") || !e.getName().endsWith(".class")) {
          continue;
        }
        String caller = e.getName().replace('/', '.').replace(".class", "");
        try (InputStream in = zip.getInputStream(e)) {
          new ClassReader(in)
              .accept(
                  new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(
                        int access,
                        String name,
                        String descriptor,
                        String signature,
                        String[] exceptions) {
                      return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(
                            int opcode,
                            String owner,
                            String method,
                            String desc,
                            boolean isInterface) {
                          if (opcode == Opcodes.INVOKEINTERFACE) {
                            found(owner, method, desc);
                          }
                        }

                        @Override
                        public void visitInvokeDynamicInsn(
                            String method, String desc, Handle bootstrap, Object... arguments) {
                          for (Object a : arguments) {
                            if (a instanceof Handle h && h.getTag() == Opcodes.H_INVOKEINTERFACE) {
                              found(
                                  h.getOwner(),
                                  h.getName(),
                                  h.getDesc()); // route53::listHostedZones
                            }
                          }
                        }

                        private void found(String owner, String method, String desc) {
                          if (CLIENT.matcher(owner).matches() && !NOT_OPERATIONS.contains(method)) {
                            calls.putIfAbsent(owner + "." + method + desc, caller);
                          }
                        }
                      };
                    }
                  },
                  ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
      }
    }
    return calls;
  }

  /** Runs the calls through {@link ShippedCalls}, loaded over the shipped jar and nothing else. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> runOnShippedJar(List<String> calls) throws Exception {
    URI endpoint =
        AwsEmulator.get().endpoint(); // also the credentials, for the shipped SDK's default chain
    ClassLoader caller = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader shipped =
        new URLClassLoader(
            new URL[] {FUNCTION_JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(shipped);
      Class<?> probe = Class.forName(ShippedCalls.class.getName(), true, new ProbeLoader(shipped));
      assertThat(probe.getClassLoader()).isNotSameAs(ShippedCalls.class.getClassLoader());
      return (Map<String, String>)
          probe
              .getMethod("run", URI.class, String.class, List.class)
              .invoke(null, endpoint, "us-east-2", calls);
    } finally {
      Thread.currentThread().setContextClassLoader(caller);
    }
  }

  private static String readable(String call) {
    String owner = call.substring(0, call.indexOf('.'));
    return owner.substring(owner.lastIndexOf('/') + 1)
        + call.substring(call.indexOf('.'), call.indexOf('('))
        + call.substring(call.indexOf('('))
            .replaceAll("L[^;]*/([^;/]+);", "$1")
            .replace(")", ") -> ");
  }

  /**
   * Defines the probe's package from the test classes, everything else from the shipped jar (its
   * parent).
   */
  private static final class ProbeLoader extends ClassLoader {
    private static final String PACKAGE = ShippedCalls.class.getPackageName() + ".";

    ProbeLoader(ClassLoader shipped) {
      super(shipped);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE)) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in =
          ShippedJarCallsTest.class
              .getClassLoader()
              .getResourceAsStream(name.replace('.', '/') + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
