package io.linkdns.core.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkdns.core.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Confluent's networking, listed once per cache period and shared by every endpoint asked about in
 * that period, so a sweep of many endpoints costs one listing per environment, not one call per
 * endpoint. A failed listing is remembered for the same period: the API is not hammered while it is
 * down, and every question in the meantime gets the same failure; except one cut short by the
 * invocation's own deadline, which the next invocation, with time of its own, tries again.
 */
public final class ListingCache {
  private final ConfluentClient client;
  private final List<String> configured;
  private final Duration ttl;
  private final LongSupplier nanoTime;
  private Listing cached;
  private RuntimeException failure;
  private long readAt;

  public ListingCache(
      ConfluentClient client, List<String> environments, Duration ttl, LongSupplier nanoTime) {
    this.client = client;
    this.configured = List.copyOf(environments);
    this.ttl = ttl;
    this.nanoTime = nanoTime;
  }

  public static ListingCache of(ConfluentSettings settings, SecretSource secrets) {
    return new ListingCache(
        ConfluentClient.of(settings, secrets),
        settings.environments(),
        settings.cacheTtl(),
        System::nanoTime);
  }

  /**
   * The current listing; throws {@link ConfluentUnavailableException} (or the configuration error)
   * when it cannot be read.
   */
  public synchronized Listing current() {
    long now = nanoTime.getAsLong();
    boolean fresh = (cached != null || failure != null) && now - readAt < ttl.toNanos();
    if (!fresh) {
      readAt = now;
      boolean invocationEndsFirst =
          Deadline.current().remaining().compareTo(ConfluentClient.LISTING_TIME) < 0;
      try {
        cached = read();
        failure = null;
      } catch (ConfluentUnavailableException e) {
        cached = null;
        failure = e;
        if (e.outOfTime() && invocationEndsFirst) {
          // The invocation ran out of time, not necessarily the API: the next invocation asks
          // again.
          failure = null;
          readAt = now - ttl.toNanos();
          throw e;
        }
      } catch (RuntimeException e) {
        cached = null;
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return cached;
  }

  /**
   * One listing, bounded as a whole: by {@link ConfluentClient#LISTING_TIME} or the invocation's
   * deadline, whichever is first, and by {@link ConfluentClient#LISTING_BYTES} over all its pages.
   */
  private Listing read() {
    try (Deadline.Scope bounded = Deadline.current().within(ConfluentClient.LISTING_TIME).enter()) {
      return read(new ConfluentClient.Budget(ConfluentClient.LISTING_BYTES));
    }
  }

  private Listing read(ConfluentClient.Budget budget) {
    List<String> environments = configured;
    if (environments.isEmpty()) {
      environments =
          client.list("/org/v2/environments", Map.of(), budget).stream()
              .map(e -> e.path("id").asText(""))
              .filter(id -> !id.isBlank())
              .toList();
    }
    List<Listing.Network> networks = new ArrayList<>();
    List<Listing.Attachment> attachments = new ArrayList<>();
    List<Listing.Connection> connections = new ArrayList<>();
    List<Listing.AccessPoint> accessPoints = new ArrayList<>();
    for (String env : environments) {
      Map<String, String> q = Map.of("environment", env);
      client
          .list("/networking/v1/networks", q, budget)
          .forEach(n -> networks.add(Listing.Network.of(n)));
      List<Listing.Attachment> mine =
          client.list("/networking/v1/private-link-attachments", q, budget).stream()
              .map(Listing.Attachment::of)
              .toList();
      attachments.addAll(mine);
      for (Listing.Attachment a : mine) {
        for (JsonNode c :
            client.list(
                "/networking/v1/private-link-attachment-connections",
                Map.of("environment", env, "spec.private_link_attachment", a.id()),
                budget)) {
          connections.add(Listing.Connection.of(c));
        }
      }
      client
          .list("/networking/v1/access-points", q, budget)
          .forEach(ap -> accessPoints.add(Listing.AccessPoint.of(ap)));
    }
    return new Listing(environments, networks, attachments, connections, accessPoints);
  }
}
