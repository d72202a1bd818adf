// The "linkdns vnet joiner" role for one principal, on this resource group or on one VNet in it.
targetScope = 'resourceGroup'

param principalId string
param roleDefinitionId string

@description('A VNet of this resource group; empty for the whole resource group.')
param vnetName string

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' existing = if (!empty(vnetName)) {
  name: empty(vnetName) ? 'none' : vnetName
}

resource onGroup 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (empty(vnetName)) {
  name: guid(resourceGroup().id, principalId, roleDefinitionId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roleDefinitionId
  }
}

resource onVnet 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(vnetName)) {
  name: guid(resourceGroup().id, vnetName, principalId, roleDefinitionId)
  scope: vnet
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roleDefinitionId
  }
}
