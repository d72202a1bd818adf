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
  6. Accounts of an organisation: VPC association authorizations (create/delete/list by the zone's
     owner), AssociateVPCWithHostedZone only by the VPC's owner and across accounts only while
     authorized (NotAuthorizedException, 401), private CreateHostedZone only with the caller's VPC
     (InvalidVPCId), ListHostedZonesByVPC across owners, ConflictingDomainExists across accounts.
  7. Route 53 token buckets answering Throttling (400), off unless LINKDNS_MOTO_THROTTLE=1 or
     POST /linkdns/throttle {"enabled": true}; GET /linkdns/throttle gives counts, DELETE resets.
  8. Route 53 Profiles (route53profiles, rest-json): profiles, zone associations, VPC associations.
  See README.md next to this file for what each models and leaves out.
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
# Patch 6: accounts of an organisation (zones and VPCs owned by different accounts)
#
# Hosted zone ids are global in AWS; moto keeps zones per account. These helpers find a zone or a
# VPC in whichever account holds it, so the hub's zone can be associated from a member's account.
# --------------------------------------------------------------------------

import json
import uuid
from datetime import datetime, timezone

from moto.core.responses import ActionResult
from moto.ec2.models import ec2_backends
from moto.route53 import urls as r53_urls
from moto.route53.responses import Route53

_STATE_LOCK = threading.RLock()
# (zone id) -> list of {"vpc_id", "vpc_region"} the zone's owner authorised.
_VPC_AUTHORIZATIONS = {}


def _zone_id(zone_id):
    return (zone_id or "").replace("/hostedzone/", "")


def _find_zone(zone_id):
    """(owner account, zone) for a hosted zone id of any account, or raises NoSuchHostedZone."""
    zid = _zone_id(zone_id)
    for account in list(r53_models.route53_backends.keys()):
        zone = r53_models.route53_backends[account]["aws"].zones.get(zid)
        if zone is not None:
            return account, zone
    raise r53_models.NoSuchHostedZone(zone_id)


def _vpc_owner(vpc_id, region):
    """The account whose EC2 holds the VPC in the region, or None."""
    for account in list(ec2_backends.keys()):
        regions = ec2_backends[account]
        if region in regions and vpc_id in regions[region].vpcs:
            return account
    return None


def _invalid_vpc(vpc_id):
    return Route53ClientError(
        "InvalidVPCId",
        f"The VPC ID '{vpc_id}' either isn't a valid ID or the current account is not authorized to access this VPC.",
    )


def _private_zones_seen_by(vpc_id):
    for account in list(r53_models.route53_backends.keys()):
        for zone in list(r53_models.route53_backends[account]["aws"].zones.values()):
            if zone.private_zone and any(v.get("vpc_id") == vpc_id for v in zone.vpcs):
                yield account, zone


def _check_no_conflict(vpc_id, name, except_zone=None):
    # Real AWS: a VPC cannot see two private zones of one name, whichever accounts own them.
    for _, zone in _private_zones_seen_by(vpc_id):
        if zone is not except_zone and _norm_name(zone.name) == _norm_name(name):
            raise Route53ClientError(
                "ConflictingDomainExists",
                f"The VPC {vpc_id} is already associated with a private hosted zone named {name} "
                f"({zone.id}); a VPC cannot be associated with two private hosted zones of the same name.",
            )


def _create_hosted_zone_org(self, name, private_zone, caller_reference=None, vpcid=None, vpcregion=None, *args, **kwargs):
    # Real AWS: a private zone is created with a VPC of the calling account only (InvalidVPCId),
    # and a VPC never sees two private zones of one name, across accounts (ConflictingDomainExists).
    if private_zone and vpcid:
        region = vpcregion or "us-east-1"
        if _vpc_owner(vpcid, region) != self.account_id:
            raise _invalid_vpc(vpcid)
        _check_no_conflict(vpcid, name)
    return _create_hosted_zone(self, name, private_zone, caller_reference, vpcid, vpcregion, *args, **kwargs)


r53_models.Route53Backend.create_hosted_zone = _create_hosted_zone_org


def _associate_vpc_org(self, zone_id, vpcid, vpcregion):
    # Real AWS: only the VPC's owner associates it (InvalidVPCId otherwise); a zone of another
    # account only while that account authorised this VPC (NotAuthorizedException, 401).
    region = vpcregion or "us-east-1"
    with _STATE_LOCK:
        owner, zone = _find_zone(zone_id)
        if _vpc_owner(vpcid, region) != self.account_id:
            raise _invalid_vpc(vpcid)
        if not zone.private_zone:
            raise r53_models.PublicZoneVPCAssociation()
        if owner != self.account_id and not any(
            a["vpc_id"] == vpcid and a["vpc_region"] == region for a in _VPC_AUTHORIZATIONS.get(zone.id, [])
        ):
            raise Route53ClientError(
                "NotAuthorizedException",
                f"The VPC: {vpcid} hasn't been authorized to be associated with the hosted zone {zone.id}.",
            )
        _check_no_conflict(vpcid, zone.name)
        zone.add_vpc(vpcid, region)
        return zone


r53_models.Route53Backend.associate_vpc_with_hosted_zone = _associate_vpc_org

_orig_disassociate = r53_models.Route53Backend.disassociate_vpc_from_hosted_zone


def _disassociate_vpc_org(self, zone_id, vpcid):
    # Real AWS: the zone's owner or the VPC's owner may disassociate.
    with _STATE_LOCK:
        owner, zone = _find_zone(zone_id)
        if owner != self.account_id:
            vpc = next((v for v in zone.vpcs if v.get("vpc_id") == vpcid), None)
            if vpc is None or _vpc_owner(vpcid, vpc.get("vpc_region") or "us-east-1") != self.account_id:
                raise _invalid_vpc(vpcid)
        if not any(v.get("vpc_id") == vpcid for v in zone.vpcs):
            raise Route53ClientError("VPCAssociationNotFound", f"The VPC {vpcid} is not associated with the hosted zone {zone.id}.")
        return _orig_disassociate(r53_models.route53_backends[owner]["aws"], zone.id, vpcid)


r53_models.Route53Backend.disassociate_vpc_from_hosted_zone = _disassociate_vpc_org


def _list_hosted_zones_by_vpc_org(self, vpc_id):
    # Real AWS: every private zone the VPC is associated with, whichever account owns it.
    # (Zones reached through a Route 53 Profile are not VPC associations and are not listed.)
    return [
        {"HostedZoneId": _zone_id(zone.id), "Name": zone.name, "Owner": {"OwningAccount": account}}
        for account, zone in _private_zones_seen_by(vpc_id)
    ]


r53_models.Route53Backend.list_hosted_zones_by_vpc = _list_hosted_zones_by_vpc_org


def _auth_zone(backend, zone_id):
    # Authorizations are managed by the zone's owner only; another account sees no such zone.
    zone = backend.zones.get(_zone_id(zone_id))
    if zone is None:
        raise r53_models.NoSuchHostedZone(zone_id)
    return zone


def _r53_create_vpc_association_authorization(self):
    zone = _auth_zone(self.backend, self._get_param("HostedZoneId"))
    vpc_id, region = self._get_param("VPC.VPCId"), self._get_param("VPC.VPCRegion") or "us-east-1"
    if not vpc_id or not re.fullmatch(r"vpc-[0-9a-f]{8,17}", vpc_id) or _vpc_owner(vpc_id, region) is None:
        raise _invalid_vpc(vpc_id)
    with _STATE_LOCK:
        auths = _VPC_AUTHORIZATIONS.setdefault(zone.id, [])
        if not any(a["vpc_id"] == vpc_id and a["vpc_region"] == region for a in auths):
            auths.append({"vpc_id": vpc_id, "vpc_region": region})
    return ActionResult({"HostedZoneId": _zone_id(zone.id), "VPC": {"VPCId": vpc_id, "VPCRegion": region}})


def _r53_delete_vpc_association_authorization(self):
    zone = _auth_zone(self.backend, self._get_param("HostedZoneId"))
    vpc_id, region = self._get_param("VPC.VPCId"), self._get_param("VPC.VPCRegion") or "us-east-1"
    with _STATE_LOCK:
        auths = _VPC_AUTHORIZATIONS.get(zone.id, [])
        kept = [a for a in auths if not (a["vpc_id"] == vpc_id and a["vpc_region"] == region)]
        if len(kept) == len(auths):
            raise Route53ClientError(
                "VPCAssociationAuthorizationNotFound",
                f"The VPC {vpc_id} has not been authorized to be associated with hosted zone {zone.id}.",
            )
        _VPC_AUTHORIZATIONS[zone.id] = kept
    return ActionResult({})


def _r53_list_vpc_association_authorizations(self):
    zone = _auth_zone(self.backend, self._get_param("HostedZoneId"))
    with _STATE_LOCK:
        vpcs = [{"VPCId": a["vpc_id"], "VPCRegion": a["vpc_region"]} for a in _VPC_AUTHORIZATIONS.get(zone.id, [])]
    return ActionResult({"HostedZoneId": _zone_id(zone.id), "VPCs": vpcs})


Route53.create_vpc_association_authorization = _r53_create_vpc_association_authorization
Route53.delete_vpc_association_authorization = _r53_delete_vpc_association_authorization
Route53.list_vpc_association_authorizations = _r53_list_vpc_association_authorizations
r53_urls.url_paths[r"{0}/(?P<api_version>[\d_-]+)/hostedzone/(?P<zone_id>[^/]+)/authorizevpcassociation/?$"] = Route53.dispatch
r53_urls.url_paths[r"{0}/(?P<api_version>[\d_-]+)/hostedzone/(?P<zone_id>[^/]+)/deauthorizevpcassociation/?$"] = Route53.dispatch

# --------------------------------------------------------------------------
# Patch 7: Route 53 token buckets answering Throttling (off unless switched on)
#
# Route 53 limits each account with one bucket for all operations (50 burst, 10/s) and one per
# operation, and with a change-throughput bucket (1,500 changes burst, 100/s) that requests modifying
# DNS data drain: ChangeResourceRecordSets 1 per CREATE or DELETE and 2 per UPSERT; CreateHostedZone,
# DeleteHostedZone, AssociateVPCWithHostedZone, DisassociateVPCFromHostedZone 2 each ("Change
# throughput limiting" on Route 53's throttling page). Switched on by LINKDNS_MOTO_THROTTLE=1 or POST /linkdns/throttle {"enabled": true};
# GET /linkdns/throttle returns served / throttled counts per operation; DELETE resets them.
# --------------------------------------------------------------------------

ROUTE53_ACCOUNT_BUCKET = (50, 10.0)
ROUTE53_OPERATION_BUCKETS = {
    "CreateHostedZone": (40, 2.0),
    "AssociateVPCWithHostedZone": (20, 5.0),
    "DisassociateVPCFromHostedZone": (10, 5.0),
    "DeleteHostedZone": (40, 5.0),
}
ROUTE53_DEFAULT_BUCKET = (50, 10.0)
ROUTE53_CHANGE_BUCKET = (1500, 100.0)
ROUTE53_CHANGE_TOKENS = {
    "CreateHostedZone": 2,
    "DeleteHostedZone": 2,
    "AssociateVPCWithHostedZone": 2,
    "DisassociateVPCFromHostedZone": 2,
}
_CHANGE_ACTION = re.compile(r"<Action>\s*(CREATE|DELETE|UPSERT)\s*</Action>")


def _change_tokens(operation, body):
    """The change-throughput tokens a request takes: per change of a batch, or fixed per operation."""
    if operation == "ChangeResourceRecordSets":
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
        return sum(2 if a == "UPSERT" else 1 for a in _CHANGE_ACTION.findall(text))
    return ROUTE53_CHANGE_TOKENS.get(operation, 0)


class _Bucket:
    def __init__(self, burst, rate, now):
        self.burst, self.rate, self.tokens, self.at = burst, rate, float(burst), now

    def refill(self, now):
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now


_THROTTLE = {"enabled": os.environ.get("LINKDNS_MOTO_THROTTLE") == "1", "refill": 1.0, "buckets": {}, "served": {}, "throttled": {}}


def _throttle_admit(account, operation, changes=0):
    """True when the account's and the operation's bucket hold a token and the change bucket holds the
    request's change tokens (all are then spent)."""
    now = time.monotonic()
    with _STATE_LOCK:
        if not _THROTTLE["enabled"]:
            _THROTTLE["served"][operation] = _THROTTLE["served"].get(operation, 0) + 1
            return True
        buckets = _THROTTLE["buckets"]
        burst, rate = ROUTE53_ACCOUNT_BUCKET
        whole = buckets.setdefault((account, "*"), _Bucket(burst, rate * _THROTTLE["refill"], now))
        burst, rate = ROUTE53_OPERATION_BUCKETS.get(operation, ROUTE53_DEFAULT_BUCKET)
        op = buckets.setdefault((account, operation), _Bucket(burst, rate * _THROTTLE["refill"], now))
        burst, rate = ROUTE53_CHANGE_BUCKET
        change = buckets.setdefault((account, "changes"), _Bucket(burst, rate * _THROTTLE["refill"], now))
        whole.refill(now)
        op.refill(now)
        change.refill(now)
        if whole.tokens >= 1 and op.tokens >= 1 and change.tokens >= changes:
            whole.tokens -= 1
            op.tokens -= 1
            change.tokens -= changes
            _THROTTLE["served"][operation] = _THROTTLE["served"].get(operation, 0) + 1
            return True
        _THROTTLE["throttled"][operation] = _THROTTLE["throttled"].get(operation, 0) + 1
        return False


_orig_r53_call_action = Route53.call_action


def _r53_call_action(self):
    operation = self._get_action()
    if operation and not _throttle_admit(
        self.current_account, operation, _change_tokens(operation, self.body)
    ):
        body = (
            '<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
            "<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
            f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
        )
        return 400, {"Content-Type": "text/xml", "status": "400"}, body
    return _orig_r53_call_action(self)


Route53.call_action = _r53_call_action


def _throttle_control(method, body):
    with _STATE_LOCK:
        if method == "POST":
            settings = json.loads(body or "{}")
            _THROTTLE["enabled"] = bool(settings.get("enabled", True))
            # A test that counts a burst slows the refill (0.001 = a thousandth of Route 53's rates), so
            # the count does not depend on how fast the machine sends.
            _THROTTLE["refill"] = float(settings.get("refill", 1.0))
            _THROTTLE["buckets"] = {}
        elif method == "DELETE":
            _THROTTLE["served"], _THROTTLE["throttled"], _THROTTLE["buckets"] = {}, {}, {}
        return 200, {
            "enabled": _THROTTLE["enabled"],
            "served": dict(_THROTTLE["served"]),
            "throttled": dict(_THROTTLE["throttled"]),
        }


# --------------------------------------------------------------------------
# Patch 8: Route 53 Profiles (service route53profiles, rest-json), not in moto 5.2.1
#
# Profiles, resource associations (private hosted zones) and VPC associations, one profile per
# VPC. Sharing a profile through RAM is not modelled: any account may associate its VPC with a
# profile id it knows. The DNS view a profile gives is not modelled (ListHostedZonesByVPC lists
# VPC associations only, as in AWS).
# --------------------------------------------------------------------------

_PROFILES = {}  # id -> profile dict (plus "_owner", "_region")
_PROFILE_RESOURCES = {}  # profile id -> list of resource association dicts
_PROFILE_VPCS = {}  # vpc id -> profile association dict


def _now():
    return datetime.now(timezone.utc).timestamp()


def _rand_id(prefix):
    return prefix + uuid.uuid4().hex[:17]


class _ProfilesError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _public(d):
    return {k: v for k, v in d.items() if not k.startswith("_")}


def _profile_of(profile_id, account, owner_only):
    p = _PROFILES.get(profile_id)
    if p is None or (owner_only and p["_owner"] != account):
        raise _ProfilesError(404, "ResourceNotFoundException", f"The profile with ID {profile_id} doesn't exist.")
    return p


def _profiles_call(method, path, query, body, account, region):
    seg = [s for s in path.split("/") if s]
    with _STATE_LOCK:
        if method == "POST" and seg == ["profile"]:
            name = body.get("Name")
            if not name or not body.get("ClientToken"):
                raise _ProfilesError(400, "ValidationException", "Name and ClientToken are required.")
            for p in _PROFILES.values():
                if p["_owner"] == account and p["ClientToken"] == body["ClientToken"]:
                    return {"Profile": _public(p)}
            pid, t = _rand_id("rp-"), _now()
            p = {
                "Arn": f"arn:aws:route53profiles:{region}:{account}:profile/{pid}", "ClientToken": body["ClientToken"],
                "CreationTime": t, "Id": pid, "ModificationTime": t, "Name": name, "OwnerId": account,
                "ShareStatus": "NOT_SHARED", "Status": "COMPLETE", "StatusMessage": "Created Profile",
                "_owner": account, "_region": region,
            }
            _PROFILES[pid] = p
            return {"Profile": _public(p)}
        if method == "GET" and len(seg) == 2 and seg[0] == "profile":
            return {"Profile": _public(_profile_of(seg[1], account, False))}
        if method == "GET" and seg == ["profiles"]:
            return {"ProfileSummaries": [
                {"Arn": p["Arn"], "Id": p["Id"], "Name": p["Name"], "ShareStatus": p["ShareStatus"]}
                for p in _PROFILES.values() if p["_owner"] == account
            ]}
        if method == "POST" and seg == ["profileresourceassociation"]:
            # API reference: Name, ProfileId and ResourceArn are required; Name is 0-64 letters, digits,
            # '-', '_' and spaces, not all digits (so a zone's dotted name is not a valid Name).
            name = body.get("Name")
            if name is None or not body.get("ProfileId") or not body.get("ResourceArn"):
                raise _ProfilesError(400, "ValidationException", "Name, ProfileId and ResourceArn are required.")
            if len(name) > 64 or not re.fullmatch(r"(?!^[0-9]+$)[a-zA-Z0-9\-_ ]+", name):
                raise _ProfilesError(400, "ValidationException", f"Name {name!r} does not match the pattern of a Name.")
            p = _profile_of(body.get("ProfileId"), account, True)
            arn = body.get("ResourceArn") or ""
            m = re.fullmatch(r"arn:aws:route53:::hostedzone/([A-Z0-9]+)", arn)
            if not m:
                raise _ProfilesError(400, "InvalidParameterException", f"ResourceArn {arn!r} is not a supported resource.")
            zone = r53_models.route53_backends[account]["aws"].zones.get(m.group(1))
            if zone is None or not zone.private_zone:
                raise _ProfilesError(404, "ResourceNotFoundException", f"The resource {arn} doesn't exist.")
            assocs = _PROFILE_RESOURCES.setdefault(p["Id"], [])
            for a in assocs:
                if a["ResourceArn"] == arn or _norm_name(a["_name"]) == _norm_name(zone.name):
                    raise _ProfilesError(409, "ConflictException",
                                         f"The profile {p['Id']} already has a private hosted zone named {zone.name}.")
            t = _now()
            a = {
                "CreationTime": t, "Id": _rand_id("rpr-"), "ModificationTime": t, "Name": name,
                "OwnerId": account, "ProfileId": p["Id"], "ResourceArn": arn,
                "ResourceProperties": body.get("ResourceProperties") or "", "ResourceType": "PRIVATE_HOSTED_ZONE",
                "Status": "COMPLETE", "StatusMessage": "Created Profile Resource Association", "_name": zone.name,
            }
            assocs.append(a)
            return {"ProfileResourceAssociation": _public(a)}
        if method == "DELETE" and len(seg) >= 5 and seg[:2] == ["profileresourceassociation", "profileid"] and seg[3] == "resourcearn":
            p = _profile_of(seg[2], account, True)
            arn = "/".join(seg[4:])
            assocs = _PROFILE_RESOURCES.get(p["Id"], [])
            a = next((x for x in assocs if x["ResourceArn"] == arn), None)
            if a is None:
                raise _ProfilesError(404, "ResourceNotFoundException", f"The resource {arn} is not associated with {p['Id']}.")
            assocs.remove(a)
            return {"ProfileResourceAssociation": dict(_public(a), Status="DELETED")}
        if method == "GET" and len(seg) == 3 and seg[:2] == ["profileresourceassociations", "profileid"]:
            p = _profile_of(seg[2], account, True)
            # resourceType filters; maxResults (1-100) and nextToken page, as in the API reference.
            kind = query.get("resourceType")
            listed = [_public(a) for a in _PROFILE_RESOURCES.get(p["Id"], []) if kind is None or a["ResourceType"] == kind]
            try:
                size = int(query.get("maxResults") or 100)
                start = int(query.get("nextToken") or 0)
            except ValueError:
                raise _ProfilesError(400, "InvalidNextTokenException", "The nextToken or maxResults is not valid.")
            if not 1 <= size <= 100 or start < 0:
                raise _ProfilesError(400, "ValidationException", "maxResults must be between 1 and 100.")
            page = {"ProfileResourceAssociations": listed[start:start + size]}
            if start + size < len(listed):
                page["NextToken"] = str(start + size)
            return page
        if method == "POST" and seg == ["profileassociation"]:
            p = _profile_of(body.get("ProfileId"), account, False)
            vpc_id = body.get("ResourceId") or ""
            if _vpc_owner(vpc_id, region) != account:
                raise _ProfilesError(404, "ResourceNotFoundException", f"The VPC {vpc_id} doesn't exist in this account.")
            if vpc_id in _PROFILE_VPCS:
                raise _ProfilesError(409, "ConflictException",
                                     f"The VPC {vpc_id} is already associated with profile {_PROFILE_VPCS[vpc_id]['ProfileId']}.")
            t = _now()
            a = {
                "CreationTime": t, "Id": _rand_id("rpassoc-"), "ModificationTime": t, "Name": body.get("Name") or "",
                "OwnerId": account, "ProfileId": p["Id"], "ResourceId": vpc_id, "Status": "COMPLETE",
                "StatusMessage": "Created Profile Association",
            }
            _PROFILE_VPCS[vpc_id] = a
            return {"ProfileAssociation": a}
        if method == "DELETE" and len(seg) == 5 and seg[0] == "profileassociation" and seg[1].lower() == "profileid" and seg[3] == "resourceid":
            a = _PROFILE_VPCS.get(seg[4])
            if a is None or a["ProfileId"] != seg[2] or a["OwnerId"] != account:
                raise _ProfilesError(404, "ResourceNotFoundException", f"The VPC {seg[4]} is not associated with {seg[2]}.")
            del _PROFILE_VPCS[seg[4]]
            return {"ProfileAssociation": dict(a, Status="DELETED")}
        if method == "GET" and seg == ["profileassociations"]:
            pid, vpc = query.get("profileId"), query.get("resourceId")
            return {"ProfileAssociations": [
                a for a in _PROFILE_VPCS.values()
                if (pid is None or a["ProfileId"] == pid) and (vpc is None or a["ResourceId"] == vpc)
                and (a["OwnerId"] == account or _PROFILES.get(a["ProfileId"], {}).get("_owner") == account)
            ]}
    raise _ProfilesError(404, "UnknownOperationException", f"{method} {path} is not a Route 53 Profiles operation.")


def _profiles_wsgi(environ, start_response, account, region):
    from urllib.parse import parse_qs, unquote

    method = environ["REQUEST_METHOD"]
    path = unquote(environ.get("PATH_INFO", ""))
    query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        body = json.loads(raw or b"{}")
        status, payload = 200, _profiles_call(method, path, query, body, account, region)
        headers = [("Content-Type", "application/json")]
    except _ProfilesError as e:
        status, payload = e.status, {"Message": e.message}
        headers = [("Content-Type", "application/json"), ("x-amzn-ErrorType", e.code)]
    except ValueError as e:
        status, payload = 400, {"Message": f"malformed JSON body: {e}"}
        headers = [("Content-Type", "application/json"), ("x-amzn-ErrorType", "ValidationException")]
    data = json.dumps(payload).encode()
    headers.append(("Content-Length", str(len(data))))
    headers.append(("x-amzn-RequestId", str(uuid.uuid4())))
    start_response(f"{status} {'OK' if status == 200 else 'Error'}", headers)
    return [data]


def _account_of_request(environ):
    # Same rule as moto's: the access key's account (STS AssumeRole keys map to the role's account).
    from moto.iam.models import get_account_id_from

    if environ.get("HTTP_X_MOTO_ACCOUNT_ID"):
        return environ["HTTP_X_MOTO_ACCOUNT_ID"]
    m = re.search(r"Credential=([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    return get_account_id_from(m.group(1) if m else "AKIAEXAMPLE")


def _install_dispatch_hooks():
    """Routes /linkdns/* control calls and route53profiles-signed calls before moto's dispatcher."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    original = DomainDispatcherApplication.__call__

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/linkdns/throttle":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length).decode() if length else ""
            status, payload = _throttle_control(environ["REQUEST_METHOD"], body)
            data = json.dumps(payload).encode()
            start_response(f"{status} OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
            return [data]
        m = re.search(r"Credential=[^/]+/\d+/([^/]+)/route53profiles/", environ.get("HTTP_AUTHORIZATION", ""))
        if m:
            return _profiles_wsgi(environ, start_response, _account_of_request(environ), m.group(1))
        return original(self, environ, start_response)

    DomainDispatcherApplication.__call__ = __call__


_install_dispatch_hooks()


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
