package io.linkdns.core.resolve;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * A configuration rule: endpoints whose service (AWS service name, Azure Private Link service alias
 * or resource id) matches {@code service}, optionally only in networks matching {@code network},
 * belong to {@code domain}. Patterns are globs where '*' matches any run of characters.
 */
public record DomainRule(String service, Optional<String> network, String domain, Optional<String> layout, Optional<String> zone) {

  public boolean matches(String endpointService, String endpointNetwork) {
    return glob(service).matcher(endpointService).matches()
        && network.map(n -> glob(n).matcher(endpointNetwork).matches()).orElse(true);
  }

  private static Pattern glob(String pattern) {
    String re = Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    return Pattern.compile(re, Pattern.CASE_INSENSITIVE);
  }
}
