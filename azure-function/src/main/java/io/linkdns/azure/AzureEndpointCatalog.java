package io.linkdns.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.PrivateEndpointInner;
import com.azure.resourcemanager.network.models.CustomDnsConfigPropertiesFormat;
import com.azure.resourcemanager.network.models.PrivateEndpointIpConfiguration;
import com.azure.resourcemanager.network.models.PrivateLinkServiceConnection;
import io.linkdns.core.Deadline;
import io.linkdns.core.InvalidInputException;
import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.Placement;
import io.linkdns.core.reconcile.EndpointCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads Azure private endpoints of the listed subscriptions as linkdns endpoints, each in its own
 * subscription (the SDK's clients are per subscription, built on first use): ids and the VNet are
 * canonical (lower-case) resource ids, the service is the connection's Private Link service alias
 * or resource id, addresses come from the custom DNS configs or else the endpoint's NIC, and the
 * zone is left to the {@code linkdns-zone} tag (Azure private endpoints have no availability zone).
 */
public final class AzureEndpointCatalog implements EndpointCatalog {
  private static final String ENDPOINT_TYPE = "microsoft.network/privateendpoints";

  private final Clients clients;

  /**
   * The Network clients of the listed subscriptions, by lower-case subscription id in the order
   * listed, each made on first use.
   */
  public record Clients(Map<String, Supplier<NetworkManagementClient>> bySubscription) {
    public Clients {
      Map<String, Supplier<NetworkManagementClient>> byId = new LinkedHashMap<>();
      bySubscription.forEach((k, v) -> byId.put(k.toLowerCase(Locale.ROOT), v));
      bySubscription = java.util.Collections.unmodifiableMap(byId);
    }

    /** The client of a listed subscription; empty for any other, which is never read. */
    Optional<NetworkManagementClient> in(String subscription) {
      return Optional.ofNullable(bySubscription.get(subscription.toLowerCase(Locale.ROOT)))
          .map(Supplier::get);
    }

    List<String> subscriptions() {
      return List.copyOf(bySubscription.keySet());
    }
  }

  public AzureEndpointCatalog(Map<String, Supplier<NetworkManagementClient>> networks) {
    this.clients = new Clients(networks);
  }

  private Optional<NetworkManagementClient> in(String subscription) {
    return clients.in(subscription);
  }

  @Override
  public String where() {
    return "subscriptions " + String.join(", ", clients.subscriptions());
  }

  @Override
  public Optional<Endpoint> find(String endpointId) {
    ResourceId id = ResourceId.parse("endpointId", endpointId);
    if (!id.type().equals(ENDPOINT_TYPE)) {
      throw new InvalidInputException(
          "endpointId", endpointId, "not a private endpoint id (type " + id.type() + ")");
    }
    Optional<NetworkManagementClient> client = in(id.subscription());
    if (client.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          toEndpoint(
              client.get(),
              client
                  .get()
                  .getPrivateEndpoints()
                  .getByResourceGroup(id.resourceGroup(), id.name())));
    } catch (ManagementException e) {
      if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<Endpoint> inNetwork(String network) {
    // ARM has no "endpoints in this VNet" query; one paged list of the VNet's subscription is
    // cheaper than
    // per-group reads. A private endpoint lives in its VNet's subscription; a VNet of an unlisted
    // one is not read.
    String wanted = network.toLowerCase(Locale.ROOT);
    Optional<NetworkManagementClient> client =
        in(ResourceId.parse("network", network).subscription());
    if (client.isEmpty()) {
      return List.of();
    }
    List<Endpoint> out = new ArrayList<>();
    for (PrivateEndpointInner inner : client.get().getPrivateEndpoints().list()) {
      if (wanted.equals(networkOf(inner).orElse(""))) {
        out.add(toEndpoint(client.get(), inner));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Endpoint> all() {
    List<Endpoint> out = new ArrayList<>();
    for (String subscription : clients.subscriptions()) {
      Deadline.current().check("listing the private endpoints of subscription " + subscription);
      NetworkManagementClient client = in(subscription).orElseThrow();
      for (PrivateEndpointInner inner : client.getPrivateEndpoints().list()) {
        if (networkOf(inner).isPresent()) {
          out.add(toEndpoint(client, inner));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The NIC is read with the endpoint's own subscription's client: an endpoint and its NIC share
   * one.
   */
  private Endpoint toEndpoint(NetworkManagementClient client, PrivateEndpointInner inner) {
    String id = ResourceId.parse("privateEndpoint.id", inner.id()).canonical();
    String network =
        networkOf(inner)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "privateEndpoint[" + id + "].subnet.id",
                        null,
                        "a private endpoint always has a subnet"));
    Optional<PrivateLinkServiceConnection> connection = connection(inner);
    String service = connection.map(PrivateLinkServiceConnection::privateLinkServiceId).orElse("");
    EndpointState state = state(inner, connection);
    Map<String, String> tags = inner.tags() == null ? Map.of() : inner.tags();

    Set<String> addresses = new LinkedHashSet<>();
    Optional<String> fqdn = Optional.empty();
    for (CustomDnsConfigPropertiesFormat c : nonNull(inner.customDnsConfigs())) {
      nonNull(c.ipAddresses()).forEach(addresses::add);
      if (fqdn.isEmpty() && c.fqdn() != null && !c.fqdn().isBlank()) {
        fqdn = Optional.of(c.fqdn());
      }
    }
    for (PrivateEndpointIpConfiguration c : nonNull(inner.ipConfigurations())) {
      if (c.privateIpAddress() != null) {
        addresses.add(c.privateIpAddress());
      }
    }
    // Private Link services (Confluent's) publish no custom DNS configs: the NIC is where the
    // address lives.
    if (addresses.isEmpty() && state == EndpointState.LIVE) {
      for (NetworkInterfaceInner nicRef : nonNull(inner.networkInterfaces())) {
        ResourceId nicId =
            ResourceId.parse("privateEndpoint[" + id + "].networkInterfaces.id", nicRef.id());
        if (!nicId
            .subscription()
            .equalsIgnoreCase(ResourceId.parse("privateEndpoint.id", inner.id()).subscription())) {
          // An endpoint's NIC shares its subscription; the client of this one would read a
          // same-named NIC
          // of the endpoint's subscription instead, so a NIC id naming another gives no address.
          continue;
        }
        NetworkInterfaceInner nic =
            client.getNetworkInterfaces().getByResourceGroup(nicId.resourceGroup(), nicId.name());
        for (NetworkInterfaceIpConfigurationInner ip : nonNull(nic.ipConfigurations())) {
          if (ip.privateIpAddress() != null) {
            addresses.add(ip.privateIpAddress());
          }
          if (fqdn.isEmpty() && ip.privateLinkConnectionProperties() != null) {
            fqdn =
                nonNull(ip.privateLinkConnectionProperties().fqdns()).stream()
                    .filter(f -> !f.isBlank())
                    .findFirst();
          }
        }
      }
    }
    Placement placement = new Placement("", fqdn, Optional.empty(), List.copyOf(addresses));
    return new Endpoint(
        id, network, service, state, tags, fqdn, Optional.empty(), List.of(placement));
  }

  /**
   * Manual connections first: Confluent's Private Link services are connected to by alias,
   * manually.
   */
  private static Optional<PrivateLinkServiceConnection> connection(PrivateEndpointInner inner) {
    List<PrivateLinkServiceConnection> all =
        new ArrayList<>(nonNull(inner.manualPrivateLinkServiceConnections()));
    all.addAll(nonNull(inner.privateLinkServiceConnections()));
    return all.stream().findFirst();
  }

  /** Gone if the endpoint or its connection is gone; live only when provisioned and approved. */
  static EndpointState state(
      PrivateEndpointInner inner, Optional<PrivateLinkServiceConnection> connection) {
    EndpointState provisioning =
        EndpointState.fromProvider(
            inner.provisioningState() == null ? null : inner.provisioningState().toString());
    EndpointState approval =
        EndpointState.fromProvider(
            connection
                .map(PrivateLinkServiceConnection::privateLinkServiceConnectionState)
                .map(s -> s.status())
                .orElse(null));
    if (provisioning == EndpointState.GONE || approval == EndpointState.GONE) {
      return EndpointState.GONE;
    }
    return provisioning == EndpointState.LIVE && approval == EndpointState.LIVE
        ? EndpointState.LIVE
        : EndpointState.PENDING;
  }

  /** The VNet id (canonical) the endpoint's subnet belongs to. */
  static Optional<String> networkOf(PrivateEndpointInner inner) {
    if (inner.subnet() == null || inner.subnet().id() == null) {
      return Optional.empty();
    }
    ResourceId subnet = ResourceId.parse("privateEndpoint.subnet.id", inner.subnet().id());
    if (!subnet.type().equals("microsoft.network/virtualnetworks/subnets")) {
      throw new InvalidInputException(
          "privateEndpoint.subnet.id", inner.subnet().id(), "not a subnet id");
    }
    return Optional.of(subnet.ancestor(1).canonical());
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
