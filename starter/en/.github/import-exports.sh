#!/usr/bin/env bash
# Imports every DMS export under exports/ named YYYY-MM.xlsx (or .xls, .ods, .csv) that has no
# month file yet, with GitHub annotations naming the cell of each problem. Used by the check and
# build jobs of .github/workflows/pitwall.yml; a month file already in the repository wins.
set -euo pipefail
shopt -s nullglob
for export in exports/*.xlsx exports/*.xls exports/*.ods exports/*.csv; do
  month=$(basename "${export%.*}")
  [[ $month =~ ^[0-9]{4}-[0-9]{2}$ ]] || continue
  [[ -f "data/scorecards/$month.yaml" ]] && continue
  echo "importing $export as data/scorecards/$month.yaml"
  pitwall import month "$month" "$export" --format github
done
