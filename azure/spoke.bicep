// linkdns spoke: what one application subscription needs so that the central function (main.bicep, in
// the connectivity subscription) wires its private endpoints. Deploy once per application subscription,
// at subscription scope, or over many with rollout.bicep (docs/azure-landing-zone.md):
//   az deployment sub create --subscription <app subscription> -l <region> -f azure/spoke.bicep \
//     -p functionAppId=<main.bicep output functionAppId> principalId=<main.bicep output principalId> \
//        vnetIds='["<VNet id of the endpoints>"]'
// Event Grid has no management-group topic: each subscription has its own system topic, and only one
// per source, so this template owns the subscription's topic (systemTopicName / resourceGroupName name
// an existing one to adopt it). Zones and their roles stay in the connectivity subscription: nothing
// here can write DNS. Not compiled on the build machine (no Bicep CLI there); run
// `az bicep build -f azure/spoke.bicep` before the first deploy.
targetScope = 'subscription'

@description('Resource id of the central linkdns function app (main.bicep output functionAppId), in the connectivity subscription.')
param functionAppId string

@description('The Event Grid-triggered function of that app.')
param functionName string = 'linkdns-events'

@description('Object id of the function app\'s system-assigned identity (main.bicep output principalId).')
param principalId string

@description('Region of the spoke resource group and of the dead-letter account it creates.')
param location string = deployment().location

@description('Resource group of this subscription for the system topic (and the dead-letter account, when created).')
param resourceGroupName string = 'linkdns-spoke'

@description('Name of the subscription\'s Event Grid system topic; an existing topic of this subscription is adopted under its own name and resource group.')
param systemTopicName string = 'linkdns-subscription-events'

@description('VNets of this subscription (resource ids) holding the private endpoints: linkdns links the zones of their endpoints to them (virtualNetworks/join/action there and nowhere else here). Empty when zone creation is off in the hub.')
param vnetIds array = []

@description('Storage account (resource id, any subscription) for dead letters, e.g. the hub\'s (main.bicep output deadLetterStorageAccountId); empty: an account is created in resourceGroupName.')
param deadLetterStorageAccountId string = ''

@description('Container for dead letters in that account; created with the account, must exist in a given one.')
param deadLetterContainerName string = 'linkdns-deadletter'

@description('Subscribe the central function to this subscription\'s resource events; needs the function deployed (code uploaded).')
param deployEventSubscription bool = true

var thisSubscription = toLower(subscription().subscriptionId)
// Padded so that a short id indexes blanks instead of failing the template with an index error.
var functionParts = concat(split(functionAppId, '/'), ['', '', '', '', '', '', '', '', ''])
// The connectivity subscription has its own topic (main.bicep); a second one for the same source is
// refused by Event Grid, and its endpoints are wired already.
var functionAppIdChecked = length(split(functionAppId, '/')) == 9 && toLower(functionParts[1]) == 'subscriptions' && toLower(functionParts[6]) == 'microsoft.web' && toLower(functionParts[7]) == 'sites' && !empty(functionParts[8]) ? (toLower(functionParts[2]) != thisSubscription ? functionAppId : fail('functionAppId: ${functionAppId} is in this subscription; deploy spoke.bicep only to application subscriptions, main.bicep covers the connectivity subscription')) : fail('functionAppId must be a function app resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/sites/<name>); got: ${functionAppId}')
var principalIdChecked = length(principalId) == 36 ? principalId : fail('principalId must be the object id (GUID) of the function app\'s identity; got: ${principalId}')
// join/action only on VNets of this subscription: another subscription's VNets get theirs from their own spoke.
// Padded like functionParts: a short id fails with this message, not with an index error.
var vnetIdsChecked = map(vnetIds, v => length(split(string(v), '/')) == 9 && toLower(concat(split(string(v), '/'), ['', '', ''])[2]) == thisSubscription && toLower(concat(split(string(v), '/'), ['', '', '', '', '', '', '', '', ''])[7]) == 'virtualnetworks' ? string(v) : fail('vnetIds must hold virtual network resource ids of this subscription (${thisSubscription}); got: ${string(v)}'))
var createDeadLetter = empty(deadLetterStorageAccountId)
// Split a placeholder when no account is given: ARM may evaluate a conditional module's scope anyway.
var deadLetterParts = split(createDeadLetter ? '/subscriptions/${thisSubscription}/resourceGroups/${resourceGroupName}/providers/Microsoft.Storage/storageAccounts/none' : deadLetterStorageAccountId, '/')

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
}

// The subscription's system topic (its identity writes dead letters) and, unless an account is given,
// the dead-letter account with the topic's role on its container.
module topic 'modules/spoke-topic.bicep' = {
  name: 'linkdns-spoke-topic'
  scope: group
  params: {
    location: location
    topicName: systemTopicName
    createDeadLetter: createDeadLetter
    deadLetterContainerName: deadLetterContainerName
  }
}

// A given account (the hub's, say): Storage Blob Data Contributor for this topic on the container only.
module deadLetterAccess 'modules/dead-letter-access.bicep' = if (!createDeadLetter) {
  name: 'linkdns-spoke-dead-letters-${uniqueString(thisSubscription)}'
  scope: resourceGroup(deadLetterParts[2], deadLetterParts[4])
  params: {
    principalId: topic.outputs.principalId
    storageAccountName: last(deadLetterParts)
    containerName: deadLetterContainerName
  }
}

module events 'modules/spoke-event-subscription.bicep' = if (deployEventSubscription) {
  name: 'linkdns-spoke-events'
  scope: group
  params: {
    topicName: topic.outputs.topicName
    functionResourceId: '${functionAppIdChecked}/functions/${functionName}'
    deadLetterStorageAccountId: createDeadLetter ? topic.outputs.deadLetterStorageAccountId : deadLetterStorageAccountId
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    deadLetterAccess
  ]
}

// Reading this subscription's private endpoints and their NICs: an event names the endpoint, the
// function reads its real state here (the event is a hint), and the sweep lists every endpoint. Read
// only; a custom role because Reader would also expose every other resource's configuration.
resource networkReader 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'linkdns-spoke-network-reader')
  properties: {
    roleName: 'linkdns spoke network reader (${subscription().subscriptionId})'
    description: 'Reads private endpoints and their network interfaces for the central linkdns function.'
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
  name: guid(subscription().id, principalIdChecked, networkReader.id)
  properties: {
    principalId: principalIdChecked
    principalType: 'ServicePrincipal'
    roleDefinitionId: networkReader.id
  }
}

// Linking a zone of the connectivity subscription to a VNet here is checked against the VNet
// (LinkedAuthorizationFailed without join). Granted on the listed VNets only.
resource vnetJoiner 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'linkdns-spoke-vnet-joiner')
  properties: {
    roleName: 'linkdns spoke vnet joiner (${subscription().subscriptionId})'
    description: 'Links private DNS zones of the connectivity subscription to virtual networks of this subscription.'
    type: 'CustomRole'
    assignableScopes: [
      subscription().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Network/virtualNetworks/join/action'
        ]
        notActions: []
      }
    ]
  }
}

module joinVnets 'modules/vnet-join.bicep' = [for id in vnetIdsChecked: {
  name: 'linkdns-spoke-join-${uniqueString(id)}'
  scope: resourceGroup(split(id, '/')[4])
  params: {
    principalId: principalIdChecked
    roleDefinitionId: vnetJoiner.id
    vnetName: last(split(id, '/'))
  }
}]

output systemTopicId string = topic.outputs.topicId
output deadLetterStorageAccountId string = createDeadLetter ? topic.outputs.deadLetterStorageAccountId : deadLetterStorageAccountId
output subscriptionId string = thisSubscription
