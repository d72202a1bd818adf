package io.linkdns.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bicep file read for structural checks where no Bicep CLI exists: comments blanked, parameters,
 * resource and module declarations with their bodies, and the properties of a body. It understands
 * just enough of the grammar (strings with escapes and interpolation, multi-line strings, nested
 * brackets) not to be fooled by a brace or a {@code //} inside a string.
 */
final class BicepFile {
  /** A {@code param} line: its name, its type, and whether it has a default. */
  record Param(String name, String type, Optional<String> defaultValue) {}

  /**
   * A {@code resource} or {@code module}: symbol, type@version or path, what precedes the body, the
   * body.
   */
  record Declaration(String kind, String symbol, String target, String head, String body) {
    boolean loop() {
      return head.contains("[for ");
    }
  }

  private static final Pattern PARAM =
      Pattern.compile("(?m)^param\\s+(\\w+)\\s+([\\w\\[\\]]+)(?:\\s*=\\s*(.+))?$");
  private static final Pattern DECLARATION =
      Pattern.compile("(?m)^(resource|module)\\s+(\\w+)\\s+'([^']+)'");
  private static final Pattern SCOPE = Pattern.compile("(?m)^targetScope\\s*=\\s*'(\\w+)'");
  private static final Pattern STRING = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");

  final Path path;
  final String text;

  private BicepFile(Path path, String text) {
    this.path = path;
    this.text = text;
  }

  static BicepFile read(Path path) {
    try {
      return new BicepFile(path, blankComments(Files.readString(path)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The declared target scope; Bicep's default is resourceGroup. */
  String targetScope() {
    Matcher m = SCOPE.matcher(text);
    return m.find() ? m.group(1) : "resourceGroup";
  }

  Map<String, Param> params() {
    Map<String, Param> out = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(text);
    while (m.find()) {
      out.put(
          m.group(1),
          new Param(m.group(1), m.group(2), Optional.ofNullable(m.group(3)).map(String::trim)));
    }
    return out;
  }

  List<Declaration> declarations(String kind) {
    List<Declaration> out = new ArrayList<>();
    Matcher m = DECLARATION.matcher(text);
    while (m.find()) {
      if (!m.group(1).equals(kind)) {
        continue;
      }
      int open = bodyStart(text, m.end());
      out.add(
          new Declaration(
              kind,
              m.group(2),
              m.group(3),
              text.substring(m.end(), open),
              text.substring(open, matching(text, open) + 1)));
    }
    return out;
  }

  Declaration declaration(String kind, String symbol) {
    return declarations(kind).stream()
        .filter(d -> d.symbol().equals(symbol))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " declares no " + kind + " " + symbol));
  }

  /** Resources whose type (before the @) is the given one. */
  List<Declaration> resources(String type) {
    return declarations("resource").stream()
        .filter(d -> d.target().split("@")[0].equalsIgnoreCase(type))
        .toList();
  }

  /**
   * The value of key at the top level of an object body ({...}): an object, an array, or the rest
   * of the line.
   */
  static Optional<String> property(String body, String key) {
    int depth = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\'') {
        i = skipString(body, i) - 1;
      } else if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        depth--;
      } else if (depth == 1
          && body.startsWith(key, i)
          && (i == 0
              || !Character.isLetterOrDigit(body.charAt(i - 1))
                  && body.charAt(i - 1) != '_'
                  && body.charAt(i - 1) != '.')) {
        int j = i + key.length();
        while (j < body.length() && body.charAt(j) == ' ') {
          j++;
        }
        if (j < body.length() && body.charAt(j) == ':') {
          j++;
          while (body.charAt(j) == ' ') {
            j++;
          }
          char v = body.charAt(j);
          if (v == '{' || v == '[') {
            return Optional.of(body.substring(j, matching(body, j) + 1));
          }
          int end = body.indexOf('\n', j);
          return Optional.of(body.substring(j, end < 0 ? body.length() : end).trim());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Follows a path of keys through nested objects; a key "[0]" takes the first object of an array.
   */
  static String path(String body, String... keys) {
    String at = body;
    for (String key : keys) {
      if (key.equals("[0]")) {
        int open = at.indexOf('{');
        at = at.substring(open, matching(at, open) + 1);
      } else {
        String from = at;
        at = property(at, key).orElseThrow(() -> new AssertionError("no " + key + " in " + from));
      }
    }
    return at;
  }

  /** The keys at the top level of an object body. */
  static List<String> keys(String body) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean lineStart = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\n') {
        lineStart = true;
        continue;
      }
      if (lineStart && depth == 1 && Character.isJavaIdentifierStart(c)) {
        Matcher m = Pattern.compile("(\\w+)\\s*:").matcher(body).region(i, body.length());
        if (m.lookingAt()) {
          out.add(m.group(1));
        }
      }
      if (!Character.isWhitespace(c)) {
        lineStart = false;
      }
      if (c == '\'') {
        i = skipString(body, i) - 1;
      } else if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        depth--;
      }
    }
    return out;
  }

  /** The string literals in a piece of Bicep, e.g. the values of an array. */
  static List<String> strings(String code) {
    List<String> out = new ArrayList<>();
    Matcher m = STRING.matcher(code);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static int bodyStart(String s, int from) {
    int parens = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        i = skipString(s, i) - 1;
      } else if (c == '(') {
        parens++;
      } else if (c == ')') {
        parens--;
      } else if (c == '{' && parens == 0) {
        return i;
      }
    }
    throw new AssertionError("declaration without a body after " + from);
  }

  static int matching(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        i = skipString(s, i) - 1;
      } else if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw new AssertionError("unbalanced bracket at " + open);
  }

  /**
   * Index just past the string starting at i (a quote), with escapes, ${...} and '''multi-line'''.
   */
  static int skipString(String s, int i) {
    if (s.startsWith("'''", i)) {
      int end = s.indexOf("'''", i + 3);
      if (end < 0) {
        throw new AssertionError("unterminated multi-line string at " + i);
      }
      return end + 3;
    }
    int j = i + 1;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == '\\') {
        j += 2;
      } else if (c == '\'') {
        return j + 1;
      } else if (s.startsWith("${", j)) {
        j = skipInterpolation(s, j + 2);
      } else {
        j++;
      }
    }
    throw new AssertionError("unterminated string at " + i);
  }

  private static int skipInterpolation(String s, int i) {
    int depth = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'') {
        i = skipString(s, i);
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i + 1;
        }
        depth--;
      }
      i++;
    }
    throw new AssertionError("unterminated interpolation at " + i);
  }

  /** Comments become spaces (newlines kept), so offsets and line starts stay as written. */
  static String blankComments(String s) {
    StringBuilder out = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'') {
        i = skipString(s, i);
      } else if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        end = end < 0 ? s.length() : end;
        for (int k = i; k < end; k++) {
          out.setCharAt(k, ' ');
        }
        i = end;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2) + 2;
        for (int k = i; k < end; k++) {
          if (s.charAt(k) != '\n') {
            out.setCharAt(k, ' ');
          }
        }
        i = end;
      } else {
        i++;
      }
    }
    return out.toString();
  }
}
