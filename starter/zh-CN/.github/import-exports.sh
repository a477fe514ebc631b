#!/usr/bin/env bash
# 导入 exports/ 下按月份命名（YYYY-MM.xlsx、.xls、.ods 或 .csv）且还没有月度文件的 DMS 导出表，
# 每个问题都作为 GitHub 标注指出所在单元格。供 .github/workflows/pitwall.yml 的检查和构建任务使用；
# 仓库里已有的月度文件 data/scorecards/YYYY-MM.yaml 优先，不会被覆盖。
set -euo pipefail
shopt -s nullglob
for export in exports/*.xlsx exports/*.xls exports/*.ods exports/*.csv; do
  month=$(basename "${export%.*}")
  [[ $month =~ ^[0-9]{4}-[0-9]{2}$ ]] || continue
  [[ -f "data/scorecards/$month.yaml" ]] && continue
  echo "导入 $export → data/scorecards/$month.yaml"
  pitwall import month "$month" "$export" --format github
done
