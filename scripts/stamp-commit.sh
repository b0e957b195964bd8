#!/usr/bin/env bash
# Writes the current git commit into Sources/lyap/BuildCommit.swift (`stamp`), or puts the
# file back to no commit (`reset`). Without git, or outside a repository, it stamps nothing.
set -euo pipefail
file="$(dirname "$0")/../Sources/lyap/BuildCommit.swift"
header='/// The git commit `lyap` was built from: written here by `make build` (scripts/stamp-commit.sh)
/// for the build and put back to nil afterwards, so a plain `swift build`, or a build from a
/// copy without git, reports none.'
commit=""
if [ "${1:-stamp}" = stamp ] && command -v git >/dev/null 2>&1; then
  commit="$(git -C "$(dirname "$0")/.." rev-parse --short=12 HEAD 2>/dev/null || true)"
  if [ -n "$commit" ] && ! git -C "$(dirname "$0")/.." diff --quiet HEAD -- Sources 2>/dev/null; then
    commit="$commit-modified"
  fi
fi
if [ -n "$commit" ]; then value="\"$commit\""; else value="nil"; fi
new="$header
let buildCommit: String? = $value"
# Rewrite only on a change, so that an unchanged commit does not rebuild the module.
if [ "$(cat "$file")" != "$new" ]; then printf '%s\n' "$new" >"$file"; fi
