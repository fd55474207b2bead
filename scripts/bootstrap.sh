#!/usr/bin/env bash
# Installs everything kaohe needs on a fresh Debian machine, idempotently:
# LibreOffice Writer (for .doc/.wps and the PDFs) and Calc (opening review.xlsx),
# the free CJK faces the PDFs use (templates/fontconfig/fonts.conf maps 仿宋_GB2312,
# 宋体, 黑体, 方正小标宋简体 to them), poppler-utils (pdffonts, pdftoppm, pdftotext
# for the PDF tests), Chromium and its WebDriver (the report's browser tests), then a virtualenv in .venv with kaohe and its Python packages.
# Safe to run again; it skips what is there.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || need_apt+=(libreoffice-calc-nogui)
command -v pdffonts >/dev/null 2>&1 || need_apt+=(poppler-utils)
# grep reads all of fc-list's output (grep -q would stop early and, under pipefail, fail the pipe)
# the HTML report's browser tests drive Debian's headless Chromium through selenium
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
fc-list 2>/dev/null | grep -i "Noto Sans CJK\|Noto Serif CJK" >/dev/null || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "[bootstrap] apt-get install ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "[bootstrap] 提示：缺少 ${need_apt[*]}，.doc/.wps 转换、PDF 输出或其测试、核查报告的浏览器测试将无法进行（需 root 与 apt-get 安装）" >&2
  fi
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  echo "[bootstrap] creating .venv with $PY"
  "$PY" -m venv .venv
fi
stamp=.venv/.kaohe-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "[bootstrap] pip install -e .[test]"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
