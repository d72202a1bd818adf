// linkdns on Azure: the function app, its identity and least-privilege roles, and the Event Grid
// subscription that feeds it. Deploy at subscription scope (see azure-function/README.md):
//   az deployment sub create -l <region> -f azure/main.bicep -p azure/main.bicepparam
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

@allowed(['sync', 'upsert-only', 'create-only'])
param policy string = 'sync'

@description('Names this installation in owner markers (LINKDNS_OWNER_ID).')
param ownerId string = 'linkdns'

@description('Layout for endpoints that name none (LINKDNS_LAYOUT).')
param defaultLayout string = 'confluent-azure-dedicated'

@description('JSON array of {service, network?, domain, layout?, zone?} rules (LINKDNS_RULES); empty for tags only.')
param rules string = ''

@description('Second phase: subscribe the deployed linkdns-events function to the subscription\'s resource events.')
param deployEventSubscription bool = false

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
    settings: {
      AZURE_SUBSCRIPTION_ID: subscription().subscriptionId
      AZURE_TENANT_ID: tenant().tenantId
      LINKDNS_ZONE_RESOURCE_GROUP: zoneResourceGroupName
      LINKDNS_SWEEP_SCHEDULE: sweepSchedule
      LINKDNS_CREATE_ZONES: string(createZones)
      LINKDNS_POLICY: policy
      LINKDNS_OWNER_ID: ownerId
      LINKDNS_LAYOUT: defaultLayout
      LINKDNS_RULES: rules
    }
    deployEventSubscription: deployEventSubscription
  }
}

// Write access only where the zones live.
module zoneAccess 'modules/zone-access.bicep' = {
  name: 'linkdns-zone-access'
  scope: zoneGroup
  params: {
    principalId: app.outputs.principalId
  }
}

// Read the endpoints and their NICs anywhere in the subscription, and join a VNet to a zone link
// (creating a virtual network link needs virtualNetworks/join/action on the VNet). Nothing else.
resource networkRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'linkdns-network-reader')
  properties: {
    roleName: 'linkdns network reader (${subscription().subscriptionId})'
    description: 'Reads private endpoints, their network interfaces and virtual networks, and links private DNS zones to virtual networks.'
    type: 'CustomRole'
    assignableScopes: [
      subscription().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Network/privateEndpoints/read'
          'Microsoft.Network/networkInterfaces/read'
          'Microsoft.Network/virtualNetworks/read'
          'Microsoft.Network/virtualNetworks/join/action'
        ]
        notActions: []
      }
    ]
  }
}

resource networkAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, appName, networkRole.id)
  properties: {
    principalId: app.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: networkRole.id
  }
}

output functionAppName string = app.outputs.functionAppName
output principalId string = app.outputs.principalId
output deadLetterContainer string = app.outputs.deadLetterContainer
