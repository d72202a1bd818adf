// linkdns spokes over many application subscriptions at once: spoke.bicep in each subscription of
// subscriptionIds, from one management-group deployment (docs/azure-landing-zone.md):
//   az deployment mg create --management-group-id <group> -l <region> -f azure/rollout.bicep \
//     -p functionAppId=<main.bicep output functionAppId> principalId=<main.bicep output principalId> \
//        subscriptionIds='["<app subscription 1>","<app subscription 2>"]' vnetIds='[...]'
// Event Grid has no management-group topic, so each subscription still gets its own system topic and
// event subscription; this only saves deploying them one by one. List the same subscriptions in
// main.bicep's `subscriptions` (output linkdnsSubscriptions): a spoke whose subscription the function
// does not list has its events refused. Not compiled on the build machine (no Bicep CLI there); run
// `az bicep build -f azure/rollout.bicep` before the first deploy.
targetScope = 'managementGroup'

@description('Application subscriptions (GUIDs) below this management group to deploy spoke.bicep into; not the connectivity subscription.')
param subscriptionIds array

@description('Resource id of the central linkdns function app (main.bicep output functionAppId).')
param functionAppId string

@description('The Event Grid-triggered function of that app.')
param functionName string = 'linkdns-events'

@description('Object id of the function app\'s identity (main.bicep output principalId).')
param principalId string

@description('Region of each spoke\'s resource group and dead-letter account.')
param location string = deployment().location

@description('Resource group of each spoke.')
param resourceGroupName string = 'linkdns-spoke'

@description('VNets (resource ids, any of the listed subscriptions) holding private endpoints; each spoke gets join/action on those in its own subscription.')
param vnetIds array = []

@description('One dead-letter account (resource id) for every spoke, e.g. main.bicep output deadLetterStorageAccountId; empty: each spoke creates its own.')
param deadLetterStorageAccountId string = ''

@description('Subscribe the central function to each subscription\'s events (the function must be deployed).')
param deployEventSubscription bool = true

var subscriptionsLower = map(subscriptionIds, s => toLower(string(s)))

module spokes 'spoke.bicep' = [for id in subscriptionsLower: {
  name: 'linkdns-spoke-${uniqueString(id)}'
  scope: subscription(id)
  params: {
    functionAppId: functionAppId
    functionName: functionName
    principalId: principalId
    location: location
    resourceGroupName: resourceGroupName
    vnetIds: filter(vnetIds, v => toLower(concat(split(string(v), '/'), ['', '', ''])[2]) == id)
    deadLetterStorageAccountId: deadLetterStorageAccountId
    deployEventSubscription: deployEventSubscription
  }
}]

// For main.bicep's `subscriptions` parameter (LINKDNS_SUBSCRIPTIONS).
output linkdnsSubscriptions array = subscriptionsLower
output systemTopicIds array = [for (id, i) in subscriptionsLower: spokes[i].outputs.systemTopicId]
