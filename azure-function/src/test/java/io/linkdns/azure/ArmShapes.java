package io.linkdns.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;

/**
 * Resource bodies as Azure returns them, after the azure-rest-api-specs examples for
 * PrivateEndpoints_Get (with a manual Private Link service connection) and NetworkInterfaces_Get.
 */
final class ArmShapes {
  static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000aaaa";
  static final String NETWORK_GROUP = "network-rg";
  static final String ZONE_GROUP = "dns-rg";
  static final String VNET =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + NETWORK_GROUP
          + "/providers/Microsoft.Network/virtualNetworks/vnet-kafka";

  /** A second team's VNet in the same subscription. */
  static final String VNET_2 =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + NETWORK_GROUP
          + "/providers/Microsoft.Network/virtualNetworks/vnet-tenant-b";

  static final String DOMAIN = "p8xo76.centralus.azure.confluent.cloud";
  static final String SELF_PRINCIPAL = "11111111-2222-3333-4444-555555555555";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArmShapes() {}

  // ---- a landing zone: the connectivity subscription (zones, hub VNet) and application
  // subscriptions ----

  /**
   * The connectivity subscription: the zones and the hub VNet live here ({@code
   * AZURE_SUBSCRIPTION_ID}).
   */
  static final String CONNECTIVITY = SUBSCRIPTION;

  static final String APP_1 = "00000000-0000-0000-0000-0000000a0001";
  static final String APP_2 = "00000000-0000-0000-0000-0000000a0002";

  /** Listed nowhere: its events are refused and it is never read. */
  static final String UNLISTED = "ffffffff-0000-0000-0000-000000000000";

  static final String HUB_VNET = vnetIn(CONNECTIVITY, "vnet-hub");

  static String vnetIn(String subscription, String name) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + NETWORK_GROUP
        + "/providers/Microsoft.Network/virtualNetworks/"
        + name;
  }

  static String endpointIdIn(String subscription, String name) {
    return endpointId(name).replace(SUBSCRIPTION, subscription);
  }

  /**
   * The same resource body with every id moved to another subscription (endpoint, NIC, subnet,
   * connection).
   */
  static ObjectNode inSubscription(ObjectNode resource, String subscription) {
    try {
      return (ObjectNode)
          JSON.readTree(JSON.writeValueAsString(resource).replace(SUBSCRIPTION, subscription));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A ResourceWriteSuccess / ResourceDeleteSuccess of a private endpoint as a subscription's system
   * topic delivers it (Event Grid schema), from {@code topicSubscription}'s topic, naming {@code
   * resourceId}.
   */
  static String endpointEvent(boolean delete, String topicSubscription, String resourceId) {
    ObjectNode e = JSON.createObjectNode();
    e.put("subject", resourceId);
    e.put("eventType", delete ? EventParser.DELETE_SUCCESS : EventParser.WRITE_SUCCESS);
    e.put("id", UUID.randomUUID().toString());
    ObjectNode d = e.putObject("data");
    d.put("resourceProvider", "Microsoft.Network");
    d.put("resourceUri", resourceId);
    d.put("operationName", "Microsoft.Network/privateEndpoints/" + (delete ? "delete" : "write"));
    d.put("status", "Succeeded");
    d.put("subscriptionId", topicSubscription);
    d.put("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47");
    e.put("dataVersion", "2");
    e.put("metadataVersion", "1");
    e.put("eventTime", "2026-11-27T05:40:00.1234567Z");
    e.put("topic", "/subscriptions/" + topicSubscription);
    return e.toString();
  }

  static String endpointId(String name) {
    return "/subscriptions/"
        + SUBSCRIPTION
        + "/resourceGroups/"
        + NETWORK_GROUP
        + "/providers/Microsoft.Network/privateEndpoints/"
        + name;
  }

  static String nicId(String endpointName) {
    return "/subscriptions/"
        + SUBSCRIPTION
        + "/resourceGroups/"
        + NETWORK_GROUP
        + "/providers/Microsoft.Network/networkInterfaces/"
        + endpointName
        + ".nic.2f6b4c2a";
  }

  static String alias(int zone) {
    return "s-p8xo76-privatelink-"
        + zone
        + ".6f7d2b1e-0a1b-4c5d-9e8f-123456789abc.centralus.azure.privatelinkservice";
  }

  /**
   * A private endpoint with a manual connection to a Private Link service alias, its address on the
   * NIC.
   */
  static ObjectNode endpoint(
      String name,
      String status,
      String provisioning,
      Map<String, String> tags,
      String serviceAlias) {
    return endpoint(name, status, provisioning, tags, serviceAlias, VNET);
  }

  /** The same, in a subnet of the given VNet. */
  static ObjectNode endpoint(
      String name,
      String status,
      String provisioning,
      Map<String, String> tags,
      String serviceAlias,
      String vnet) {
    String id = endpointId(name);
    ObjectNode pe = JSON.createObjectNode();
    pe.put("name", name);
    pe.put("id", id);
    pe.put("type", "Microsoft.Network/privateEndpoints");
    pe.put("location", "centralus");
    pe.put("etag", "W/\"" + UUID.randomUUID() + "\"");
    ObjectNode t = pe.putObject("tags");
    tags.forEach(t::put);
    ObjectNode p = pe.putObject("properties");
    p.put("provisioningState", provisioning);
    p.put("resourceGuid", UUID.randomUUID().toString());
    p.putObject("subnet").put("id", vnet + "/subnets/privatelink");
    p.putArray("networkInterfaces").addObject().put("id", nicId(name));
    p.putArray("privateLinkServiceConnections");
    ObjectNode c = p.putArray("manualPrivateLinkServiceConnections").addObject();
    c.put("name", name + "-connection");
    c.put("id", id + "/manualPrivateLinkServiceConnections/" + name + "-connection");
    c.put("type", "Microsoft.Network/privateEndpoints/manualPrivateLinkServiceConnections");
    c.put("etag", pe.get("etag").asText());
    ObjectNode cp = c.putObject("properties");
    cp.put("provisioningState", "Succeeded");
    cp.put("privateLinkServiceId", serviceAlias);
    cp.putArray("groupIds");
    cp.put("requestMessage", "linkdns test");
    ObjectNode state = cp.putObject("privateLinkServiceConnectionState");
    state.put("status", status);
    state.put("description", status.equals("Pending") ? "Awaiting Approval" : status);
    state.put("actionsRequired", "None");
    p.putArray("customDnsConfigs");
    p.putArray("ipConfigurations");
    p.put("customNetworkInterfaceName", "");
    return pe;
  }

  static ObjectNode networkInterface(String endpointName, String ip) {
    return networkInterface(endpointName, ip, VNET);
  }

  /** The same, in a subnet of the given VNet. */
  static ObjectNode networkInterface(String endpointName, String ip, String vnet) {
    ObjectNode nic = JSON.createObjectNode();
    String id = nicId(endpointName);
    nic.put("name", id.substring(id.lastIndexOf('/') + 1));
    nic.put("id", id);
    nic.put("type", "Microsoft.Network/networkInterfaces");
    nic.put("location", "centralus");
    nic.put("etag", "W/\"" + UUID.randomUUID() + "\"");
    ObjectNode p = nic.putObject("properties");
    p.put("provisioningState", "Succeeded");
    p.put("resourceGuid", UUID.randomUUID().toString());
    ArrayNode ips = p.putArray("ipConfigurations");
    ObjectNode ipc = ips.addObject();
    ipc.put("name", "privateEndpointIpConfig." + UUID.randomUUID());
    ipc.put("id", id + "/ipConfigurations/privateEndpointIpConfig");
    ipc.put("etag", nic.get("etag").asText());
    ipc.put("type", "Microsoft.Network/networkInterfaces/ipConfigurations");
    ObjectNode ipp = ipc.putObject("properties");
    ipp.put("provisioningState", "Succeeded");
    ipp.put("privateIPAddress", ip);
    ipp.put("privateIPAllocationMethod", "Dynamic");
    ipp.putObject("subnet").put("id", vnet + "/subnets/privatelink");
    ipp.put("primary", true);
    ipp.put("privateIPAddressVersion", "IPv4");
    ObjectNode plc = ipp.putObject("privateLinkConnectionProperties");
    plc.put("groupId", "");
    plc.put("requiredMemberName", "");
    plc.putArray("fqdns");
    ObjectNode dns = p.putObject("dnsSettings");
    dns.putArray("dnsServers");
    dns.putArray("appliedDnsServers");
    p.put("macAddress", "");
    p.put("enableAcceleratedNetworking", false);
    p.put("vnetEncryptionSupported", false);
    p.put("enableIPForwarding", false);
    p.putArray("hostedWorkloads");
    p.putArray("tapConfigurations");
    p.putObject("privateEndpoint").put("id", endpointId(endpointName));
    p.put("nicType", "Standard");
    return nic;
  }
}
