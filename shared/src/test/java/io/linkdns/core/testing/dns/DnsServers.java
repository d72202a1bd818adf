package io.linkdns.core.testing.dns;

import io.linkdns.core.model.RecordSet;
import io.linkdns.core.verify.LocalDnsServer;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts {@link LocalDnsServer}s for tests: without named or knotd the test is skipped with the
 * reason, except under {@code CI=true}, where a missing server is a failure.
 */
public final class DnsServers {
  private DnsServers() {}

  public static void assumeInstalled() {
    if (LocalDnsServer.available()) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(
          LocalDnsServer.NOT_INSTALLED + " [CI=true: failing rather than skipping]");
    }
    Assumptions.assumeTrue(false, LocalDnsServer.NOT_INSTALLED);
  }

  public static LocalDnsServer start(List<LocalDnsServer.ZoneContent> zones) {
    assumeInstalled();
    return LocalDnsServer.start(zones);
  }

  public static LocalDnsServer start(String domain, List<RecordSet> records) {
    assumeInstalled();
    return LocalDnsServer.start(domain, records);
  }
}
