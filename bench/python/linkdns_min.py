"""Python baseline for the cold-start benchmark: the wiring linkdns does for one CreateVpcEndpoint
event, written the way a minimal boto3 function would do it, with the same AWS calls in the same
order as the Java function: DescribeVpcEndpoints for the event's VPC, DescribeAvailabilityZones once
per container, DescribeNetworkInterfaces of the VPC's endpoints, ListHostedZonesByVPC (the zone), and
for a new zone ListHostedZonesByVPC again and, when the VPC has zones, ListHostedZones (the check on
zones created recently), CreateHostedZone with linkdns's mark as its comment, then one
ChangeResourceRecordSets with the 4 CNAMEs and their owner TXT records. Route 53 is paced as
aws-function's Pacer paces it (Pacer below). No layouts, policies, ownership checks or retries beyond
boto3's own: it is the floor a Python function starts from, not a port of linkdns.
"""
import json
import os
import re
import threading
import time
import uuid

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")
OWNER = os.environ.get("LINKDNS_OWNER_ID", "linkdns")
ec2 = boto3.client("ec2", region_name=REGION)
route53 = boto3.client("route53", region_name="us-east-1")
_az_ids = None


class Bucket:
    """One token bucket; tokens may go negative, which is the queue of callers already promised a slot."""

    def __init__(self, burst, per_second, now):
        self.burst, self.per_second, self.tokens, self.at = burst, per_second, float(burst), now

    def refill(self, now, factor):
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.per_second * factor)
        self.at = now

    def wait(self, now, factor, n=1):
        self.refill(now, factor)
        return 0.0 if self.tokens >= n else (n - self.tokens) / (self.per_second * factor)

    def take(self, now, factor, n=1):
        self.refill(now, factor)
        self.tokens -= n


class Pacer:
    """aws-function's Pacer (io.linkdns.aws.Pacer), line for line: Route 53's buckets, one for the account
    (50 burst, LINKDNS_ROUTE53_RATE per s) and one per operation, all starting full, so one event's calls go
    at once; every HTTP attempt (retries included) takes a token of both, and requests that modify DNS data
    take their change tokens of the account's change-throughput bucket; a Throttling answer halves the
    refill rates, empties the buckets, and the rates recover by 5 % of full per second (AIMD); a wait that
    would outlast the invocation's deadline is refused."""

    OPERATION_LIMITS = {"CreateHostedZone": (40, 2), "AssociateVPCWithHostedZone": (20, 5),
                        "DisassociateVPCFromHostedZone": (10, 5), "DeleteHostedZone": (40, 5)}
    DEFAULT_LIMIT = (50, 10)
    ACCOUNT_BURST = 50
    CHANGE_LIMIT = (1500, 100)
    CHANGE_TOKENS = {"AssociateVPCWithHostedZone": 2, "DisassociateVPCFromHostedZone": 2,
                     "CreateHostedZone": 2, "DeleteHostedZone": 2}
    UPSERT_TOKENS = 2
    RECOVERY_PER_SECOND = 0.05
    FLOOR = 1.0 / 16

    def __init__(self, account_per_second, clock=time.monotonic, sleep=time.sleep):
        if not account_per_second > 0:
            raise ValueError(f"rate must be positive: {account_per_second}")
        self.clock, self.sleep, self.lock = clock, sleep, threading.Lock()
        now = clock()
        self.account = Bucket(self.ACCOUNT_BURST, account_per_second, now)
        self.changes = Bucket(*self.CHANGE_LIMIT, now)
        self.operations = {}
        self.cut_factor, self.cut_at = 1.0, now
        self.deadline = None  # time.monotonic() of the invocation's deadline, set per invocation

    def factor(self, now):
        return min(1.0, self.cut_factor + self.RECOVERY_PER_SECOND * (now - self.cut_at))

    @classmethod
    def change_tokens(cls, operation, body):
        """Change-throughput tokens Route 53 takes for this request (CHANGE_LIMIT)."""
        if operation == "ChangeResourceRecordSets":
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
            actions = re.findall(r"<Action>(CREATE|DELETE|UPSERT)</Action>", text)
            return sum(cls.UPSERT_TOKENS if a == "UPSERT" else 1 for a in actions)
        return cls.CHANGE_TOKENS.get(operation, 0)

    def acquire(self, operation, change_tokens=None):
        if change_tokens is None:
            change_tokens = self.CHANGE_TOKENS.get(operation, 0)
        if not 0 <= change_tokens <= self.CHANGE_LIMIT[0]:
            raise ValueError(f"change_tokens must be 0..{self.CHANGE_LIMIT[0]} (Route 53's change bucket): "
                             f"{change_tokens} for {operation}")
        with self.lock:
            now = self.clock()
            factor = self.factor(now)
            op = self.operations.get(operation)
            if op is None:
                op = self.operations[operation] = Bucket(*self.OPERATION_LIMITS.get(operation, self.DEFAULT_LIMIT), now)
            wait = max(self.account.wait(now, factor), op.wait(now, factor))
            if change_tokens > 0:
                wait = max(wait, self.changes.wait(now, factor, change_tokens))
            if wait > 0 and self.deadline is not None and now + wait > self.deadline:
                raise TimeoutError(f"Route 53 {operation} (paced {wait * 1000:.0f} ms)")
            self.account.take(now, factor)
            op.take(now, factor)
            self.changes.take(now, factor, change_tokens)
        if wait > 0:
            self.sleep(wait)

    def throttled(self):
        with self.lock:
            now = self.clock()
            factor = self.factor(now)
            for b in [self.account, self.changes, *self.operations.values()]:
                b.refill(now, factor)
            self.cut_factor, self.cut_at = max(self.FLOOR, factor / 2), now
            for b in [self.account, self.changes, *self.operations.values()]:
                b.tokens = min(b.tokens, 0.0)

    def attach(self, client):
        """Paces every HTTP attempt of the client, as the Java pacer's beforeTransmission does, and reads
        every attempt's answer for Throttling."""
        def before_send(event_name, request=None, **_):
            operation = event_name.rsplit(".", 1)[-1]
            self.acquire(operation, self.change_tokens(operation, getattr(request, "body", None)))

        def response_received(parsed_response=None, **_):
            if (parsed_response or {}).get("Error", {}).get("Code") == "Throttling":
                self.throttled()

        client.meta.events.register("before-send", before_send)
        client.meta.events.register("response-received", response_received)


pacer = Pacer(float(os.environ.get("LINKDNS_ROUTE53_RATE", "10")))
pacer.attach(route53)


def az_ids():
    global _az_ids
    if _az_ids is None:
        zones = ec2.describe_availability_zones(AllAvailabilityZones=True)["AvailabilityZones"]
        _az_ids = {z["ZoneName"]: z["ZoneId"] for z in zones}
    return _az_ids


def handler(event, context):
    if context is not None:
        pacer.deadline = time.monotonic() + context.get_remaining_time_in_millis() / 1000
    detail = event["detail"]
    endpoint = detail["responseElements"]["CreateVpcEndpointResponse"]["vpcEndpoint"]
    endpoint_id, vpc = endpoint["vpcEndpointId"], endpoint["vpcId"]
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["VpcEndpoints"]
    ep = next(e for e in endpoints if e["VpcEndpointId"] == endpoint_id)
    ids = az_ids()
    # like linkdns's catalog: the ENIs of every endpoint in the VPC, by filter, 200 ids a call
    eni_ids = [i for e in endpoints for i in e.get("NetworkInterfaceIds", [])]
    for k in range(0, len(eni_ids), 200):
        ec2.describe_network_interfaces(Filters=[{"Name": "network-interface-id", "Values": eni_ids[k:k + 200]}])
    domain = next(t["Value"] for t in ep.get("Tags", []) if t["Key"] == "linkdns:domain").rstrip(".")
    names = [d["DnsName"] for d in ep["DnsEntries"]]
    regional = names[0]
    records = {f"*.{domain}": regional}
    for name in names[1:]:
        az = next(a for a in ids if f"-{a}." in name)
        records[f"*.{ids[az]}.{domain}"] = name

    zones = route53.list_hosted_zones_by_vpc(VPCId=vpc, VPCRegion=REGION)["HostedZoneSummaries"]
    zone_id = next((z["HostedZoneId"] for z in zones if z["Name"].rstrip(".") == domain), None)
    created = zone_id is None
    if created:
        # linkdns counts the zones it created on this VPC lately before it creates another
        linked = route53.list_hosted_zones_by_vpc(VPCId=vpc, VPCRegion=REGION)["HostedZoneSummaries"]
        if linked:
            for page in route53.get_paginator("list_hosted_zones").paginate():
                page["HostedZones"]
        mark = f"managed by linkdns owner={OWNER} created={time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}"
        zone_id = route53.create_hosted_zone(
            Name=domain, CallerReference=f"linkdns-{uuid.uuid4()}", VPC={"VPCRegion": REGION, "VPCId": vpc},
            HostedZoneConfig={"PrivateZone": True, "Comment": mark})["HostedZone"]["Id"]
    marker = f'"heritage=linkdns,owner={OWNER},layout=confluent-aws-dedicated,endpoints={endpoint_id}"'
    changes = []
    for name, target in records.items():
        changes.append({"Action": "CREATE", "ResourceRecordSet": {
            "Name": name, "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": target}]}})
        changes.append({"Action": "CREATE", "ResourceRecordSet": {
            "Name": "_linkdns-cname-wildcard." + name[2:], "Type": "TXT", "TTL": 60,
            "ResourceRecords": [{"Value": marker}]}})
    route53.change_resource_record_sets(HostedZoneId=zone_id.split("/")[-1], ChangeBatch={"Changes": changes})
    summary = {"status": "CHANGED", "domain": domain, "zone_created": created, "creates": len(records)}
    print(json.dumps({"level": "INFO", "message": "reconciled", **summary}), flush=True)
    return {"outcomes": [summary]}
