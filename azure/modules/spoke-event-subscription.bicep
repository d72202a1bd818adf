// A spoke's event subscription: the subscription's private endpoint writes and deletes, delivered to
// the central function in the connectivity subscription, dead-lettered with the topic's identity.
// The filter is main.bicep's (app.bicep) without its record-set operations: the zones are not here.
targetScope = 'resourceGroup'

param topicName string

@description('The Event Grid-triggered function: <function app id>/functions/<name>.')
param functionResourceId string

param deadLetterStorageAccountId string
param deadLetterContainerName string

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: topicName
}

resource toFunction 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'linkdns-events'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionResourceId
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
      // A tag written through the endpoint (PUT/PATCH) is a privateEndpoints/write; tags written
      // through the Tags API (az tag update) are a Microsoft.Resources/tags/write on
      // <resource>/providers/Microsoft.Resources/tags/default, for every resource of the subscription:
      // the function reads only a private endpoint's and skips the others unread.
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: [
            'Microsoft.Network/privateEndpoints/write'
            'Microsoft.Network/privateEndpoints/delete'
            'Microsoft.Resources/tags/write'
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
          resourceId: deadLetterStorageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output eventSubscriptionId string = toFunction.id
