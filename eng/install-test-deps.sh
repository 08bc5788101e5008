#!/usr/bin/env bash
# Installs the system packages the tests talk to, and nothing else; safe to run again (it only installs what is missing).
#   curl with HTTP/2 (nghttp2): the non-.NET client of the Kubelet registration tests (tests/Nvidia.Dra.Kubelet.Tests).
# Debian/Ubuntu (apt-get); run as root or with sudo.
set -euo pipefail

missing=()
if ! command -v curl >/dev/null 2>&1 || ! curl --version | grep -qw HTTP2; then
  missing+=(curl)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies: present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "test dependencies: install ${missing[*]} (curl built with nghttp2) with this system's package manager" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "test dependencies: installed ${missing[*]}"
