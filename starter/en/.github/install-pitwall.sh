#!/usr/bin/env bash
# Puts the pinned pitwall release on the PATH of a GitHub Actions job: downloads release
# PITWALL_VERSION from the repository named by the repository variable PITWALL_REPO, checks it
# against the release's SHA256SUMS and installs it. Nothing is compiled: a site repository
# holds no pitwall sources.
set -euo pipefail
if [ -z "${PITWALL_REPO:-}" ]; then
  echo "::error title=pitwall::The repository variable PITWALL_REPO is not set. In this repository's Settings > Secrets and variables > Actions > Variables, add PITWALL_REPO with the repository that publishes pitwall's releases (owner/name), then run the workflow again."
  exit 1
fi
if [ -z "${PITWALL_VERSION:-}" ]; then
  echo "::error title=pitwall::PITWALL_VERSION is not set: write the release to use (e.g. v0.1.0) under env in .github/workflows/pitwall.yml."
  exit 1
fi
target=x86_64-unknown-linux-gnu
case "$(uname -m)" in aarch64|arm64) target=aarch64-unknown-linux-gnu ;; esac
bin="$RUNNER_TEMP/pitwall-bin"
mkdir -p "$bin"
if ! gh release download "$PITWALL_VERSION" --repo "$PITWALL_REPO" \
     --pattern "pitwall-$target.tar.gz" --pattern "SHA256SUMS" --dir "$RUNNER_TEMP" --clobber; then
  echo "::error title=pitwall::cannot download pitwall $PITWALL_VERSION (pitwall-$target.tar.gz) from $PITWALL_REPO. Check that the variable PITWALL_REPO is right, that the repository has a release named $PITWALL_VERSION, and, if it is private, that the secret PITWALL_TOKEN holds a token that can read it."
  exit 1
fi
(cd "$RUNNER_TEMP" && grep " pitwall-$target.tar.gz\$" SHA256SUMS | sha256sum --check --strict)
tar -xzf "$RUNNER_TEMP/pitwall-$target.tar.gz" -C "$bin"
echo "$bin" >> "$GITHUB_PATH"
"$bin/pitwall" --version
