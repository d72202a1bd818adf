package io.linkdns.core.testing;

import io.linkdns.core.model.Endpoint;
import io.linkdns.core.model.EndpointState;
import io.linkdns.core.model.Placement;
import io.linkdns.core.ownership.TagKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an Azure private endpoint as ARM describes it: a resource id, the VNet it lives in, the
 * Private Link service it connects to, one (non-zonal) placement with one private IP, and the
 * {@code linkdns-domain} / {@code linkdns-zone} tags that bind it to a Confluent zone.
 */
public final class AzureEndpointBuilder {
  public static final String SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000001";
  public static final String VNET =
      SUBSCRIPTION + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-1";
  public static final String SERVICE =
      "s-abc12-privatelink-1.0c1d9a6b-1234-4f5e-9a0b-1234567890ab.centralus.azure.privatelinkservice";

  private final String name;
  private String network = VNET;
  private String service = SERVICE;
  private EndpointState state = EndpointState.LIVE;
  private String ip = "10.1.0.4";
  private Optional<String> fqdn = Optional.empty();
  private final Map<String, String> tags = new LinkedHashMap<>();

  private AzureEndpointBuilder(String name) {
    this.name = name;
  }

  public static AzureEndpointBuilder azureEndpoint(String name) {
    return new AzureEndpointBuilder(name);
  }

  public static String id(String name) {
    return SUBSCRIPTION
        + "/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/"
        + name;
  }

  public AzureEndpointBuilder network(String vnetId) {
    this.network = vnetId;
    return this;
  }

  public AzureEndpointBuilder service(String aliasOrId) {
    this.service = aliasOrId;
    return this;
  }

  public AzureEndpointBuilder state(EndpointState s) {
    this.state = s;
    return this;
  }

  public AzureEndpointBuilder ip(String address) {
    this.ip = address;
    return this;
  }

  /** The name the endpoint's NIC answers to, for the CNAME variant. */
  public AzureEndpointBuilder fqdn(String name) {
    this.fqdn = Optional.of(name);
    return this;
  }

  public AzureEndpointBuilder tag(String key, String value) {
    tags.put(key, value);
    return this;
  }

  public AzureEndpointBuilder domain(String domain) {
    return tag(TagKeys.AZURE.domain(), domain);
  }

  /** The Confluent zone number (1..3) this endpoint serves, as tag {@code linkdns-zone}. */
  public AzureEndpointBuilder zone(String zone) {
    return tag(TagKeys.AZURE.az(), zone);
  }

  public AzureEndpointBuilder layout(String layout) {
    return tag(TagKeys.AZURE.layout(), layout);
  }

  public Endpoint build() {
    return new Endpoint(
        id(name),
        network,
        service,
        state,
        tags,
        fqdn,
        Optional.empty(),
        List.of(new Placement("", fqdn, Optional.empty(), List.of(ip))));
  }
}
