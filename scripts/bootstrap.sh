#!/usr/bin/env bash
# Installs everything the repository needs, from nothing but Node.js >= 20.19:
# pnpm (through corepack, pinned by package.json's packageManager) and the
# workspace's dependencies (buf, protoc-gen-es, turbo, ... all from npm).
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  # Some npm mirrors serve no registry signatures; corepack then refuses the
  # download unless told to skip the check (COREPACK_INTEGRITY_KEYS=0). The
  # version is pinned in package.json either way.
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  corepack enable
  corepack prepare "pnpm@$pnpm_version" --activate >/dev/null 2>&1 ||
    COREPACK_INTEGRITY_KEYS=0 corepack prepare "pnpm@$pnpm_version" --activate
fi
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
