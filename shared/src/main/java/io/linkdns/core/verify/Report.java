package io.linkdns.core.verify;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcome of verifying one domain against one resolver: a finding per name asked, plus notes.
 */
public record Report(String domain, String resolver, List<Finding> findings, List<String> notes) {
  public Report {
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
  }

  /** True when no finding is a problem (an unchecked alias is not one). */
  public boolean ok() {
    return findings.stream().noneMatch(Finding::problem);
  }

  public List<Finding> problems() {
    return findings.stream().filter(Finding::problem).toList();
  }

  /** The kinds of problem found, for a metric or a quick assertion. */
  public Set<Finding.Kind> problemKinds() {
    return problems().stream()
        .map(Finding::kind)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Finding.Kind.class)));
  }

  /** A plain-text rendering: a summary line, one line per finding, then the notes. */
  public String text() {
    StringBuilder s = new StringBuilder();
    long problems = problems().size();
    s.append("verify ")
        .append(domain)
        .append(" at ")
        .append(resolver)
        .append(": ")
        .append(problems == 0 ? "ok" : problems + (problems == 1 ? " problem" : " problems"))
        .append(" in ")
        .append(findings.size())
        .append(findings.size() == 1 ? " name" : " names")
        .append('\n');
    int width = findings.stream().mapToInt(f -> f.kind().name().length()).max().orElse(0);
    for (Finding f : findings) {
      s.append("  ")
          .append(String.format("%-" + width + "s", f.kind().name()))
          .append("  ")
          .append(f.name());
      if (f.kind() == Finding.Kind.OK) {
        s.append(" -> ").append(f.answered());
      } else {
        s.append(": ").append(f.message());
      }
      s.append('\n');
    }
    notes.forEach(n -> s.append("  note: ").append(n).append('\n'));
    return s.toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
