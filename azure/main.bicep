// linkdns on Azure: the function app, its identity and least-privilege roles, and the Event Grid
// subscription that feeds it. Deploy at subscription scope (see azure-function/README.md):
//   az deployment sub create -l <region> -f azure/main.bicep -p azure/main.bicepparam
// In a landing zone this is the hub, deployed to the connectivity subscription where the zones live;
// application subscriptions get azure/spoke.bicep (or azure/rollout.bicep over a management group),
// see docs/azure-landing-zone.md.
// Written against the ARM/Bicep reference; not compiled on the build machine (no Bicep CLI there):
// run `az bicep build -f azure/main.bicep` before the first deploy.
targetScope = 'subscription'

@description('Region of the function app, its storage and its plan.')
param location string

@description('Resource group for the function app, its storage, plan and Event Grid system topic.')
param appResourceGroupName string = 'linkdns'

@description('Resource group where linkdns finds and creates the private DNS zones (LINKDNS_ZONE_RESOURCE_GROUP).')
param zoneResourceGroupName string = 'private-dns'

@description('Function app name; globally unique.')
param appName string

@description('NCRONTAB schedule of the sweep (six fields, seconds first).')
param sweepSchedule string = '0 */15 * * * *'

@description('Create missing private zones and VNet links (LINKDNS_CREATE_ZONES).')
param createZones bool = true

@description('Minutes a zone linkdns created may hold nothing of ours before it is unlinked and deleted; 0 = at the next reconcile (LINKDNS_ZONE_GRACE_MINUTES).')
@minValue(0)
@maxValue(10080)
param zoneGraceMinutes int = 60

@description('New zones per VNet per rolling hour; past it a new domain is refused until one frees up (LINKDNS_ZONE_BUDGET).')
@minValue(1)
@maxValue(500)
param zoneBudget int = 20

@allowed(['sync', 'upsert-only', 'create-only'])
param policy string = 'sync'

@description('Names this installation in owner markers and in the linkdns-owner tag of the zones it creates (LINKDNS_OWNER_ID).')
param ownerId string = 'linkdns'

@description('Layout for endpoints that name none (LINKDNS_LAYOUT).')
param defaultLayout string = 'confluent-azure-dedicated'

@description('JSON array of {service, network?, domain, layout?, zone?} rules (LINKDNS_RULES); empty for tags only.')
param rules string = ''

@description('LINKDNS_ALLOWED_DOMAINS. Empty (default) = only Confluent\'s documented private domains (<network>.<region>.<cloud>.confluent.cloud, <region>.<cloud>.private.confluent.cloud and access points below it). Comma-separated suffixes WIDEN to any domain strictly below them. The clouds\' own suffixes and Confluent domains above a network (azure.confluent.cloud, centralus.azure.confluent.cloud) are refused even if listed.')
param allowedDomains string = ''

@description('Comma-separated existing zone names in the zone resource group that linkdns may manage although it did not create them (LINKDNS_ZONES).')
param adoptedZones string = ''

@description('Resource groups of this subscription holding the VNets of the private endpoints. linkdns may link zones to VNets there (virtualNetworks/join/action) and nowhere else.')
param vnetResourceGroupNames array

@description('Single VNets (resource ids, this subscription) to allow as well, for a scope narrower than a whole resource group.')
param vnetIds array = []

@description('Application subscriptions (GUIDs) whose private endpoints this installation wires besides this one (LINKDNS_SUBSCRIPTIONS, with this subscription added). Each needs azure/spoke.bicep (or azure/rollout.bicep) for its events and roles. Empty: this subscription only, as before.')
param subscriptions array = []

@description('VNets (resource ids, in this or a listed subscription) every managed zone is also linked to, e.g. the hub VNet of the DNS Private Resolver (LINKDNS_LINK_VNETS). linkdns gets virtualNetworks/join/action on each. Empty: zones are linked to the endpoints\' VNets only, as before.')
param linkVnets array = []

@description('Base URL of the Confluent Cloud API (LINKDNS_CONFLUENT_API_URL): https only, a host, optional port and path, no user info, query or fragment.')
param confluentApiUrl string = 'https://api.confluent.cloud'

// Bicep has no pattern for string parameters: the rule is checked here and the deployment fails with
// a message naming the setting. The function checks the same rule at start-up; its exemption for plain
// http to a loopback address serves local tests only and never applies to a deployed app.
var confluentApiUrlChecked = startsWith(toLower(confluentApiUrl), 'https://') && length(confluentApiUrl) > 8 && !contains(confluentApiUrl, '@') && !contains(confluentApiUrl, '?') && !contains(confluentApiUrl, '#') && !contains(confluentApiUrl, ' ') && !contains(confluentApiUrl, '\\') ? confluentApiUrl : fail('confluentApiUrl (LINKDNS_CONFLUENT_API_URL) must be an https:// URL with a host and no user info, query or fragment; got: ${confluentApiUrl}')

@description('Comma-separated Confluent environment ids to read (LINKDNS_CONFLUENT_ENVIRONMENTS); empty for all the key can see.')
param confluentEnvironments string = ''

@description('Resource id of the Key Vault (RBAC authorization) holding the Confluent Cloud API key; empty when Confluent\'s API is not used.')
param confluentKeyVaultId string = ''

@description('Name of the Key Vault secret whose value is {"api_key","api_secret"}.')
param confluentSecretName string = ''

@description('The key that seals owner markers (stored in a Key Vault secret this template creates). Default: a new GUID, which changes on every deployment unless you pass the same value; a change re-seals live endpoints\' records on their next reconcile and leaves a gone endpoint\'s records reported instead of deleted.')
@secure()
param sealKey string = newGuid()

@description('Name of the zip in the package storage account\'s linkdns-releases container the app runs from (WEBSITE_RUN_FROM_PACKAGE); empty before the first code upload.')
param packageBlobName string = ''

@description('Second phase: subscribe the deployed linkdns-events function to the subscription\'s resource events.')
param deployEventSubscription bool = false

var usesConfluent = !empty(confluentKeyVaultId)

// Hub and spokes (docs/azure-landing-zone.md). Zones, their custom role and its assignment stay here, in
// the connectivity subscription, whatever subscription an endpoint lives in; the listed subscriptions
// only get their event subscription and read/join roles (spoke.bicep). The settings are comma lists,
// so every value is checked here and the deployment fails naming the parameter and the value.
var hubSubscriptionId = toLower(subscription().subscriptionId)
var subscriptionsChecked = map(subscriptions, s => length(string(s)) == 36 && length(split(string(s), '-')) == 5 && !contains(string(s), ',') && !contains(string(s), '/') ? toLower(string(s)) : fail('subscriptions (LINKDNS_SUBSCRIPTIONS) must hold subscription ids (GUIDs); got: ${string(s)}'))
var linkSubscriptions = union([hubSubscriptionId], subscriptionsChecked)
// Padded so that a short id indexes blanks instead of failing the template with an index error.
var linkVnetParts = map(linkVnets, v => {
  id: string(v)
  count: length(split(string(v), '/'))
  parts: concat(split(string(v), '/'), ['', '', '', '', '', '', '', '', ''])
})
var linkVnetsShaped = map(linkVnetParts, v => v.count == 9 && empty(v.parts[0]) && toLower(v.parts[1]) == 'subscriptions' && toLower(v.parts[3]) == 'resourcegroups' && !empty(v.parts[4]) && toLower(v.parts[5]) == 'providers' && toLower(v.parts[6]) == 'microsoft.network' && toLower(v.parts[7]) == 'virtualnetworks' && !empty(v.parts[8]) && !contains(v.id, ',') ? v.id : fail('linkVnets (LINKDNS_LINK_VNETS) must hold virtual network resource ids (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>); got: ${v.id}'))
// A link VNet outside the listed subscriptions would be a network linkdns was never meant to reach.
var linkVnetsChecked = map(linkVnetsShaped, v => contains(linkSubscriptions, toLower(split(v, '/')[2])) ? v : fail('linkVnets (LINKDNS_LINK_VNETS): ${v} is in subscription ${split(v, '/')[2]}, which is neither this (connectivity) subscription nor listed in subscriptions'))
// The same VNet in vnetIds already has its join assignment (one deployment name per VNet).
var vnetIdsLower = map(vnetIds, x => toLower(string(x)))
var linkVnetsToJoin = filter(linkVnetsChecked, v => !contains(vnetIdsLower, toLower(v)))
// The vnet joiner role must be assignable wherever a link VNet is.
var joinScopes = union(['/subscriptions/${hubSubscriptionId}'], map(linkVnetsChecked, v => '/subscriptions/${toLower(split(v, '/')[2])}'))

// Zones: read; with createZones also create (If-None-Match: *), tag (linkdns-owner / linkdns-mark on
// the zones linkdns created, rewritten If-Match to note since when a zone is empty) and delete them.
// Azure RBAC cannot tell a zone create from an update, nor limit which tags are written: a zone write
// is a zone write.
var zoneReadActions = [
  'Microsoft.Network/privateDnsZones/read'
  // Listing all record sets of a zone (type ALL), foreign ones included, which linkdns only reads.
  'Microsoft.Network/privateDnsZones/recordsets/read'
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks/read'
  // Long-running writes are polled here (Azure-AsyncOperation / Location headers).
  'Microsoft.Network/privateDnsOperationStatuses/read'
  'Microsoft.Network/privateDnsOperationResults/read'
]
// The record types linkdns writes on Azure. Owner markers are record-set metadata there, so TXT is
// never written (on Route 53 the markers are TXT records); NS, SOA, MX, PTR, SRV are out of reach.
var recordActions = [
  'Microsoft.Network/privateDnsZones/A/read'
  'Microsoft.Network/privateDnsZones/A/write'
  'Microsoft.Network/privateDnsZones/A/delete'
  'Microsoft.Network/privateDnsZones/AAAA/read'
  'Microsoft.Network/privateDnsZones/AAAA/write'
  'Microsoft.Network/privateDnsZones/AAAA/delete'
  'Microsoft.Network/privateDnsZones/CNAME/read'
  'Microsoft.Network/privateDnsZones/CNAME/write'
  'Microsoft.Network/privateDnsZones/CNAME/delete'
]
// The VNet side of a link needs virtualNetworks/join/action, granted only where the endpoints' VNets
// are (vnet joiner below). Removing a link needs nothing on the VNet.
var zoneCreateActions = [
  'Microsoft.Network/privateDnsZones/write'
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks/write'
]
// Zone lifecycle: a zone linkdns created that holds nothing but its SOA, and that no endpoint needs,
// is unlinked and deleted after LINKDNS_ZONE_GRACE_MINUTES. Azure refuses to delete a linked zone, so
// links go first. Only with createZones (without it linkdns creates nothing it could delete), and only
// in the zone resource group, the role's one assignable scope. The code deletes only zones tagged with
// its own owner id, after re-reading that they hold no record set.
var zoneDeleteActions = [
  'Microsoft.Network/privateDnsZones/delete'
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks/delete'
]
// Split a placeholder when no vault is given: ARM may evaluate a conditional module's scope anyway.
var vaultIdParts = split(usesConfluent ? confluentKeyVaultId : '/subscriptions/${subscription().subscriptionId}/resourceGroups/${appResourceGroupName}/providers/Microsoft.KeyVault/vaults/none', '/')
var vaultName = last(vaultIdParts)

resource appGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: appResourceGroupName
  location: location
}

resource zoneGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: zoneResourceGroupName
  location: location
}

module app 'modules/app.bicep' = {
  name: 'linkdns-app'
  scope: appGroup
  params: {
    location: location
    appName: appName
    deployEventSubscription: deployEventSubscription
  }
}

// Record sets, zones and VNet links, only where the zones live: a custom role instead of Private DNS
// Zone Contributor, which would also let linkdns write every record type (NS, MX, SOA, ...) and
// delete zones and links whatever zone creation is set to.
resource zoneWriter 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(zoneGroup.id, 'linkdns-private-dns-writer')
  properties: {
    roleName: 'linkdns private DNS writer (${subscription().subscriptionId}/${zoneResourceGroupName})'
    description: 'Reads private DNS zones, writes their A, AAAA and CNAME record sets; with zone creation on, also creates, tags and deletes zones and links and unlinks them to and from virtual networks.'
    type: 'CustomRole'
    assignableScopes: [
      zoneGroup.id
    ]
    permissions: [
      {
        actions: concat(zoneReadActions, recordActions, createZones ? concat(zoneCreateActions, zoneDeleteActions) : [])
        notActions: []
      }
    ]
  }
}

module zoneAccess 'modules/zone-access.bicep' = {
  name: 'linkdns-zone-access'
  scope: zoneGroup
  params: {
    principalId: app.outputs.principalId
    roleDefinitionId: zoneWriter.id
  }
}

// Reading endpoints and their NICs anywhere in the subscription: the sweep has to find every
// endpoint, and an event names endpoints in any resource group. Read only.
resource networkReader 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'linkdns-network-reader')
  properties: {
    roleName: 'linkdns network reader (${subscription().subscriptionId})'
    description: 'Reads private endpoints and their network interfaces.'
    type: 'CustomRole'
    assignableScopes: [
      subscription().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Network/privateEndpoints/read'
          'Microsoft.Network/networkInterfaces/read'
        ]
        notActions: []
      }
    ]
  }
}

resource networkRead 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, appName, networkReader.id)
  properties: {
    principalId: app.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: networkReader.id
  }
}

// Linking a zone to a VNet needs virtualNetworks/join/action on that VNet. Granted only on the
// listed resource groups and VNets, so linkdns cannot attach its zones to any other network.
resource vnetJoiner 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'linkdns-vnet-joiner')
  properties: {
    roleName: 'linkdns vnet joiner (${subscription().subscriptionId})'
    description: 'Links private DNS zones to virtual networks.'
    type: 'CustomRole'
    // This subscription, plus the subscriptions of the link VNets (LINKDNS_LINK_VNETS).
    assignableScopes: joinScopes
    permissions: [
      {
        actions: [
          'Microsoft.Network/virtualNetworks/read'
          'Microsoft.Network/virtualNetworks/join/action'
        ]
        notActions: []
      }
    ]
  }
}

module joinGroups 'modules/vnet-join.bicep' = [for rg in vnetResourceGroupNames: if (createZones) {
  name: 'linkdns-join-${uniqueString(rg)}'
  scope: resourceGroup(rg)
  params: {
    principalId: app.outputs.principalId
    roleDefinitionId: vnetJoiner.id
    vnetName: ''
  }
}]

module joinVnets 'modules/vnet-join.bicep' = [for id in vnetIds: if (createZones) {
  name: 'linkdns-join-${uniqueString(id)}'
  scope: resourceGroup(split(id, '/')[4])
  params: {
    principalId: app.outputs.principalId
    roleDefinitionId: vnetJoiner.id
    vnetName: last(split(id, '/'))
  }
}]

// The link VNets (LINKDNS_LINK_VNETS): every managed zone is linked to each, so linkdns needs join
// there too, in whatever listed subscription the VNet is. The role definition id names the VNet's
// subscription, where the role is assignable (joinScopes).
module joinLinkVnets 'modules/vnet-join.bicep' = [for id in linkVnetsToJoin: if (createZones) {
  name: 'linkdns-link-${uniqueString(id)}'
  scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
  params: {
    principalId: app.outputs.principalId
    roleDefinitionId: '/subscriptions/${toLower(split(id, '/')[2])}/providers/Microsoft.Authorization/roleDefinitions/${vnetJoiner.name}'
    vnetName: last(split(id, '/'))
  }
  dependsOn: [
    vnetJoiner
  ]
}]

// Key Vault Secrets User on the one secret, not the vault.
module confluentAccess 'modules/secret-access.bicep' = if (usesConfluent) {
  name: 'linkdns-confluent-secret'
  scope: resourceGroup(vaultIdParts[2], vaultIdParts[4])
  params: {
    principalId: app.outputs.principalId
    vaultName: vaultName
    secretName: confluentSecretName
  }
}

// The seal key: a vault of the app's own and one secret, readable by the function only (docs/threat-model.md).
var sealKeyVaultName = 'ldns${uniqueString(subscription().subscriptionId, appResourceGroupName)}'

module sealKeyVault 'modules/seal-key.bicep' = {
  name: 'linkdns-seal-key'
  scope: appGroup
  params: {
    location: location
    vaultName: sealKeyVaultName
    value: sealKey
  }
}

module sealKeyAccess 'modules/secret-access.bicep' = {
  name: 'linkdns-seal-key-access'
  scope: appGroup
  params: {
    principalId: app.outputs.principalId
    vaultName: sealKeyVaultName
    secretName: 'linkdns-seal-key'
  }
  dependsOn: [
    sealKeyVault
  ]
}

// After the secret's role assignment, so the Key Vault reference resolves on the first start.
module settings 'modules/app-settings.bicep' = {
  name: 'linkdns-app-settings'
  scope: appGroup
  params: {
    siteName: app.outputs.functionAppName
    storageName: app.outputs.storageName
    packageStorageName: app.outputs.artifactsName
    packageBlobName: packageBlobName
    settings: {
      AZURE_SUBSCRIPTION_ID: subscription().subscriptionId
      AZURE_TENANT_ID: tenant().tenantId
      LINKDNS_ZONE_RESOURCE_GROUP: zoneResourceGroupName
      LINKDNS_SWEEP_SCHEDULE: sweepSchedule
      LINKDNS_CREATE_ZONES: string(createZones)
      LINKDNS_ZONE_GRACE_MINUTES: string(zoneGraceMinutes)
      LINKDNS_ZONE_BUDGET: string(zoneBudget)
      LINKDNS_POLICY: policy
      LINKDNS_OWNER_ID: ownerId
      LINKDNS_LAYOUT: defaultLayout
      LINKDNS_RULES: rules
      LINKDNS_ALLOWED_DOMAINS: allowedDomains
      LINKDNS_ZONES: adoptedZones
      // Empty unless spokes are listed: a single-subscription installation reads as before.
      LINKDNS_SUBSCRIPTIONS: empty(subscriptionsChecked) ? '' : join(linkSubscriptions, ',')
      LINKDNS_LINK_VNETS: join(linkVnetsChecked, ',')
      LINKDNS_PRINCIPAL_ID: app.outputs.principalId
      LINKDNS_CONFLUENT_API_URL: confluentApiUrlChecked
      LINKDNS_CONFLUENT_ENVIRONMENTS: confluentEnvironments
      // A Key Vault reference: App Service resolves it with the app's identity, so the function sees
      // the secret's JSON value and the API key never appears in a template, parameter or setting.
      LINKDNS_CONFLUENT_SECRET: usesConfluent ? '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${confluentSecretName})' : ''
      // Resolved by App Service like the Confluent secret: the function sees the key itself.
      LINKDNS_SEAL_KEY_SECRET: '@Microsoft.KeyVault(VaultName=${sealKeyVaultName};SecretName=linkdns-seal-key)'
    }
  }
  dependsOn: [
    confluentAccess
    sealKeyAccess
  ]
}

output functionAppName string = app.outputs.functionAppName
// For the spokes (spoke.bicep, rollout.bicep): where their events go.
output functionAppId string = app.outputs.functionAppId
output principalId string = app.outputs.principalId
// The host's account (AzureWebJobsStorage) and the account the package is uploaded to and dead
// letters land in (its own, out of the function's write reach).
output storageAccountName string = app.outputs.storageName
output packageStorageAccountName string = app.outputs.artifactsName
output releasesContainer string = app.outputs.releasesContainer
output deadLetterContainer string = app.outputs.deadLetterContainer
// A spoke may dead-letter here too (spoke.bicep deadLetterStorageAccountId) instead of an account of its own.
output deadLetterStorageAccountId string = app.outputs.artifactsId
