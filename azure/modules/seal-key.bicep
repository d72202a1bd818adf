// The Key Vault and secret holding the key that seals linkdns's owner markers (HMAC-SHA256), so a
// principal that may write record-set metadata cannot forge a marker (docs/threat-model.md, "Sealed markers").
targetScope = 'resourceGroup'

param location string
param vaultName string
@secure()
param value string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access by Azure RBAC only: the function gets Key Vault Secrets User on the one secret.
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'linkdns-seal-key'
  properties: {
    value: value
  }
}

output vaultName string = vault.name
output secretName string = secret.name
