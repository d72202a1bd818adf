// The function app (Linux, Java 17, consumption plan) with a system-assigned identity, two storage
// accounts (reached by identity: no account key anywhere) and the subscription's Event Grid system
// topic with linkdns' filter. App settings: app-settings.bicep.
//
// The host's own account (AzureWebJobsStorage: timer leases, locks, host keys) is the only storage the
// function's identity may write. The package it runs from and the dead letters of its events live in
// a second account where it may only read the package: code running as the function cannot replace
// its own package or erase the events it failed on.
targetScope = 'resourceGroup'

param location string
param appName string
param deployEventSubscription bool

var storageName = take('st${uniqueString(resourceGroup().id, appName)}', 24)
var artifactsName = take('sa${uniqueString(resourceGroup().id, appName, 'artifacts')}', 24)
var deadLetterContainerName = 'linkdns-deadletter'
var releasesContainerName = 'linkdns-releases'

// Built-in roles. Identity-based host storage (AzureWebJobsStorage__accountName) needs Storage Blob
// Data Owner (Microsoft: "the runtime needs both read and write access to blobs and the ability to
// create containers"; timer locks live in blobs) and Storage Table Data Contributor for the host's
// diagnostic events. Queues serve the blob trigger and queue bindings only, which linkdns does not use.
var storageBlobDataOwner = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
var storageTableDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
var storageBlobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
var storageBlobDataReader = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')

// The Functions host's account: nothing but the host's own coordination state.
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
    // The host reaches it with the app's identity; no key exists to leak.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

// The package and the dead letters, out of the function identity's write reach.
resource artifacts 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: artifactsName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    // Every reader and writer uses Entra ID: the app fetching its package, Event Grid dead-lettering,
    // and the operator's upload (az storage blob upload --auth-mode login).
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

// Deleted or overwritten packages and dead letters can be recovered for 30 days, whoever removed them.
resource artifactBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: artifacts
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: 30
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 30
    }
  }
}

resource deadLetter 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: artifactBlobs
  name: deadLetterContainerName
}

// The zip the app runs from (WEBSITE_RUN_FROM_PACKAGE, fetched with the app's identity).
resource releases 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: artifactBlobs
  name: releasesContainerName
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

resource hostBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, site.id, storageBlobDataOwner)
  scope: storage
  properties: {
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageBlobDataOwner
  }
}

resource hostTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, site.id, storageTableDataContributor)
  scope: storage
  properties: {
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageTableDataContributor
  }
}

// The package: read, on its container only (Microsoft documents Storage Blob Data Reader for a
// package fetched with WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID). No role on the dead letters.
resource packageRead 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(releases.id, site.id, storageBlobDataReader)
  scope: releases
  properties: {
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageBlobDataReader
  }
}

// Resource events of the whole subscription. The topic's own identity writes dead letters.
resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: '${appName}-subscription-events'
  location: 'global'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

// Only the dead-letter container, not the account: the topic's identity cannot touch the package.
resource topicDeadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetter.id, topic.id, storageBlobDataContributor)
  scope: deadLetter
  properties: {
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageBlobDataContributor
  }
}

// Needs the deployed function (code uploaded, app settings pointing at it): hence the second phase.
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
            // Tags written through the Tags API (az tag update): the function reads only a private endpoint's.
            'Microsoft.Resources/tags/write'
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
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: artifacts.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
  dependsOn: [
    topicDeadLetters
  ]
}

output functionAppName string = site.name
output functionAppId string = site.id
output principalId string = site.identity.principalId
output storageName string = storage.name
output artifactsName string = artifacts.name
output artifactsId string = artifacts.id
output releasesContainer string = '${artifacts.name}/${releases.name}'
output deadLetterContainer string = '${artifacts.name}/${deadLetter.name}'
