// The function app's settings: linkdns' own, plus the host's, with storage reached by identity.
targetScope = 'resourceGroup'

param siteName string

@description('The Functions host\'s storage account (AzureWebJobsStorage).')
param storageName string

@description('The account holding the linkdns-releases container the package is read from.')
param packageStorageName string

@description('Zip in the linkdns-releases container to run from; empty before the first upload.')
param packageBlobName string

@description('linkdns settings; become app settings beside the Functions host\'s own.')
param settings object

resource site 'Microsoft.Web/sites@2023-12-01' existing = {
  name: siteName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageName
}

resource packageStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: packageStorageName
}

// Linux consumption runs only from a package URL; the app fetches it with its own identity (Storage
// Blob Data Reader on the linkdns-releases container only, app.bicep), so the URL carries no SAS.
var runFromPackage = empty(packageBlobName) ? {} : {
  WEBSITE_RUN_FROM_PACKAGE: '${packageStorage.properties.primaryEndpoints.blob}linkdns-releases/${packageBlobName}'
  WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: 'SystemAssigned'
}

// This resource replaces all app settings: everything the app needs is listed here.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: union(settings, runFromPackage, {
    // Identity-based host storage: the account name only, no key or connection string.
    AzureWebJobsStorage__accountName: storage.name
    FUNCTIONS_EXTENSION_VERSION: '~4'
    FUNCTIONS_WORKER_RUNTIME: 'java'
  })
}
