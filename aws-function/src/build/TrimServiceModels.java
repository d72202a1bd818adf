import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step (run on the shaded function jar after maven-shade-plugin, as a single-file program):
 * trims every AWS SDK service client in the jar to the operations linkdns calls.
 *
 * <p>Why: shade's minimizeJar works class by class, and a service client interface names the
 * request and response of every operation, so EC2's 13,000 model classes all look reachable. At run
 * time the JVM loads a model class only when an operation that uses it runs. So per service ({@code
 * software/amazon/awssdk/services/<name>/}) this keeps everything outside the model, transform,
 * paginators and waiters packages, and inside them only what is reachable from linkdns's own
 * classes and from the service's non-client classes (interceptors, endpoint rules), following
 * references from class to class but not through the client classes, plus each kept shape's
 * marshaller and every modelled exception (the client maps error codes to all of them when it is
 * built). A service client added later is trimmed the same way with no list to maintain.
 *
 * <p>Usage: {@code java TrimServiceModels.java JAR} (rewrites JAR in place; prints one line saying
 * what it removed). demo's ShippedJarCallsTest runs every SDK call linkdns makes on the result.
 */
public class TrimServiceModels {
  private static final Pattern SERVICE_CLASS =
      Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/[A-Za-z0-9_$/]+");
  private static final Pattern TRIMMABLE =
      Pattern.compile(
          "software/amazon/awssdk/services/[a-z0-9]+/(model|transform|paginators|waiters)/.+\\.class");
  private static final Pattern CLIENT =
      Pattern.compile(
          "software/amazon/awssdk/services/[a-z0-9]+/[A-Za-z0-9]*Client(\\$.*)?\\.class");

  private static final Pattern DEFAULT_CLIENT =
      Pattern.compile(
          "software/amazon/awssdk/services/[a-z0-9]+/Default[A-Za-z0-9]*Client\\.class");
  private static final Pattern MODEL_REF =
      Pattern.compile("L(software/amazon/awssdk/services/[a-z0-9]+/model/[A-Za-z0-9_]+);");

  private static final Map<String, List<String>> nested = new HashMap<>();

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    Map<String, byte[]> classes = new LinkedHashMap<>();
    Set<String> trimmable = new HashSet<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        if (e.getName().endsWith(".class")) {
          try (InputStream in = zip.getInputStream(e)) {
            classes.put(e.getName(), in.readAllBytes());
          }
          if (TRIMMABLE.matcher(e.getName()).matches()) {
            trimmable.add(e.getName());
          }
          if (e.getName().contains("$")) {
            nested.computeIfAbsent(outer(e.getName()), k -> new ArrayList<>()).add(e.getName());
          }
        }
      }
    }

    Set<String> kept = new HashSet<>();
    Set<String> shallow = new HashSet<>();
    Deque<String> work = new ArrayDeque<>();
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      String name = c.getKey();
      if (trimmable.contains(name)) {
        if (name.contains("/model/") && name.endsWith("Exception.class")) {
          keep(name, kept, work, classes);
        } else if (name.contains("/model/")
            && name.endsWith("Request.class")
            && !name.contains("$")) {
          // The bytecode verifier loads each operation's request class when it links the client
          // (the
          // request is passed where SdkRequest is expected). Loaded, never initialised: its
          // members'
          // classes are not needed, so it is kept without them, its references not followed.
          shallow.add(name);
        }
      } else if (!CLIENT.matcher(name).matches()) {
        // linkdns's classes, the SDK core, and a service's interceptors, endpoint rules, auth
        // schemes
        for (String ref : references(c.getValue(), classes)) {
          if (trimmable.contains(ref)) {
            keep(ref, kept, work, classes);
          }
        }
      }
    }
    while (!work.isEmpty()) {
      String name = work.pop();
      for (String ref : references(classes.get(name), classes)) {
        if (trimmable.contains(ref)) {
          keep(ref, kept, work, classes);
        }
      }
      if (name.contains("/model/") && !name.contains("$")) {
        // the operation's marshaller lives in transform/ and is only named by the client
        String simple =
            name.substring(name.lastIndexOf('/') + 1, name.length() - ".class".length());
        String transform = name.substring(0, name.indexOf("/model/")) + "/transform/" + simple;
        for (String suffix : new String[] {"Marshaller.class", "Unmarshaller.class"}) {
          if (trimmable.contains(transform + suffix)) {
            keep(transform + suffix, kept, work, classes);
          }
        }
      }
    }

    // Each service's sync client class keeps only the operations whose request linkdns builds: the
    // others' methods go, so linking the client no longer loads (and an AOT cache no longer holds)
    // a
    // request class and a resolved call site per operation the service has (EC2: ~950 of each).
    Map<String, byte[]> rewritten = new TreeMap<>();
    Set<String> bare = new HashSet<>(); // request classes some client method still names
    Map<String, String> operations =
        new TreeMap<>(); // service -> "kept/all" methods of its sync client
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      if (DEFAULT_CLIENT.matcher(c.getKey()).matches()) {
        ClassMethods methods = new ClassMethods(c.getValue());
        ClassMethods.Trimmed trimmed =
            methods.without(
                descriptor -> {
                  Matcher m = MODEL_REF.matcher(descriptor);
                  while (m.find()) {
                    String ref = m.group(1) + ".class";
                    if (shallow.contains(ref) && !kept.contains(ref)) {
                      return true; // an operation linkdns never calls
                    }
                  }
                  return false;
                });
        if (trimmed.descriptors().size() != methods.count()) {
          rewritten.put(c.getKey(), trimmed.bytes());
          if (!c.getKey().endsWith("AsyncClient.class")) {
            Matcher service = SERVICE_CLASS.matcher(c.getKey());
            service.lookingAt();
            operations.put(service.group(1), trimmed.descriptors().size() + "/" + methods.count());
          }
        }
        for (String descriptor : trimmed.descriptors()) {
          Matcher m = MODEL_REF.matcher(descriptor);
          while (m.find()) {
            bare.add(m.group(1) + ".class");
          }
        }
      }
    }
    shallow.retainAll(bare);

    Set<String> removed = new HashSet<>(trimmable);
    removed.removeAll(kept);
    removed.removeAll(shallow);
    for (String request : List.copyOf(shallow)) {
      // Verifying the request loads its Builder interface (a return type). With it, requests
      // verify, so
      // the AOT cache can hold them and the client classes stay AOT-linked (no verification at
      // start-up).
      String builder = request.replace(".class", "$Builder.class");
      removed.remove(builder);
      if (classes.containsKey(builder)) {
        shallow.add(builder);
      }
    }
    Map<String, int[]> perService = new TreeMap<>();
    for (String t : trimmable) {
      Matcher m = SERVICE_CLASS.matcher(t);
      m.lookingAt();
      int[] counts = perService.computeIfAbsent(m.group(1), k -> new int[3]);
      counts[removed.contains(t) ? 1 : kept.contains(t) ? 0 : 2]++;
    }
    Path out = jar.resolveSibling(jar.getFileName() + ".trimmed");
    try (ZipFile zip = new ZipFile(jar.toFile());
        OutputStream os = Files.newOutputStream(out);
        ZipOutputStream zos = new ZipOutputStream(os)) {
      zos.setLevel(9);
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        if (removed.contains(e.getName())) {
          continue;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        zos.putNextEntry(copy);
        if (rewritten.containsKey(e.getName())) {
          zos.write(rewritten.get(e.getName()));
        } else {
          try (InputStream in = zip.getInputStream(e)) {
            in.transferTo(zos);
          }
        }
        zos.closeEntry();
      }
    }
    long before = Files.size(jar);
    Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
    StringBuilder services = new StringBuilder();
    perService.forEach(
        (service, c) ->
            services
                .append(services.length() == 0 ? "" : "; ")
                .append(service)
                .append(": ")
                .append(operations.getOrDefault(service, "all"))
                .append(" client methods kept, ")
                .append(c[1])
                .append(" model classes removed"));
    System.out.printf(
        "[linkdns] %s trimmed to the SDK operations linkdns calls (%s): %.1f MB -> %.1f MB%n",
        jar.getFileName(), services, before / 1e6, Files.size(jar) / 1e6);
  }

  /**
   * The methods of one class file, enough of the format (JVMS 4.1) to drop whole methods: the
   * constant pool is kept as it is (entries nothing uses any more are legal), fields and attributes
   * are copied.
   */
  static final class ClassMethods {
    private final byte[] bytes;
    private final String[] utf8;
    private final int methodsAt; // offset of methods_count
    private final List<int[]> methods = new ArrayList<>(); // {start, end, descriptor index}
    private final int methodsEnd;

    /** A class file without some methods, and the descriptors of the methods it kept. */
    record Trimmed(byte[] bytes, List<String> descriptors) {}

    ClassMethods(byte[] bytes) {
      this.bytes = bytes;
      int cpCount = u2(8);
      utf8 = new String[cpCount];
      int p = 10;
      for (int i = 1; i < cpCount; i++) {
        int tag = bytes[p] & 0xff;
        switch (tag) {
          case 1 -> {
            int len = u2(p + 1);
            utf8[i] =
                new String(
                    bytes,
                    p + 3,
                    len,
                    StandardCharsets.ISO_8859_1); // names and descriptors: ASCII here
            p += 3 + len;
          }
          case 3, 4 -> p += 5;
          case 5, 6 -> {
            p += 9;
            i++;
          }
          case 7, 8, 16, 19, 20 -> p += 3;
          case 9, 10, 11, 12, 17, 18 -> p += 5;
          case 15 -> p += 4;
          default -> throw new IllegalArgumentException("constant pool tag " + tag + " at " + p);
        }
      }
      p += 6; // access, this, super
      p += 2 + 2 * u2(p); // interfaces
      p = members(p, null); // fields
      methodsAt = p;
      methodsEnd = members(p, methods);
    }

    int count() {
      return methods.size();
    }

    /** The class file without the methods whose descriptor matches. */
    Trimmed without(java.util.function.Predicate<String> drop) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
      out.write(bytes, 0, methodsAt + 2);
      List<String> kept = new ArrayList<>();
      for (int[] m : methods) {
        if (!drop.test(utf8[m[2]])) {
          kept.add(utf8[m[2]]);
          out.write(bytes, m[0], m[1] - m[0]);
        }
      }
      out.write(bytes, methodsEnd, bytes.length - methodsEnd);
      byte[] result = out.toByteArray();
      result[methodsAt] = (byte) (kept.size() >> 8);
      result[methodsAt + 1] = (byte) kept.size();
      return new Trimmed(result, List.copyOf(kept));
    }

    private int members(int p, List<int[]> into) {
      int count = u2(p);
      p += 2;
      for (int i = 0; i < count; i++) {
        int start = p;
        int descriptor = u2(p + 4);
        int attributes = u2(p + 6);
        p += 8;
        for (int a = 0; a < attributes; a++) {
          p += 6 + u4(p + 2);
        }
        if (into != null) {
          into.add(new int[] {start, p, descriptor});
        }
      }
      return p;
    }

    private int u2(int p) {
      return ((bytes[p] & 0xff) << 8) | (bytes[p + 1] & 0xff);
    }

    private int u4(int p) {
      return (u2(p) << 16) | u2(p + 2);
    }
  }

  /** A class and its nested classes (builders, enum helpers) go together. */
  private static void keep(
      String name, Set<String> kept, Deque<String> work, Map<String, byte[]> classes) {
    String outer = outer(name);
    if (kept.add(outer) && classes.containsKey(outer)) {
      work.push(outer);
    }
    for (String c : nested.getOrDefault(outer, List.of())) {
      if (kept.add(c)) {
        work.push(c);
      }
    }
  }

  private static String outer(String name) {
    return name.contains("$") ? name.substring(0, name.indexOf('$')) + ".class" : name;
  }

  /**
   * Service classes a class file names: class constants and descriptors are ASCII in the constant
   * pool, so a pattern over the bytes finds them without parsing.
   */
  private static Set<String> references(byte[] classFile, Map<String, byte[]> classes) {
    Set<String> refs = new HashSet<>();
    Matcher m = SERVICE_CLASS.matcher(new String(classFile, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      String name = m.group() + ".class";
      if (classes.containsKey(name)) {
        refs.add(name);
      }
    }
    return refs;
  }
}
