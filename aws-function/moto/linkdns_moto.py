#!/usr/bin/env python3
"""In-process moto_server (moto 5.2.x) with small "fidelity patches" for linkdns.

Usage:
    python3 linkdns_moto.py --port 0 --host 127.0.0.1 [--port-file PATH]

--port 0 picks a free port. Once the server accepts connections, exactly one
line "LISTENING <port>" is printed to stdout (and the port is written to
--port-file if given). The process exits when stdin reaches EOF, on
SIGTERM/SIGINT, or when its parent process goes away (parent pid changes), so
it never lingers as an orphan of the Java test harness.

Patches (each reproduces a real-AWS behaviour that stock moto lacks):
  1. EC2 interface VPC endpoints get real-shaped DnsEntries: one regional entry
     vpce-<id>-<rand8>.vpce-svc-<x>.<region>.vpce.amazonaws.com plus one zonal
     entry vpce-<id>-<rand8>-<az>.vpce-svc-<x>... per subnet AZ, all with one
     HostedZoneId. ModifyVpcEndpoint add/remove subnets creates/deletes the
     subnet's ENI and recomputes the zonal entries (<rand8> stays stable).
     Test hook: tag moto:wildcard-dns=true at creation and every entry starts
     with "*." (EC2 does this for some services).
  2. Optional pending state (test hook, not an AWS feature):
       - create the endpoint with tag  moto:initial-state=<state>
         (e.g. pendingAcceptance) -> endpoint starts in that state;
       - "accept" it later with  ec2 create-tags --resources vpce-...
         --tags Key=moto:state,Value=available  -> state becomes the tag value.
     (moto 5.2.1 has no AcceptVpcEndpointConnections.) The tags stay visible.
  3. Route 53 ChangeResourceRecordSets is validated atomically like real AWS:
     the whole batch is simulated first and rejected (InvalidChangeBatch, 400)
     if a CREATE hits an existing rrset, a DELETE misses or its values differ,
     or a CNAME would coexist with other types at one name. Nothing is applied
     on error.
  4. Route 53 CreateHostedZone of a private zone raises ConflictingDomainExists
     when a private zone with the same name is already associated with the same
     VPC.
  5. EC2 DescribeVpcEndpoints accepts the filter vpc-endpoint-id.
"""

import argparse
import copy
import os
import random
import re
import signal
import socket
import string
import sys
import threading
import time

from moto.ec2.models import tags as ec2_tags
from moto.ec2.models import vpcs as ec2_vpcs
from moto.ec2.utils import random_private_ip
from moto.route53 import models as r53_models
from moto.route53.exceptions import (
    DnsNameInvalidForZone,
    InvalidActionValue,
    InvalidInput,
    Route53ClientError,
)
from moto.route53.utils import validate_domain_name

# --------------------------------------------------------------------------
# Patch 1: interface VPC endpoint DnsEntries / ENIs like real AWS
# --------------------------------------------------------------------------

# Real AWS uses one fixed, region-specific hosted zone id for all vpce DNS names.
VPCE_HOSTED_ZONE_ID = "ZC8PG0KIFKBRI"


def _vpce_svc_label(service_name, region):
    # com.amazonaws.vpce.<region>.vpce-svc-<x> -> vpce-svc-<x>;
    # otherwise (e.g. com.amazonaws.us-east-2.s3) -> last label ("s3").
    prefix = f"com.amazonaws.vpce.{region}."
    if service_name.startswith(prefix):
        return service_name[len(prefix):]
    return service_name.rsplit(".", 1)[-1]


def _is_interface(ep):
    return (ep.vpc_endpoint_type or "").lower() == "interface"


def _recompute_dns_entries(backend, ep):
    # Real AWS: regional entry first, then one zonal entry per subnet AZ.
    if not hasattr(ep, "_linkdns_rand"):
        ep._linkdns_rand = "".join(
            random.choices(string.ascii_lowercase + string.digits, k=8)
        )
    region = backend.region_name
    tail = f"{_vpce_svc_label(ep.service_name, region)}.{region}.vpce.amazonaws.com"
    base = f"{ep.id}-{ep._linkdns_rand}"
    if getattr(ep, "_linkdns_wildcard", False):
        base = "*." + base
    entries = [{"dns_name": f"{base}.{tail}", "hosted_zone_id": VPCE_HOSTED_ZONE_ID}]
    seen = set()
    for subnet_id in ep.subnet_ids or []:
        az = backend.get_subnet(subnet_id).availability_zone
        if az not in seen:
            seen.add(az)
            entries.append(
                {"dns_name": f"{base}-{az}.{tail}", "hosted_zone_id": VPCE_HOSTED_ZONE_ID}
            )
    ep.dns_entries = entries


_orig_create_vpc_endpoint = ec2_vpcs.VPCBackend.create_vpc_endpoint


def _create_vpc_endpoint(self, *args, **kwargs):
    ep = _orig_create_vpc_endpoint(self, *args, **kwargs)
    # Patch 1 (test hook): tag moto:wildcard-dns=true -> DNS entries start with "*.", as EC2 gives
    # them for some services.
    ep._linkdns_wildcard = (kwargs.get("tags") or {}).get("moto:wildcard-dns") == "true"
    if _is_interface(ep):
        _recompute_dns_entries(self, ep)
    # Patch 2 (test hook): start in the state given by tag moto:initial-state.
    initial = (kwargs.get("tags") or {}).get("moto:initial-state")
    if initial:
        ep.state = initial
    return ep


ec2_vpcs.VPCBackend.create_vpc_endpoint = _create_vpc_endpoint

_orig_vpce_filter = ec2_vpcs.VPCEndPoint.get_filter_value


def _vpce_filter(self, filter_name, method_name=None):
    # Real AWS: DescribeVpcEndpoints takes the documented filter vpc-endpoint-id, which (unlike a
    # list of ids) does not fail the call over an id EC2 does not know. Stock moto answers 500.
    if filter_name == "vpc-endpoint-id":
        return self.id
    return _orig_vpce_filter(self, filter_name, method_name)


ec2_vpcs.VPCEndPoint.get_filter_value = _vpce_filter

_orig_vpce_modify = ec2_vpcs.VPCEndPoint.modify


def _vpce_modify(self, policy_doc, add_subnets, remove_subnets, *rest):
    # Real AWS: adding a subnet creates an endpoint ENI in it, removing one
    # deletes that ENI, and DnsEntries follow the endpoint's AZs.
    # Stock moto only edits SubnetIds.
    if not _is_interface(self):
        return _orig_vpce_modify(self, policy_doc, add_subnets, remove_subnets, *rest)
    backend = self.ec2_backend
    current = list(self.subnet_ids or [])
    added = [s for s in dict.fromkeys(add_subnets or []) if s not in current]
    removed = [s for s in (remove_subnets or []) if s in current]
    for s in added:
        backend.get_subnet(s)  # validate before changing anything
    if self.subnet_ids is None:
        self.subnet_ids = []
    _orig_vpce_modify(self, policy_doc, add_subnets, remove_subnets, *rest)
    for s in removed:
        for eni_id in list(self.network_interface_ids):
            eni = backend.enis.get(eni_id)
            if eni is None or eni.subnet.id == s:
                backend.enis.pop(eni_id, None)
                self.network_interface_ids.remove(eni_id)
    for s in added:
        eni = backend.create_network_interface(s, random_private_ip())
        self.network_interface_ids.append(eni.id)
    _recompute_dns_entries(backend, self)


ec2_vpcs.VPCEndPoint.modify = _vpce_modify

# delete_vpc_endpoints: stock moto already drops every ENI listed in
# network_interface_ids (kept accurate by the modify patch above).

# --------------------------------------------------------------------------
# Patch 2: "accept" a pending endpoint by tagging it moto:state=<state>
# --------------------------------------------------------------------------

_orig_create_tags = ec2_tags.TagBackend.create_tags


def _create_tags(self, resource_ids, tags):
    result = _orig_create_tags(self, resource_ids, tags)
    state = tags.get("moto:state")
    if state:
        for rid in resource_ids:
            ep = getattr(self, "vpc_end_points", {}).get(rid)
            if ep is not None:
                ep.state = state
    return result


ec2_tags.TagBackend.create_tags = _create_tags

# --------------------------------------------------------------------------
# Patch 3: atomic ChangeResourceRecordSets validation (real AWS semantics)
# --------------------------------------------------------------------------


class InvalidChangeBatchError(Route53ClientError):
    # Real AWS: HTTP 400 InvalidChangeBatch carrying a list of Messages.
    def __init__(self, messages):
        msg = messages[0] if len(messages) == 1 else "[" + ", ".join(messages) + "]"
        super().__init__("InvalidChangeBatch", msg)
        self.messages = list(messages)


def _norm_name(name):
    # DNS names compare case-insensitively, trailing dot optional, \052 == '*'.
    n = re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1), 8)), name or "").lower()
    return n if n.endswith(".") else n + "."


def _disp_name(name):
    return name if name.endswith(".") else name + "."


def _rr_key(name, rtype, set_id):
    return (_norm_name(name), rtype, set_id)


def _rr_values(ttl, records, alias):
    # Comparable form of what a DELETE must match exactly (order-insensitive).
    if alias:
        return (
            "alias",
            str(alias.get("HostedZoneId")),
            _norm_name(alias.get("DNSName", "")),
            str(alias.get("EvaluateTargetHealth", False)).lower(),
        )
    try:
        ttl = int(ttl)
    except (TypeError, ValueError):
        pass
    return ("records", ttl, tuple(sorted(str(r) for r in records or [])))


def _request_values(rs):
    records = [r["Value"] if isinstance(r, dict) else r for r in rs.get("ResourceRecords") or []]
    return _rr_values(rs.get("TTL"), records, rs.get("AliasTarget"))


def _change_resource_record_sets(self, zoneid, change_list):
    the_zone = self.get_hosted_zone(zoneid)
    zone_norm = _norm_name(the_zone.name)

    # Per-change request validation (same checks stock moto does).
    for value in change_list:
        rs = value["ResourceRecordSet"]
        validate_domain_name(rs["Name"], code="InvalidChangeBatch")
        if value["Action"] not in ("CREATE", "UPSERT", "DELETE"):
            raise InvalidActionValue(value["Action"])
        rname = _norm_name(rs["Name"])
        if not (rname == zone_norm or rname.endswith("." + zone_norm)):
            raise DnsNameInvalidForZone(name=rs["Name"], zone_name=the_zone.name)
        if value["Action"] == "DELETE" and not (
            rs.get("AliasTarget") or ("TTL" in rs and rs.get("ResourceRecords"))
        ):
            raise InvalidInput(
                "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], "
                f"or TrafficPolicyInstanceId], but found none in Change with [Action=DELETE, Name={rs['Name']}, "
                f"Type={rs['Type']}, SetIdentifier={rs.get('SetIdentifier', 'null')}]"
            )

    # Real AWS: simulate the whole batch in order; any error rejects all of it.
    stored = {_rr_key(r.name, r.type, r.set_identifier): r for r in the_zone.rrsets}
    sim = {k: _rr_values(r.ttl, r.records, r.alias_target) for k, r in stored.items()}
    messages, touched = [], []
    for value in change_list:
        action, rs = value["Action"], value["ResourceRecordSet"]
        key = _rr_key(rs["Name"], rs["Type"], rs.get("SetIdentifier"))
        touched.append(key[0])
        label = f"[name='{_disp_name(rs['Name'])}', type='{rs['Type']}']"
        if action == "CREATE":
            if key in sim:
                messages.append(f"Tried to create resource record set {label} but it already exists")
            else:
                sim[key] = _request_values(rs)
        elif action == "UPSERT":
            sim[key] = _request_values(rs)
        elif key not in sim:
            messages.append(f"Tried to delete resource record set {label} but it was not found")
        elif sim[key] != _request_values(rs):
            messages.append(
                f"Tried to delete resource record set {label} but the values provided do not match the current values"
            )
        else:
            del sim[key]
    # Real AWS: a CNAME may not share its name with any other record type.
    for name in dict.fromkeys(touched):
        types = {k[1] for k in sim if k[0] == name}
        if "CNAME" in types and len(types) > 1:
            messages.append(
                f"RRSet of type CNAME with DNS name {name} is not permitted as it conflicts with "
                f"other records with the same DNS name in zone {the_zone.name.rstrip('.')}."
            )
    if messages:
        raise InvalidChangeBatchError(messages)

    # Apply (as stock moto does), targeting the stored record's exact name so
    # case / trailing-dot / \052 variants hit the same (name, type).
    for value in change_list:
        original_change = copy.deepcopy(value)
        action, rs = value["Action"], value["ResourceRecordSet"]
        if not rs["Name"].endswith("."):
            rs["Name"] += "."
        existing = next(
            (
                r
                for r in the_zone.rrsets
                if _rr_key(r.name, r.type, r.set_identifier)
                == _rr_key(rs["Name"], rs["Type"], rs.get("SetIdentifier"))
            ),
            None,
        )
        if existing is not None and action in ("UPSERT", "DELETE"):
            rs["Name"] = existing.name
        if action in ("CREATE", "UPSERT"):
            if "ResourceRecords" in rs:
                rs["ResourceRecords"] = [x["Value"] for x in rs["ResourceRecords"]]
            if action == "CREATE":
                the_zone.add_rrset(rs)
            else:
                the_zone.upsert_rrset(rs)
        elif "SetIdentifier" in rs:
            the_zone.delete_rrset_by_id(rs["SetIdentifier"])
        else:
            the_zone.delete_rrset(rs)
        the_zone.rr_changes.append(original_change)


r53_models.Route53Backend.change_resource_record_sets = _change_resource_record_sets

# --------------------------------------------------------------------------
# Patch 4: private zone name already associated with the same VPC
# --------------------------------------------------------------------------

_orig_create_hosted_zone = r53_models.Route53Backend.create_hosted_zone


def _create_hosted_zone(self, name, private_zone, caller_reference=None, vpcid=None, *args, **kwargs):
    # Real AWS: ConflictingDomainExists if a private zone of the same name is
    # already associated with this VPC. Public zones: unchanged moto behaviour.
    if private_zone and vpcid:
        for zone in self.zones.values():
            if (
                zone.private_zone
                and _norm_name(zone.name) == _norm_name(name)
                and any(v.get("vpc_id") == vpcid for v in zone.vpcs)
            ):
                raise Route53ClientError(
                    "ConflictingDomainExists",
                    "A hosted zone with the specified name already exists and is already "
                    "associated with the Amazon VPC that you specified.",
                )
    return _orig_create_hosted_zone(self, name, private_zone, caller_reference, vpcid, *args, **kwargs)


r53_models.Route53Backend.create_hosted_zone = _create_hosted_zone

# --------------------------------------------------------------------------
# Server + lifecycle
# --------------------------------------------------------------------------


def _watch_stdin():
    try:
        while sys.stdin.buffer.read1(4096):
            pass
    except Exception:
        pass
    os._exit(0)


def _watch_parent(ppid):
    while True:
        if os.getppid() != ppid:
            os._exit(0)
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description="moto_server with linkdns fidelity patches")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    threading.Thread(target=_watch_stdin, daemon=True).start()
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()

    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=args.host, port=args.port, verbose=False)
    server.start()
    _, port = server.get_host_and_port()

    # Make sure connections are accepted before announcing.
    for _ in range(100):
        try:
            socket.create_connection((args.host, port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)

    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    sys.stdout.write(f"LISTENING {port}\n")
    sys.stdout.flush()

    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
