// The function app (Linux, Java 17, consumption plan) with a system-assigned identity, its storage
// and dead-letter container, and the subscription's Event Grid system topic with linkdns' filter.
targetScope = 'resourceGroup'

param location string
param appName string

@description('linkdns settings; become app settings beside the Functions host\'s own.')
param settings object

param deployEventSubscription bool

var storageName = take('st${uniqueString(resourceGroup().id, appName)}', 24)
var deadLetterContainerName = 'linkdns-deadletter'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deadLetter 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deadLetterContainerName
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'Y1'
    tier: 'Dynamic'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'Java|17'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
    }
  }
}

// App settings in their own resource so they can carry the app's own principal id.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: union(settings, {
    AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'
    FUNCTIONS_EXTENSION_VERSION: '~4'
    FUNCTIONS_WORKER_RUNTIME: 'java'
    LINKDNS_PRINCIPAL_ID: site.identity.principalId
  })
}

// Resource events of the whole subscription.
resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: '${appName}-subscription-events'
  location: 'global'
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

// Needs the deployed function (azure-functions:deploy) to exist: hence the second phase.
resource subscriptionToFunction 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (deployEventSubscription) {
  parent: topic
  name: 'linkdns-events'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${site.id}/functions/linkdns-events'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
        'Microsoft.Resources.ResourceDeleteSuccess'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: [
            'Microsoft.Network/privateEndpoints/write'
            'Microsoft.Network/privateEndpoints/delete'
            'Microsoft.Network/privateDnsZones/A/write'
            'Microsoft.Network/privateDnsZones/A/delete'
            'Microsoft.Network/privateDnsZones/AAAA/write'
            'Microsoft.Network/privateDnsZones/AAAA/delete'
            'Microsoft.Network/privateDnsZones/CNAME/write'
            'Microsoft.Network/privateDnsZones/CNAME/delete'
          ]
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 10
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterDestination: {
      endpointType: 'StorageBlob'
      properties: {
        resourceId: storage.id
        blobContainerName: deadLetterContainerName
      }
    }
  }
  dependsOn: [
    appSettings
  ]
}

output functionAppName string = site.name
output principalId string = site.identity.principalId
output deadLetterContainer string = '${storage.name}/${deadLetter.name}'
