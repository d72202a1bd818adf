#!/usr/bin/env bash
# Installs BIND (named) and its client tools so tests can serve zones from a real DNS server.
# Idempotent: does nothing when named is already on the PATH (or in /usr/sbin).
set -euo pipefail

if command -v named >/dev/null 2>&1 || [ -x /usr/sbin/named ]; then
  echo "install-dns-server: named already installed: $(command -v named || echo /usr/sbin/named)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-dns-server: named is missing and this user is not root (no sudo): install bind9 by hand" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends bind9 bind9-dnsutils

# The package starts a system named on port 53 where an init system exists; the tests start
# their own on a free loopback port and need nothing from it.
echo "install-dns-server: installed $(/usr/sbin/named -v)"
