// A spoke subscription's Event Grid system topic (Microsoft.Resources.Subscriptions: resource events of
// the whole subscription) with a system-assigned identity that writes dead letters, and, unless the
// spoke names an account of its own, the dead-letter account and container. Used by spoke.bicep.
targetScope = 'resourceGroup'

param location string
param topicName string
param createDeadLetter bool
param deadLetterContainerName string

var storageBlobDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
var deadLetterAccountName = take('ld${uniqueString(resourceGroup().id, topicName)}', 24)

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: topicName
  location: 'global'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

// As the hub's package account: reached by Entra ID only, dead letters recoverable for 30 days.
resource deadLetterAccount 'Microsoft.Storage/storageAccounts@2023-05-01' = if (createDeadLetter) {
  name: deadLetterAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource deadLetterBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = if (createDeadLetter) {
  parent: deadLetterAccount
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

resource deadLetter 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = if (createDeadLetter) {
  parent: deadLetterBlobs
  name: deadLetterContainerName
}

// Only the dead-letter container, not the account.
resource topicDeadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (createDeadLetter) {
  name: guid(resourceGroup().id, deadLetterAccountName, deadLetterContainerName, topicName, storageBlobDataContributor)
  scope: deadLetter
  properties: {
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: storageBlobDataContributor
  }
}

output topicId string = topic.id
output topicName string = topic.name
output principalId string = topic.identity.principalId
output deadLetterStorageAccountId string = createDeadLetter ? deadLetterAccount.id : ''
