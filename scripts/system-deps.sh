#!/bin/sh
# Installs what the browser and PDF tests need but pip cannot give: Debian's Chromium and
# poppler-utils (pdftotext, pdftoppm). As root it installs them; otherwise it names the command.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || missing="$missing libharfbuzz-subset0"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "Устанавливаю системные пакеты:$missing"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing fonts-dejavu-core
else
  echo "Не хватает системных пакетов:$missing"
  echo "Выполните: sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing fonts-dejavu-core"
  exit 1
fi
