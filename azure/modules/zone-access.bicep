// The "linkdns private DNS writer" role (main.bicep) for one principal, on the resource group that
// holds the private DNS zones.
targetScope = 'resourceGroup'

param principalId string
param roleDefinitionId string

resource zoneWrite 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, roleDefinitionId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roleDefinitionId
  }
}
