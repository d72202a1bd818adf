// Private DNS Zone Contributor on the resource group that holds the zones, for one principal.
targetScope = 'resourceGroup'

param principalId string

// Built-in role "Private DNS Zone Contributor".
var privateDnsZoneContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b12aa53e-6015-4669-85d0-8515ebb3ae7f')

resource zoneContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, privateDnsZoneContributor)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: privateDnsZoneContributor
  }
}
