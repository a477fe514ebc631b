#!/usr/bin/env bash
# 在 GitHub Actions 任务里安装固定版本的 pitwall：从仓库变量 PITWALL_REPO 指定的仓库下载
# PITWALL_VERSION 版本的发布文件，按发布附带的 SHA256SUMS 校验后放到 PATH 上。
# 这里从不编译 pitwall：站点仓库里没有 pitwall 的源代码。
set -euo pipefail
if [ -z "${PITWALL_REPO:-}" ]; then
  echo "::error title=pitwall::没有设置仓库变量 PITWALL_REPO。请在本仓库 Settings → Secrets and variables → Actions → Variables 中新建变量 PITWALL_REPO，值为发布 pitwall 的仓库（格式“所有者/仓库名”），然后重新运行。"
  exit 1
fi
if [ -z "${PITWALL_VERSION:-}" ]; then
  echo "::error title=pitwall::没有设置 PITWALL_VERSION：请在 .github/workflows/pitwall.yml 的 env 中写上要使用的版本，例如 v0.1.0。"
  exit 1
fi
target=x86_64-unknown-linux-gnu
case "$(uname -m)" in aarch64|arm64) target=aarch64-unknown-linux-gnu ;; esac
bin="$RUNNER_TEMP/pitwall-bin"
mkdir -p "$bin"
if ! gh release download "$PITWALL_VERSION" --repo "$PITWALL_REPO" \
     --pattern "pitwall-$target.tar.gz" --pattern "SHA256SUMS" --dir "$RUNNER_TEMP" --clobber; then
  echo "::error title=pitwall::无法从 $PITWALL_REPO 下载 pitwall $PITWALL_VERSION（pitwall-$target.tar.gz）。请检查：仓库变量 PITWALL_REPO 是否写对；该仓库是否有名为 $PITWALL_VERSION 的发布；该仓库为私有仓库时，是否已设置可读取它的 secret PITWALL_TOKEN。"
  exit 1
fi
(cd "$RUNNER_TEMP" && grep " pitwall-$target.tar.gz\$" SHA256SUMS | sha256sum --check --strict)
tar -xzf "$RUNNER_TEMP/pitwall-$target.tar.gz" -C "$bin"
echo "$bin" >> "$GITHUB_PATH"
"$bin/pitwall" --version
