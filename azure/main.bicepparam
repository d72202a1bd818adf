using './main.bicep'

// Example values; change them for your subscription.
param location = 'centralus'
param appResourceGroupName = 'linkdns'
param zoneResourceGroupName = 'private-dns'
param appName = 'linkdns-example-func'
param sweepSchedule = '0 */15 * * * *'
param createZones = true
param policy = 'sync'
param ownerId = 'linkdns'
param defaultLayout = 'confluent-azure-dedicated'
param rules = ''
param allowedDomains = 'confluent.cloud'
param adoptedZones = ''
// Where the private endpoints' VNets are: linkdns may link zones to VNets there and nowhere else.
param vnetResourceGroupNames = [
  'network'
]
param vnetIds = []
// Hub and spokes (docs/azure-landing-zone.md): application subscriptions whose endpoints this
// installation wires (LINKDNS_SUBSCRIPTIONS), and VNets every managed zone is also linked to, such as
// the DNS Private Resolver's hub VNet (LINKDNS_LINK_VNETS). Both empty: this subscription only.
param subscriptions = []
param linkVnets = []
param confluentApiUrl = 'https://api.confluent.cloud'
param confluentEnvironments = ''
// Key Vault (RBAC authorization) and secret holding {"api_key","api_secret"}; empty = tags and rules only.
param confluentKeyVaultId = ''
param confluentSecretName = ''
// Set after uploading the function zip (azure-function/README.md#deploy).
param packageBlobName = ''
param deployEventSubscription = false
