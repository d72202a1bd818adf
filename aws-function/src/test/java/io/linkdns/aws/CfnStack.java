package io.linkdns.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation template as a stack would get it for given parameter values: conditions
 * evaluated, Fn::If branches chosen, AWS::NoValue dropped, parameters and pseudo parameters
 * substituted; what only exists once deployed (Ref to a resource, Fn::GetAtt) stays as written.
 *
 * <p>The YAML (with its short-form tags) is read by cfn-lint's own decoder, so tests see the
 * template exactly as the linter that checks it does; tests that need it assume cfn-lint is
 * installed.
 */
record CfnStack(
    Map<String, JsonNode> resources, Map<String, JsonNode> outputs, List<String> failedRules) {
  static final String ACCOUNT = "111111111111";
  static final String REGION = "us-east-2";
  static final String STACK_NAME = "linkdns";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<Path, JsonNode> DECODED = new HashMap<>();

  /** The template at {@code file}, or empty if cfn-lint's decoder (Python) is not available. */
  static synchronized Optional<JsonNode> decode(Path file)
      throws IOException, InterruptedException {
    Path key = file.toAbsolutePath().normalize();
    if (DECODED.containsKey(key)) {
      return Optional.of(DECODED.get(key));
    }
    String script =
        "import json,sys\nfrom cfnlint.decode import decode\n"
            + "t, m = decode(sys.argv[1])\nif t is None:\n    sys.exit('cannot decode: %s' % m)\n"
            + "print(json.dumps(t))\n";
    Process p;
    try {
      p = new ProcessBuilder("python3", "-c", script, key.toString()).start();
    } catch (IOException noPython) {
      return Optional.empty();
    }
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      if (err.contains("No module named")) {
        return Optional.empty();
      }
      throw new IOException("decoding " + file + " failed: " + err);
    }
    JsonNode tree = JSON.readTree(out);
    DECODED.put(key, tree);
    return Optional.of(tree);
  }

  /** The stack {@code template} makes with these parameter values (others at their defaults). */
  static CfnStack of(JsonNode template, Map<String, String> parameters) {
    return new Resolver(template, parameters, ACCOUNT).stack();
  }

  /** As {@link #of(JsonNode, Map)}, deployed in {@code account} in {@code region}. */
  static CfnStack of(
      JsonNode template, Map<String, String> parameters, String account, String region) {
    return new Resolver(template, parameters, account, region).stack();
  }

  JsonNode resource(String name) {
    JsonNode r = resources.get(name);
    if (r == null) {
      throw new AssertionError("no resource " + name + " in " + resources.keySet());
    }
    return r;
  }

  /**
   * Every statement of what {@code resource} grants (a role's policies, a bus's or a queue's
   * policy), by Sid; a role's trust policy is {@link #trust(String)}.
   */
  Map<String, JsonNode> statements(String resource) {
    Map<String, JsonNode> bySid = new LinkedHashMap<>();
    JsonNode properties = resource(resource).path("Properties");
    properties.path("Policies").forEach(p -> collectStatements(p.path("PolicyDocument"), bySid));
    collectStatements(properties.path("Policy"), bySid);
    collectStatements(properties.path("PolicyDocument"), bySid);
    return bySid;
  }

  /** The statements of a role's trust policy, by Sid. */
  Map<String, JsonNode> trust(String role) {
    Map<String, JsonNode> bySid = new LinkedHashMap<>();
    collectStatements(resource(role).at("/Properties/AssumeRolePolicyDocument"), bySid);
    return bySid;
  }

  private static void collectStatements(JsonNode document, Map<String, JsonNode> bySid) {
    for (JsonNode s : document.path("Statement")) {
      String sid = s.path("Sid").asText("");
      bySid.put(sid.isEmpty() ? "#" + bySid.size() : sid, s);
    }
  }

  /** Strings of a node that may be one string or a list of them. */
  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
    } else {
      out.add(node.isTextual() ? node.asText() : node.toString());
    }
    return out;
  }

  /** Evaluates one template for one set of parameters. */
  private static final class Resolver {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private final JsonNode template;
    private final Map<String, JsonNode> values = new HashMap<>();
    private final Map<String, Boolean> conditions = new HashMap<>();

    Resolver(JsonNode template, Map<String, String> parameters, String account) {
      this(template, parameters, account, REGION);
    }

    Resolver(JsonNode template, Map<String, String> parameters, String account, String region) {
      this.template = template;
      JsonNode declared = template.path("Parameters");
      for (Iterator<String> it = declared.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        JsonNode p = declared.get(name);
        String value =
            parameters.containsKey(name) ? parameters.get(name) : p.path("Default").asText(null);
        if (value == null) {
          throw new IllegalArgumentException("parameter " + name + " has no default and no value");
        }
        if (p.path("Type").asText().equals("CommaDelimitedList")) {
          ArrayNode list = NODES.arrayNode();
          for (String v : value.split(",", -1)) {
            list.add(v);
          }
          values.put(name, list);
        } else {
          values.put(name, TextNode.valueOf(value));
        }
      }
      for (String name : parameters.keySet()) {
        if (!declared.has(name)) {
          throw new IllegalArgumentException("the template declares no parameter " + name);
        }
      }
      values.put("AWS::AccountId", TextNode.valueOf(account));
      values.put("AWS::Region", TextNode.valueOf(region));
      values.put("AWS::Partition", TextNode.valueOf("aws"));
      values.put("AWS::StackName", TextNode.valueOf(STACK_NAME));
      values.put("AWS::URLSuffix", TextNode.valueOf("amazonaws.com"));
    }

    CfnStack stack() {
      Map<String, JsonNode> resources = new LinkedHashMap<>();
      template
          .path("Resources")
          .fields()
          .forEachRemaining(
              e -> {
                if (present(e.getValue())) {
                  resources.put(e.getKey(), resolve(e.getValue()));
                }
              });
      Map<String, JsonNode> outputs = new LinkedHashMap<>();
      template
          .path("Outputs")
          .fields()
          .forEachRemaining(
              e -> {
                if (present(e.getValue())) {
                  outputs.put(e.getKey(), resolve(e.getValue()));
                }
              });
      List<String> failed = new ArrayList<>();
      template
          .path("Rules")
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode rule = e.getValue();
                boolean applies = !rule.has("RuleCondition") || truth(rule.get("RuleCondition"));
                if (applies) {
                  for (JsonNode a : rule.path("Assertions")) {
                    if (!truth(a.get("Assert"))) {
                      failed.add(e.getKey());
                      break;
                    }
                  }
                }
              });
      return new CfnStack(Map.copyOf(resources), Map.copyOf(outputs), List.copyOf(failed));
    }

    private boolean present(JsonNode element) {
      return !element.has("Condition") || condition(element.get("Condition").asText());
    }

    boolean condition(String name) {
      Boolean known = conditions.get(name);
      if (known != null) {
        return known;
      }
      JsonNode c = template.path("Conditions").get(name);
      if (c == null) {
        throw new IllegalArgumentException("no condition " + name);
      }
      boolean value = truth(c);
      conditions.put(name, value);
      return value;
    }

    private boolean truth(JsonNode c) {
      String fn = c.fieldNames().hasNext() ? c.fieldNames().next() : "";
      JsonNode arg = c.get(fn);
      return switch (fn) {
        case "Fn::Equals" -> resolve(arg.get(0)).equals(resolve(arg.get(1)));
        case "Fn::Not" -> !truth(arg.get(0));
        case "Fn::And" -> all(arg, true);
        case "Fn::Or" -> !all(arg, false);
        case "Condition" -> condition(arg.asText());
        default -> throw new IllegalArgumentException("not a condition: " + c);
      };
    }

    /** And (expect true: every one true) or Or (expect false: none true). */
    private boolean all(JsonNode args, boolean expect) {
      for (JsonNode a : args) {
        if (truth(a) != expect) {
          return false;
        }
      }
      return true;
    }

    /** The node as the stack would see it; null for AWS::NoValue. */
    JsonNode resolve(JsonNode node) {
      if (node.isArray()) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode n : node) {
          JsonNode r = resolve(n);
          if (r != null) {
            out.add(r);
          }
        }
        return out;
      }
      if (!node.isObject()) {
        return node;
      }
      if (node.size() == 1) {
        String fn = node.fieldNames().next();
        JsonNode arg = node.get(fn);
        switch (fn) {
          case "Ref":
            if (arg.asText().equals("AWS::NoValue")) {
              return null;
            }
            return values.getOrDefault(arg.asText(), node);
          case "Fn::If":
            return resolve(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
          case "Fn::Sub":
            return sub(arg);
          case "Fn::Split":
            {
              JsonNode source = resolve(arg.get(1));
              if (!source.isTextual()) {
                return node;
              }
              ArrayNode out = NODES.arrayNode();
              for (String part : source.asText().split(Pattern.quote(arg.get(0).asText()), -1)) {
                out.add(part);
              }
              return out;
            }
          case "Fn::Join":
            {
              List<String> parts = new ArrayList<>();
              for (JsonNode p : resolve(arg.get(1))) {
                if (!p.isTextual()) {
                  return node;
                }
                parts.add(p.asText());
              }
              return TextNode.valueOf(String.join(arg.get(0).asText(), parts));
            }
          case "Fn::Select":
            {
              JsonNode list = resolve(arg.get(1));
              return list.isArray() ? list.get(resolve(arg.get(0)).asInt()) : node;
            }
          default:
            break;
        }
      }
      ObjectNode out = NODES.objectNode();
      node.fields()
          .forEachRemaining(
              e -> {
                JsonNode r = resolve(e.getValue());
                if (r != null) {
                  out.set(e.getKey(), r);
                }
              });
      return out;
    }

    private JsonNode sub(JsonNode arg) {
      String text;
      Map<String, JsonNode> local = new HashMap<>();
      if (arg.isArray()) {
        text = arg.get(0).asText();
        arg.get(1).fields().forEachRemaining(e -> local.put(e.getKey(), resolve(e.getValue())));
      } else {
        text = arg.asText();
      }
      Matcher m = SUB_VARIABLE.matcher(text);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        JsonNode v = local.containsKey(m.group(1)) ? local.get(m.group(1)) : values.get(m.group(1));
        m.appendReplacement(
            sb, Matcher.quoteReplacement(v != null && v.isTextual() ? v.asText() : m.group()));
      }
      m.appendTail(sb);
      return TextNode.valueOf(sb.toString());
    }
  }

  static Path locate(String file) {
    Path fromModule = Path.of("..", file);
    return Files.exists(fromModule) ? fromModule : Path.of(file);
  }
}
