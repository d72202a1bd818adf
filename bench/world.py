#!/usr/bin/env python3
"""The benchmark's world in moto, made with boto3 in one process (fast), and the check afterwards.

  world.py setup  ENDPOINT_URL OUT_DIR NAME...  per run (NAMEs that differ only after the last "-") a VPC with
                                                subnets in 3 AZs; per NAME a tagged 3-AZ interface endpoint
                                                with its own domain, and
                                                OUT_DIR/event-NAME.json, the CloudTrail CreateVpcEndpoint
                                                event EventBridge delivers for it
  world.py check  ENDPOINT_URL OUT_DIR NAME...  exit 0 only if each NAME's domain has a private zone on the
                                                VPC holding exactly *.domain CNAME -> the regional name and
                                                *.<az-id>.domain CNAME -> each zonal name; prints one line per NAME
"""
import json
import random
import sys

import boto3

SERVICE = "com.amazonaws.vpce.us-east-2.vpce-svc-0a1b2c3d4e5f60718"
FIXTURE = "aws-function/src/test/resources/cloudtrail/create-vpc-endpoint.json"


def clients(url):
    kw = dict(endpoint_url=url, region_name="us-east-2", aws_access_key_id="test", aws_secret_access_key="test")
    return boto3.client("ec2", **kw), boto3.client("route53", **kw)


def setup(url, out, names):
    ec2, _ = clients(url)
    template = open(FIXTURE).read()
    manifest = {}
    networks = {}
    for name in names:
        # One VPC per run ("<variant>-<run>-cold" and "-warm" share one), so every run reads a VPC of the
        # same size: its own endpoints, not every earlier run's.
        group = name.rsplit("-", 1)[0]
        if group not in networks:
            vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
            networks[group] = (vpc, [ec2.create_subnet(VpcId=vpc, AvailabilityZone=az, CidrBlock=f"10.20.{i + 1}.0/24")
                                     ["Subnet"]["SubnetId"] for i, az in enumerate(["us-east-2a", "us-east-2b", "us-east-2c"])])
        vpc, subnets = networks[group]
        domain = f"bench-{name}-{random.randrange(10**6)}.us-east-2.aws.confluent.cloud"
        vpce = ec2.create_vpc_endpoint(
            VpcId=vpc, VpcEndpointType="Interface", ServiceName=SERVICE, SubnetIds=subnets,
            TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "linkdns:domain", "Value": domain}]}],
        )["VpcEndpoint"]["VpcEndpointId"]
        items = [{"tag": i + 1, "content": s} for i, s in enumerate(subnets)]
        text = template
        for k, v in {"{{endpointId}}": vpce, "{{vpcId}}": vpc, "{{serviceName}}": SERVICE, "{{domain}}": domain,
                     "{{subnetItems}}": json.dumps(items), "{{subnetPlain}}": json.dumps(subnets)}.items():
            text = text.replace(k, v)
        json.loads(text)
        with open(f"{out}/event-{name}.json", "w") as f:
            f.write(text)
        manifest[name] = {"domain": domain, "endpoint": vpce, "vpc": vpc}
    with open(f"{out}/world.json", "w") as f:
        json.dump(manifest, f)


def check(url, out, names):
    ec2, route53 = clients(url)
    manifest = json.load(open(f"{out}/world.json"))
    az_ids = {z["ZoneName"]: z["ZoneId"] for z in ec2.describe_availability_zones()["AvailabilityZones"]}
    ok = True
    for name in names:
        m = manifest[name]
        domain = m["domain"]
        ep = ec2.describe_vpc_endpoints(VpcEndpointIds=[m["endpoint"]])["VpcEndpoints"][0]
        dns = [d["DnsName"] for d in ep["DnsEntries"]]
        expected = {f"*.{domain} CNAME": [dns[0]]}
        for zonal in dns[1:]:
            az = next(a for a in az_ids if f"-{a}." in zonal)
            expected[f"*.{az_ids[az]}.{domain} CNAME"] = [zonal]
        zones = [z for z in route53.list_hosted_zones_by_vpc(VPCId=m["vpc"], VPCRegion="us-east-2")["HostedZoneSummaries"]
                 if z["Name"].rstrip(".") == domain]
        found = {}
        if zones:
            sets = route53.list_resource_record_sets(HostedZoneId=zones[0]["HostedZoneId"])["ResourceRecordSets"]
            for s in sets:
                if s["Type"] == "CNAME":
                    found[f"{s['Name'].rstrip('.').replace(chr(92) + '052', '*')} CNAME"] = sorted(
                        r["Value"].rstrip(".") for r in s["ResourceRecords"])
        good = found == expected
        ok &= good
        print(f"{name}\t{'wired' if good else 'WRONG'}\t{domain}\t{len(found)} CNAME(s)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    cmd, url, out, *names = sys.argv[1:]
    {"setup": setup, "check": check}[cmd](url, out, names)
