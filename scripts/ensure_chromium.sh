#!/usr/bin/env bash
# Find a Chromium for diagram rendering and browser tests; install Debian's when we can.
set -euo pipefail
for name in "${GUIDE_CHROMIUM:-}" chromium chromium-browser google-chrome; do
  if [ -n "$name" ] && command -v "$name" >/dev/null 2>&1; then
    exit 0
  fi
done
if [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
  echo "Chromium manque : installation du paquet Debian « chromium »…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
Chromium est introuvable. Il sert à dessiner les schémas et aux tests.
Installez-le, puis relancez la commande :
  Debian / Ubuntu : sudo apt-get install chromium
  ou indiquez son chemin : GUIDE_CHROMIUM=/chemin/vers/chromium make build
MSG
exit 1
