#!/usr/bin/env bash
# The system programs the build and the tests use, installed from Debian when we can:
# Chromium (diagrams, browser tests), poppler-utils (pdftoppm, pdffonts: PDF checks),
# zbar-tools (zbarimg: reads the leaflets' QR codes back in the tests), Ghostscript (gs: a second PDF
# reader for the tests, the kind many print shops use).
set -euo pipefail
missing=()
chromium_found=""
for name in "${GUIDE_CHROMIUM:-}" chromium chromium-browser google-chrome; do
  if [ -n "$name" ] && command -v "$name" >/dev/null 2>&1; then chromium_found=1; break; fi
done
[ -n "$chromium_found" ] || [ "${GUIDE_CHROMIUM:-}" = "none" ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v gs >/dev/null 2>&1 || missing+=(ghostscript)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
  echo "Installation des paquets Debian manquants : ${missing[*]}…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
cat >&2 <<MSG
Programmes manquants : ${missing[*]}.
Chromium dessine les schémas ; poppler-utils, zbar-tools et ghostscript servent aux tests des PDF.
Installez-les, puis relancez la commande :
  Debian / Ubuntu : sudo apt-get install ${missing[*]}
  ou indiquez le chemin de Chromium : GUIDE_CHROMIUM=/chemin/vers/chromium make build
MSG
exit 1
