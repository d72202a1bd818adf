package io.linkdns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Bicep in azure/ as far as it can be checked without Azure: the build machine has no Bicep CLI
 * (none in Maven Central, npm or Debian; the npm wrapper and `az bicep install` download the binary
 * from Microsoft at run time), so these tests read the files themselves: scopes, module wiring
 * (every module exists, at the scope it declares, given exactly its parameters), the hub's
 * landing-zone settings, the spokes' event subscription and dead letters, and every role action,
 * which must be the documented list. Where a Bicep CLI is on the PATH, every entry file is also
 * compiled.
 */
class BicepTemplatesTest {
  private static final Path AZURE = repo().resolve("azure");
  private static final BicepFile MAIN = BicepFile.read(AZURE.resolve("main.bicep"));
  private static final BicepFile SPOKE = BicepFile.read(AZURE.resolve("spoke.bicep"));
  private static final BicepFile ROLLOUT = BicepFile.read(AZURE.resolve("rollout.bicep"));
  private static final BicepFile APP = BicepFile.read(AZURE.resolve("modules/app.bicep"));
  private static final BicepFile SPOKE_TOPIC =
      BicepFile.read(AZURE.resolve("modules/spoke-topic.bicep"));
  private static final BicepFile SPOKE_EVENTS =
      BicepFile.read(AZURE.resolve("modules/spoke-event-subscription.bicep"));

  private static Path repo() {
    return Files.exists(Path.of("..", "azure", "main.bicep")) ? Path.of("..") : Path.of(".");
  }

  private static List<BicepFile> allFiles() throws IOException {
    try (Stream<Path> files = Files.walk(AZURE)) {
      return files
          .filter(p -> p.toString().endsWith(".bicep"))
          .sorted()
          .map(BicepFile::read)
          .toList();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "main.bicep, subscription",
    "spoke.bicep, subscription",
    "rollout.bicep, managementGroup",
    "modules/vnet-join.bicep, resourceGroup",
    "modules/spoke-topic.bicep, resourceGroup",
    "modules/spoke-event-subscription.bicep, resourceGroup",
    "modules/dead-letter-access.bicep, resourceGroup",
  })
  void eachFileDeclaresTheScopeItIsDeployedAt(String file, String scope) {
    assertThat(BicepFile.read(AZURE.resolve(file)).targetScope()).isEqualTo(scope);
  }

  /**
   * What a compiler would refuse first: a missing module, a wrong scope, an unknown or missing
   * parameter.
   */
  @Test
  void everyModuleExistsAtItsScopeAndGetsExactlyItsParameters() throws IOException {
    List<String> checked = new ArrayList<>();
    for (BicepFile file : allFiles()) {
      for (BicepFile.Declaration module : file.declarations("module")) {
        String where = file.path.getFileName() + " module " + module.symbol();
        Path target = file.path.getParent().resolve(module.target()).normalize();
        assertThat(target).as(where).exists();
        BicepFile callee = BicepFile.read(target);
        assertThat(callee.targetScope()).as(where + " scope").isEqualTo(scopeOf(file, module));
        Map<String, BicepFile.Param> declared = callee.params();
        List<String> passed =
            BicepFile.property(module.body(), "params").map(BicepFile::keys).orElse(List.of());
        assertThat(declared.keySet()).as(where + " parameters").containsAll(passed);
        List<String> required =
            declared.values().stream()
                .filter(p -> p.defaultValue().isEmpty())
                .map(BicepFile.Param::name)
                .toList();
        assertThat(passed).as(where + " required parameters").containsAll(required);
        checked.add(where);
      }
    }
    // main: 9 modules, spoke: 4, rollout: 1. A parser that found none would pass vacuously.
    assertThat(checked)
        .hasSizeGreaterThanOrEqualTo(14)
        .contains("rollout.bicep module spokes", "spoke.bicep module events");
  }

  private static String scopeOf(BicepFile file, BicepFile.Declaration module) {
    Optional<String> scope = BicepFile.property(module.body(), "scope");
    if (scope.isEmpty()) {
      return file.targetScope();
    }
    String s = scope.get();
    if (s.startsWith("subscription(")) {
      return "subscription";
    }
    if (s.startsWith("resourceGroup(")) {
      return "resourceGroup";
    }
    // A symbol: a resource group declared in the same file.
    boolean group =
        file.resources("Microsoft.Resources/resourceGroups").stream()
            .anyMatch(d -> d.symbol().equals(s));
    assertThat(group)
        .as(file.path.getFileName() + ": scope " + s + " is a resource group of the file")
        .isTrue();
    return "resourceGroup";
  }

  @Test
  void hubListsSubscriptionsAndLinkVnetsAsSettingsEmptyByDefault() {
    Map<String, BicepFile.Param> params = MAIN.params();
    assertThat(params.get("subscriptions"))
        .isEqualTo(new BicepFile.Param("subscriptions", "array", Optional.of("[]")));
    assertThat(params.get("linkVnets"))
        .isEqualTo(new BicepFile.Param("linkVnets", "array", Optional.of("[]")));
    String settings =
        BicepFile.path(MAIN.declaration("module", "settings").body(), "params", "settings");
    // Empty lists leave a single-subscription installation as it was: no subscription list at all.
    assertThat(BicepFile.property(settings, "LINKDNS_SUBSCRIPTIONS"))
        .contains("empty(subscriptionsChecked) ? '' : join(linkSubscriptions, ',')");
    assertThat(BicepFile.property(settings, "LINKDNS_LINK_VNETS"))
        .contains("join(linkVnetsChecked, ',')");
    // Zones stay in this (the connectivity) subscription, in the zone group only.
    assertThat(BicepFile.property(settings, "AZURE_SUBSCRIPTION_ID"))
        .contains("subscription().subscriptionId");
    assertThat(
            BicepFile.path(
                MAIN.declaration("resource", "zoneWriter").body(),
                "properties",
                "assignableScopes"))
        .isEqualToIgnoringWhitespace("[zoneGroup.id]");
  }

  @Test
  void hubGrantsJoinOnEveryLinkVnetInItsOwnSubscription() {
    BicepFile.Declaration join = MAIN.declaration("module", "joinLinkVnets");
    assertThat(join.target()).isEqualTo("modules/vnet-join.bicep");
    assertThat(join.loop()).isTrue();
    assertThat(join.head()).contains("for id in linkVnetsToJoin").contains("if (createZones)");
    // Cross-subscription: the VNet's own subscription and resource group.
    assertThat(BicepFile.property(join.body(), "scope"))
        .contains("resourceGroup(split(id, '/')[2], split(id, '/')[4])");
    assertThat(BicepFile.path(join.body(), "params", "roleDefinitionId"))
        .startsWith("'/subscriptions/${toLower(split(id, '/')[2])}/");
    // The role must be assignable there: its scopes are this subscription plus the link VNets'.
    assertThat(
            BicepFile.path(
                MAIN.declaration("resource", "vnetJoiner").body(),
                "properties",
                "assignableScopes"))
        .isEqualTo("joinScopes");
    assertThat(MAIN.text)
        .contains(
            "var joinScopes = union(['/subscriptions/${hubSubscriptionId}'], map(linkVnetsChecked,");
    // A link VNet outside the listed subscriptions, or not a VNet id, fails the deployment by name.
    assertThat(MAIN.text)
        .contains("fail('linkVnets (LINKDNS_LINK_VNETS)")
        .contains("fail('subscriptions (LINKDNS_SUBSCRIPTIONS)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "spoke.bicep | networkReader | linkdns spoke network reader | Microsoft.Network/privateEndpoints/read Microsoft.Network/networkInterfaces/read",
        "spoke.bicep | vnetJoiner | linkdns spoke vnet joiner | Microsoft.Network/virtualNetworks/join/action",
        "main.bicep | networkReader | linkdns network reader | Microsoft.Network/privateEndpoints/read Microsoft.Network/networkInterfaces/read",
        "main.bicep | vnetJoiner | linkdns vnet joiner | Microsoft.Network/virtualNetworks/read Microsoft.Network/virtualNetworks/join/action",
      })
  void customRolesHoldExactlyTheDocumentedActions(
      String file, String symbol, String roleName, String actions) throws IOException {
    String body = BicepFile.read(AZURE.resolve(file)).declaration("resource", symbol).body();
    assertThat(BicepFile.path(body, "properties", "roleName")).startsWith("'" + roleName + " (");
    List<String> expected = List.of(actions.split(" "));
    assertThat(
            BicepFile.strings(BicepFile.path(body, "properties", "permissions", "[0]", "actions")))
        .containsExactlyElementsOf(expected);
    assertThat(
            BicepFile.strings(
                BicepFile.path(body, "properties", "permissions", "[0]", "notActions")))
        .isEmpty();
    // The docs table lists the same role with the same actions.
    String doc = Files.readString(repo().resolve("docs/azure-landing-zone.md"));
    String row =
        doc.lines()
            .filter(l -> l.startsWith("|") && l.contains(roleName + "**"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("docs/azure-landing-zone.md has no row for " + roleName));
    expected.forEach(
        a ->
            assertThat(row)
                .as(roleName)
                .contains("`" + a.substring("Microsoft.Network/".length()) + "`"));
  }

  @Test
  void spokeRolesAreAssignableInTheSpokeOnlyAndNoRoleAnywhereHasAWildcard() throws IOException {
    for (String symbol : List.of("networkReader", "vnetJoiner")) {
      assertThat(
              BicepFile.path(
                  SPOKE.declaration("resource", symbol).body(), "properties", "assignableScopes"))
          .isEqualToIgnoringWhitespace("[subscription().id]");
    }
    // Nothing in a spoke writes or deletes: no DNS role, no network write.
    assertThat(SPOKE.resources("Microsoft.Authorization/roleDefinitions"))
        .hasSize(2)
        .allSatisfy(
            d ->
                assertThat(
                        BicepFile.strings(
                            BicepFile.path(
                                d.body(), "properties", "permissions", "[0]", "actions")))
                    .noneMatch(a -> a.endsWith("/write") || a.endsWith("/delete")));
    List<String> all = new ArrayList<>();
    for (BicepFile f : allFiles()) {
      for (BicepFile.Declaration d : f.resources("Microsoft.Authorization/roleDefinitions")) {
        all.addAll(BicepFile.strings(BicepFile.path(d.body(), "properties", "permissions")));
      }
    }
    assertThat(all).isNotEmpty().noneMatch(a -> a.contains("*"));
    // The joins reuse the module, per listed VNet, in the VNet's resource group of this
    // subscription.
    BicepFile.Declaration join = SPOKE.declaration("module", "joinVnets");
    assertThat(join.target()).isEqualTo("modules/vnet-join.bicep");
    assertThat(join.head()).contains("for id in vnetIdsChecked");
    assertThat(SPOKE.text)
        .contains("toLower(concat(split(string(v), '/'), ['', '', ''])[2]) == thisSubscription");
  }

  @Test
  void spokeOwnsItsSubscriptionsSystemTopic() {
    BicepFile.Declaration topic = SPOKE_TOPIC.resources("Microsoft.EventGrid/systemTopics").get(0);
    assertThat(BicepFile.path(topic.body(), "properties", "topicType"))
        .isEqualTo("'Microsoft.Resources.Subscriptions'");
    assertThat(BicepFile.path(topic.body(), "properties", "source")).isEqualTo("subscription().id");
    assertThat(BicepFile.path(topic.body(), "identity", "type")).isEqualTo("'SystemAssigned'");
    assertThat(BicepFile.property(topic.body(), "location")).contains("'global'");
    // The hub covers its own subscription; a second topic for one source is refused by Event Grid.
    assertThat(SPOKE.text)
        .contains("is in this subscription; deploy spoke.bicep only to application subscriptions");
  }

  /**
   * The spoke delivers what the hub delivers for endpoints, to the same function, with the same
   * retries.
   */
  @Test
  void spokeEventSubscriptionMirrorsTheHubsForEndpointsWithRetriesAndDeadLetters() {
    String hub =
        BicepFile.path(APP.declaration("resource", "subscriptionToFunction").body(), "properties");
    String spoke =
        BicepFile.path(SPOKE_EVENTS.declaration("resource", "toFunction").body(), "properties");
    assertThat(BicepFile.strings(BicepFile.path(spoke, "filter", "includedEventTypes")))
        .containsExactlyElementsOf(
            BicepFile.strings(BicepFile.path(hub, "filter", "includedEventTypes")));
    String hubFilter = BicepFile.path(hub, "filter", "advancedFilters", "[0]");
    String spokeFilter = BicepFile.path(spoke, "filter", "advancedFilters", "[0]");
    assertThat(BicepFile.property(spokeFilter, "operatorType"))
        .isEqualTo(BicepFile.property(hubFilter, "operatorType"))
        .contains("'StringIn'");
    assertThat(BicepFile.property(spokeFilter, "key"))
        .isEqualTo(BicepFile.property(hubFilter, "key"))
        .contains("'data.operationName'");
    // An endpoint's tags written through the Tags API arrive as Microsoft.Resources/tags/write, not
    // as the endpoint's write.
    List<String> hubEndpointOps =
        BicepFile.strings(BicepFile.path(hubFilter, "values")).stream()
            .filter(
                v ->
                    v.startsWith("Microsoft.Network/privateEndpoints/")
                        || v.equals("Microsoft.Resources/tags/write"))
            .toList();
    assertThat(hubEndpointOps)
        .containsExactlyInAnyOrder(
            "Microsoft.Network/privateEndpoints/write",
            "Microsoft.Network/privateEndpoints/delete",
            "Microsoft.Resources/tags/write");
    assertThat(BicepFile.strings(BicepFile.path(spokeFilter, "values")))
        .containsExactlyElementsOf(hubEndpointOps);
    assertThat(BicepFile.path(spoke, "retryPolicy"))
        .isEqualToIgnoringWhitespace(BicepFile.path(hub, "retryPolicy"));
    assertThat(BicepFile.path(spoke, "destination", "endpointType")).isEqualTo("'AzureFunction'");
    assertThat(BicepFile.path(spoke, "destination", "properties", "maxEventsPerBatch"))
        .isEqualTo("1");
    String deadLetter = BicepFile.path(spoke, "deadLetterWithResourceIdentity");
    assertThat(BicepFile.path(deadLetter, "identity", "type")).isEqualTo("'SystemAssigned'");
    assertThat(BicepFile.path(deadLetter, "deadLetterDestination", "endpointType"))
        .isEqualTo("'StorageBlob'");
    assertThat(
            BicepFile.path(deadLetter, "deadLetterDestination", "properties", "blobContainerName"))
        .isEqualTo("deadLetterContainerName");
    // The function's resource id plus the function name, as the hub does for its own subscription.
    assertThat(
            BicepFile.path(
                SPOKE.declaration("module", "events").body(), "params", "functionResourceId"))
        .isEqualTo("'${functionAppIdChecked}/functions/${functionName}'");
    assertThat(
            BicepFile.path(
                APP.declaration("resource", "subscriptionToFunction").body(),
                "properties",
                "destination",
                "properties",
                "resourceId"))
        .isEqualTo("'${site.id}/functions/linkdns-events'");
    assertThat(SPOKE.params().get("functionName").defaultValue()).contains("'linkdns-events'");
  }

  @Test
  void deadLettersGoToACreatedOrGivenContainerWrittenByTheTopicOnly() {
    assertThat(SPOKE.params().get("deadLetterStorageAccountId").defaultValue()).contains("''");
    BicepFile.Declaration created =
        SPOKE_TOPIC.resources("Microsoft.Authorization/roleAssignments").get(0);
    assertThat(BicepFile.property(created.body(), "scope")).contains("deadLetter");
    assertThat(BicepFile.path(created.body(), "properties", "principalId"))
        .isEqualTo("topic.identity.principalId");
    assertThat(SPOKE_TOPIC.resources("Microsoft.Storage/storageAccounts").get(0).body())
        .contains("allowSharedKeyAccess: false");
    BicepFile.Declaration given = SPOKE.declaration("module", "deadLetterAccess");
    assertThat(given.head()).contains("if (!createDeadLetter)");
    assertThat(BicepFile.path(given.body(), "params", "principalId"))
        .isEqualTo("topic.outputs.principalId");
    BicepFile access = BicepFile.read(AZURE.resolve("modules/dead-letter-access.bicep"));
    assertThat(
            BicepFile.property(
                access.resources("Microsoft.Authorization/roleAssignments").get(0).body(), "scope"))
        .contains("container");
    // The event subscription waits for the given container's role.
    assertThat(
            BicepFile.property(SPOKE.declaration("module", "events").body(), "dependsOn")
                .orElseThrow())
        .contains("deadLetterAccess");
  }

  @Test
  void rolloutDeploysTheSpokeIntoEachListedSubscription() {
    assertThat(ROLLOUT.params().get("subscriptionIds"))
        .isEqualTo(new BicepFile.Param("subscriptionIds", "array", Optional.empty()));
    List<BicepFile.Declaration> modules = ROLLOUT.declarations("module");
    assertThat(modules).hasSize(1);
    BicepFile.Declaration spokes = modules.get(0);
    assertThat(spokes.target()).isEqualTo("spoke.bicep");
    assertThat(spokes.loop()).isTrue();
    assertThat(spokes.head()).contains("for id in subscriptionsLower");
    assertThat(ROLLOUT.text).contains("var subscriptionsLower = map(subscriptionIds,");
    assertThat(BicepFile.property(spokes.body(), "scope")).contains("subscription(id)");
    // Each spoke is given only the VNets of its own subscription.
    assertThat(BicepFile.path(spokes.body(), "params", "vnetIds"))
        .isEqualTo(
            "filter(vnetIds, v => toLower(concat(split(string(v), '/'), ['', '', ''])[2]) == id)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "LINKDNS_SUBSCRIPTIONS",
        "LINKDNS_LINK_VNETS",
        "AZURE_SUBSCRIPTION_ID",
        "LINKDNS_ZONE_RESOURCE_GROUP",
        "az deployment mg create",
        "az deployment sub create",
        "azure/spoke.bicep",
        "azure/rollout.bicep",
        "inbound endpoint",
        "registration",
        "LinkedAuthorizationFailed",
        "Storage Blob Data Contributor",
        "linkdns private DNS writer"
      })
  void landingZoneDocCovers(String term) throws IOException {
    assertThat(Files.readString(repo().resolve("docs/azure-landing-zone.md"))).contains(term);
  }

  @Test
  void readmeLinksTheLandingZoneDoc() throws IOException {
    assertThat(Files.readString(repo().resolve("azure-function/README.md")))
        .contains("../docs/azure-landing-zone.md");
  }

  /** Only where a Bicep CLI exists (a developer's machine); the build machine has none. */
  @ParameterizedTest
  @ValueSource(strings = {"main.bicep", "spoke.bicep", "rollout.bicep"})
  void compilesWhereABicepCliIsInstalled(String file) throws Exception {
    // az's own copy counts only once installed: `az bicep build` would otherwise try to download
    // it.
    Path azCopy = Path.of(System.getProperty("user.home"), ".azure", "bin", "bicep");
    Optional<List<String>> cli =
        onPath("bicep")
            .or(() -> Optional.of(azCopy.toString()).filter(c -> Files.isExecutable(azCopy)))
            .map(b -> List.of(b, "build", "--stdout"));
    assumeTrue(cli.isPresent(), "no Bicep CLI on the PATH or in ~/.azure/bin");
    List<String> command = new ArrayList<>(cli.get());
    command.add(AZURE.resolve(file).toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static Optional<String> onPath(String name) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
