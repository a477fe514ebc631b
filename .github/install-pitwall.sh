#!/usr/bin/env bash
# Puts the pinned pitwall release (PITWALL_VERSION from PITWALL_REPO) on the PATH of a GitHub
# Actions job. In pitwall's own repository, before that release exists, it builds the checkout
# instead, so the example workflow runs there too.
set -euo pipefail
target=x86_64-unknown-linux-gnu
case "$(uname -m)" in aarch64|arm64) target=aarch64-unknown-linux-gnu ;; esac
bin="$RUNNER_TEMP/pitwall-bin"
mkdir -p "$bin"
if gh release download "$PITWALL_VERSION" --repo "$PITWALL_REPO" \
     --pattern "pitwall-$target.tar.gz" --pattern "SHA256SUMS" --dir "$RUNNER_TEMP" --clobber; then
  (cd "$RUNNER_TEMP" && grep " pitwall-$target.tar.gz\$" SHA256SUMS | sha256sum --check --strict)
  tar -xzf "$RUNNER_TEMP/pitwall-$target.tar.gz" -C "$bin"
elif [ -f Cargo.toml ] && grep -q '^name = "pitwall"' Cargo.toml; then
  echo "::notice title=pitwall::release $PITWALL_VERSION not found in $PITWALL_REPO; building this checkout"
  cargo build --release --locked
  cp target/release/pitwall "$bin/"
else
  echo "::error title=pitwall::cannot download pitwall $PITWALL_VERSION from $PITWALL_REPO"
  exit 1
fi
echo "$bin" >> "$GITHUB_PATH"
"$bin/pitwall" --version
