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
param deployEventSubscription = false
