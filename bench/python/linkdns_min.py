"""Python baseline for the cold-start benchmark: the wiring linkdns does for one CreateVpcEndpoint
event, written the way a minimal boto3 function would do it, with the same AWS calls in the same
order as the Java function (DescribeVpcEndpoints for the event's VPC, DescribeNetworkInterfaces of its
endpoints, DescribeAvailabilityZones once per container, ListHostedZonesByVPC, CreateHostedZone,
ChangeTagsForResource (the owner tag on the new zone), one ChangeResourceRecordSets with the 4 CNAMEs and their owner TXT records) and the same Route 53
pacing (token bucket, 5 requests/s, burst 2). No layouts, policies, ownership checks or retries beyond
boto3's own: it is the floor a Python function starts from, not a port of linkdns.
"""
import json
import os
import threading
import time
import uuid

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")
OWNER = os.environ.get("LINKDNS_OWNER_ID", "linkdns")
OWNER_TAG = "linkdns:owner"
ec2 = boto3.client("ec2", region_name=REGION)
route53 = boto3.client("route53", region_name="us-east-1")
_az_ids = None


class Pacer:
    def __init__(self, per_second, burst):
        self.interval, self.burst = 1.0 / per_second, burst
        self.tokens, self.last, self.lock = float(burst), time.monotonic(), threading.Lock()

    def acquire(self):
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.last) / self.interval)
            self.last = now
            if self.tokens < 1:
                time.sleep((1 - self.tokens) * self.interval)
                self.last = time.monotonic()
                self.tokens = 1
            self.tokens -= 1


pacer = Pacer(float(os.environ.get("LINKDNS_ROUTE53_RATE", "5")), 2)


def az_ids():
    global _az_ids
    if _az_ids is None:
        zones = ec2.describe_availability_zones(AllAvailabilityZones=True)["AvailabilityZones"]
        _az_ids = {z["ZoneName"]: z["ZoneId"] for z in zones}
    return _az_ids


def handler(event, context):
    detail = event["detail"]
    endpoint = detail["responseElements"]["CreateVpcEndpointResponse"]["vpcEndpoint"]
    endpoint_id, vpc = endpoint["vpcEndpointId"], endpoint["vpcId"]
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["VpcEndpoints"]
    ep = next(e for e in endpoints if e["VpcEndpointId"] == endpoint_id)
    # like linkdns's catalog: the ENIs of every endpoint in the VPC, by filter, 200 ids a call
    eni_ids = [i for e in endpoints for i in e.get("NetworkInterfaceIds", [])]
    for k in range(0, len(eni_ids), 200):
        ec2.describe_network_interfaces(Filters=[{"Name": "network-interface-id", "Values": eni_ids[k:k + 200]}])
    domain = next(t["Value"] for t in ep.get("Tags", []) if t["Key"] == "linkdns:domain").rstrip(".")
    names = [d["DnsName"] for d in ep["DnsEntries"]]
    regional = names[0]
    records = {f"*.{domain}": regional}
    ids = az_ids()
    for name in names[1:]:
        az = next(a for a in ids if f"-{a}." in name)
        records[f"*.{ids[az]}.{domain}"] = name

    pacer.acquire()
    zones = route53.list_hosted_zones_by_vpc(VPCId=vpc, VPCRegion=REGION)["HostedZoneSummaries"]
    zone_id = next((z["HostedZoneId"] for z in zones if z["Name"].rstrip(".") == domain), None)
    created = zone_id is None
    if created:
        pacer.acquire()
        zone_id = route53.create_hosted_zone(
            Name=domain, CallerReference=f"linkdns-{uuid.uuid4()}", VPC={"VPCRegion": REGION, "VPCId": vpc},
            HostedZoneConfig={"PrivateZone": True, "Comment": f"managed by linkdns owner={OWNER}"})["HostedZone"]["Id"]
        pacer.acquire()
        route53.change_tags_for_resource(ResourceType="hostedzone", ResourceId=zone_id.split("/")[-1],
                                         AddTags=[{"Key": OWNER_TAG, "Value": OWNER}])
    marker = f'"heritage=linkdns,owner={OWNER},layout=confluent-aws-dedicated,endpoints={endpoint_id}"'
    changes = []
    for name, target in records.items():
        changes.append({"Action": "CREATE", "ResourceRecordSet": {
            "Name": name, "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": target}]}})
        changes.append({"Action": "CREATE", "ResourceRecordSet": {
            "Name": "_linkdns-cname-wildcard." + name[2:], "Type": "TXT", "TTL": 60,
            "ResourceRecords": [{"Value": marker}]}})
    pacer.acquire()
    route53.change_resource_record_sets(HostedZoneId=zone_id.split("/")[-1], ChangeBatch={"Changes": changes})
    summary = {"status": "CHANGED", "domain": domain, "zone_created": created, "creates": len(records)}
    print(json.dumps({"level": "INFO", "message": "reconciled", **summary}), flush=True)
    return {"outcomes": [summary]}
