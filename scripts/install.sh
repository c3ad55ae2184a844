#!/usr/bin/env bash
# Install everything the platform needs on a fresh Debian 12 machine (as root), idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(redis-server chromium fonts-noto-cjk libharfbuzz-subset0 poppler-utils libpq-dev gcc)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements-dev.txt
echo "==> install done"
