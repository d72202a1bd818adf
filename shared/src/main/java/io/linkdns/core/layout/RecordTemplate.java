package io.linkdns.core.layout;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.RecordType;

/**
 * One record a layout asks for: a name pattern using {domain} and optionally {az} (an availability
 * zone's label: an AWS AZ ID, an Azure zone number), a type, the target it points at, and when it
 * applies.
 */
public record RecordTemplate(String name, RecordType type, Target target, When when) {
  public static final String DOMAIN = "{domain}";
  public static final String AZ = "{az}";

  /** The placeholder's earlier spelling, still accepted in user layouts. */
  public static final String AZ_ALIAS = "{zone}";

  public RecordTemplate {
    name = name == null ? null : name.replace(AZ_ALIAS, AZ);
  }

  /** Checks the template is coherent; field names the template's position for the error. */
  public RecordTemplate validate(String field) {
    if (name == null || !(name.equals(DOMAIN) || name.endsWith("." + DOMAIN))) {
      throw new InvalidInputException(
          field + ".name", name, "must be {domain} or end with .{domain}");
    }
    String prefix = name.substring(0, name.length() - DOMAIN.length());
    if (prefix.contains(DOMAIN)) {
      throw new InvalidInputException(
          field + ".name", name, "{domain} may appear once, at the end");
    }
    if (prefix.indexOf('*') > 0 || (prefix.startsWith("*") && !prefix.startsWith("*."))) {
      throw new InvalidInputException(
          field + ".name", name, "a wildcard must be the whole leftmost label");
    }
    boolean hasAz = prefix.contains(AZ);
    if (hasAz && prefix.indexOf(AZ) != prefix.lastIndexOf(AZ)) {
      throw new InvalidInputException(field + ".name", name, "{az} may appear once");
    }
    if (target.zonal() && !hasAz && when != When.SINGLE_ZONE) {
      throw new InvalidInputException(
          field + ".target",
          target.text(),
          "a zonal target needs {az} in the name, or when=single-zone");
    }
    if (hasAz && !target.zonal()) {
      throw new InvalidInputException(
          field + ".target", target.text(), "a name with {az} needs a zonal target");
    }
    String check = prefix.replace(AZ, "az").replace("*", "w");
    if (!check.isEmpty() && !check.matches("([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\\.)+")) {
      throw new InvalidInputException(
          field + ".name", name, "labels must be lower-case letters, digits, '-' or '_'");
    }
    switch (target.kind()) {
      case ADDRESSES, ALIAS -> {
        if (type != RecordType.A && type != RecordType.AAAA) {
          throw new InvalidInputException(
              field + ".type", type.name(), "target " + target.text() + " needs type A or AAAA");
        }
      }
      case NAME -> {
        if (type != RecordType.CNAME) {
          throw new InvalidInputException(
              field + ".type", type.name(), "target " + target.text() + " needs type CNAME");
        }
      }
    }
    return this;
  }

  /** True when the name pattern yields one record per availability zone. */
  public boolean perAz() {
    return name.contains(AZ);
  }

  public String expand(String domain, String az) {
    return name.replace(AZ, az).replace(DOMAIN, domain);
  }

  /** True when the pattern yields this name for the domain, for some availability-zone label. */
  public boolean matches(String recordName, String domain) {
    StringBuilder re = new StringBuilder();
    String rest = name;
    while (!rest.isEmpty()) {
      if (rest.startsWith(AZ)) {
        re.append("[a-z0-9-]{1,63}");
        rest = rest.substring(AZ.length());
      } else if (rest.startsWith(DOMAIN)) {
        re.append(java.util.regex.Pattern.quote(domain));
        rest = rest.substring(DOMAIN.length());
      } else {
        int next = rest.indexOf('{');
        String literal = next <= 0 ? rest : rest.substring(0, next);
        if (next == 0) {
          literal = rest.substring(0, 1);
        }
        re.append(java.util.regex.Pattern.quote(literal));
        rest = rest.substring(literal.length());
      }
    }
    return recordName.matches(re.toString());
  }
}
