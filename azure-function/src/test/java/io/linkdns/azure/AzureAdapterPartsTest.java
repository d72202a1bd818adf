package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkdns.core.InvalidInputException;
import io.linkdns.core.ownership.OwnerMarker;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small pure parts of the Azure adapters: ids, markers in metadata, names, settings. */
class AzureAdapterPartsTest {

  @Test
  void anOwnerNamingManyLongEndpointIdsSurvivesMetadataInShortValues() {
    List<String> ids =
        IntStream.range(0, 12)
            .mapToObj(
                i ->
                    ArmShapes.endpointId("pe-kafka-a-rather-long-endpoint-name-" + i).toLowerCase())
            .toList();
    OwnerMarker owner = OwnerMarker.of("linkdns", "confluent-azure-dedicated", ids);

    Map<String, String> metadata = AzurePrivateDnsZones.metadata(owner);

    assertThat(metadata.values())
        .allSatisfy(
            v ->
                assertThat(v.length())
                    .isLessThanOrEqualTo(AzurePrivateDnsZones.METADATA_VALUE_MAX));
    assertThat(metadata.size()).isGreaterThan(2);
    assertThat(AzurePrivateDnsZones.owner(metadata)).contains(owner);
  }

  @Test
  void metadataWithoutAMarkerIsForeignAndOtherKeysAreIgnored() {
    assertThat(AzurePrivateDnsZones.owner(Map.of("owner", "network-team"))).isEmpty();
    OwnerMarker owner =
        OwnerMarker.of(
            "linkdns",
            "confluent-azure-enterprise",
            List.of(
                "/subscriptions/s/resourcegroups/g/providers/microsoft.network/privateendpoints/p"));
    Map<String, String> withNotes = new java.util.HashMap<>(AzurePrivateDnsZones.metadata(owner));
    withNotes.put("note", "added by hand");
    assertThat(AzurePrivateDnsZones.owner(withNotes)).contains(owner);
  }

  @ParameterizedTest
  @CsvSource({
    "'*.p8xo76.centralus.azure.confluent.cloud', '*'",
    "'*.az2.p8xo76.centralus.azure.confluent.cloud', '*.az2'",
    "'p8xo76.centralus.azure.confluent.cloud', '@'"
  })
  void recordNamesBecomeRelativeToTheZone(String name, String relative) {
    assertThat(AzurePrivateDnsZones.relativeName(ArmShapes.DOMAIN, name)).isEqualTo(relative);
  }

  @Test
  void linkNamesAreStablePerVnetAndWithinEightyCharacters() {
    String longVnet = ArmShapes.VNET.replace("vnet-kafka", "v".repeat(64));
    assertThat(AzurePrivateDnsZones.linkName(ArmShapes.VNET))
        .isEqualTo(AzurePrivateDnsZones.linkName(ArmShapes.VNET.toUpperCase()));
    assertThat(AzurePrivateDnsZones.linkName(longVnet))
        .hasSizeLessThanOrEqualTo(80)
        .matches("[a-z0-9_.-]+");
  }

  @Test
  void resourceIdsParseAndCompareCaseInsensitively() {
    ResourceId id = ResourceId.parse("x", ArmShapes.VNET + "/subnets/privatelink");
    assertThat(id.type()).isEqualTo("microsoft.network/virtualnetworks/subnets");
    assertThat(id.ancestor(1).canonical()).isEqualTo(ArmShapes.VNET.toLowerCase());
    assertThatThrownBy(
            () ->
                ResourceId.parse(
                    "data.resourceUri",
                    "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("data.resourceUri=");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateEndpoints/pe",
        "/subscriptions/s/resourceGroups/g",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network",
        "/subscriptions/s/providers/Microsoft.Network/privateEndpoints/pe",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateEndpoints/pe/",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateEndpoints//x/y",
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateEndpoints/ /x/y",
        "/subscriptions/s/resourceGroups/g/extra/x/providers/Microsoft.Network/privateEndpoints/pe",
        "https://management.azure.com/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateEndpoints/pe"
      })
  void malformedResourceIdsAreRefusedNamingTheFieldAndTheValue(String id) {
    assertThatThrownBy(() -> ResourceId.parse("data.resourceUri", id))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("data.resourceUri=")
        .hasMessageContaining(id);
  }

  @Test
  void aRecordSetIdNamesItsZoneAsTopLevelAncestor() {
    ResourceId id =
        ResourceId.parse(
            "x",
            " /SUBSCRIPTIONS/S/resourcegroups/G/providers/Microsoft.Network/privateDnsZones/Z.example/A/www ");
    assertThat(id.type()).isEqualTo("microsoft.network/privatednszones/a");
    assertThat(id.names()).containsExactly("Z.example", "www");
    assertThat(id.ancestor(1).canonical())
        .isEqualTo(
            "/subscriptions/s/resourcegroups/g/providers/microsoft.network/privatednszones/z.example");
    assertThat(id.subscription()).isEqualTo("S");
    assertThat(id.inResourceGroup("g")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      AZURE_SUBSCRIPTION_ID       |                       | required
      LINKDNS_ZONE_RESOURCE_GROUP |                       | required
      LINKDNS_ARM_ENDPOINT        | http://127.0.0.1:8080 | must be an https:// URL
      AZURE_SUBSCRIPTION_ID       | not/a/guid            | must be a subscription id
      """)
  void settingsNameTheVariableThatIsWrong(String variable, String value, String message) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "AZURE_SUBSCRIPTION_ID", ArmShapes.SUBSCRIPTION,
                "LINKDNS_ZONE_RESOURCE_GROUP", ArmShapes.ZONE_GROUP));
    if (value == null) {
      env.remove(variable);
    } else {
      env.put(variable, value);
    }
    assertThatThrownBy(() -> AzureSettings.fromEnvironment(env))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(variable + "=")
        .hasMessageContaining(message);
  }
}
