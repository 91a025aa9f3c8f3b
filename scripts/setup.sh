#!/usr/bin/env bash
# One-step install for a fresh Debian/Ubuntu machine (run as root, or with sudo available).
#   bash scripts/setup.sh          the app and CLI: speech engines, then npm packages
#   bash scripts/setup.sh --test   also what the tests and benchmarks need (Chromium, festival, sox, tesseract, the
#                                  documentation packages and desktop programs of the OCR bench's corpora)
# Electron's binary and onnxruntime-node's CUDA bundle come from hosts outside the npm registry, so npm ci runs with
# ELECTRON_SKIP_BINARY_DOWNLOAD=1 and ONNXRUNTIME_NODE_INSTALL=skip; the Electron binary is then tried separately and
# its absence is reported, not fatal (the CLI, the browser harness and every test except the Electron suite run without it).
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

# festival is installed without its Recommends, so its voice is named: without one, text2wave exits 0 and writes
# nothing, and the say engine (festival on Linux) is silent.
# tesseract-ocr-script-cyrl: Tesseract's Cyrillic model, which reads Russian (no npm package carries Russian data
# here; the build copies it into dist/ocr-languages, see electron/core/ocr/README.md). The other languages' data
# comes from npm.
packages=(espeak-ng speech-dispatcher-espeak-ng festival festvox-kallpc16k fonts-dejavu-core tesseract-ocr-script-cyrl)
if [ "$want_tests" = 1 ]; then
  packages+=(chromium sox tesseract-ocr tesseract-ocr-eng fonts-liberation2 time util-linux)
  # bench:ocr's documentation corpus (test/bench/ocr/docScreens.ts): HTML manuals nobody on the project wrote.
  packages+=(apache2-doc valgrind git-doc libxslt1-dev libgtk-3-doc sphinx-doc maint-guide openjdk-17-doc ruby-tioga-doc mutt python-django-doc cmake-doc exim4-doc-html postfix-doc xorg-docs bind9-doc dbus-1-doc nut-doc gimp-help-en debian-handbook sqlite3-doc postgresql-doc-15 debian-reference-en python3.11-doc)
  # bench:ocr:lang and the language tests: the gettext catalogs the multilingual corpus is made of (libgtk-3-common),
  # fonts for the corpora's scripts (Cantarell, DejaVu with Greek and Cyrillic, WenQuanYi for Chinese), and the
  # tesseract peer's Chinese model (the other peers use the language data Sightline ships).
  packages+=(libgtk-3-common fonts-cantarell fonts-dejavu-extra fonts-wqy-microhei tesseract-ocr-chi-sim)
  # bench:ocr's desktop corpus (test/bench/ocr/desktopScenarios.ts): GTK/Qt programs under Xvfb, truth read over AT-SPI.
  packages+=(xvfb dbus-daemon at-spi2-core python3-gi gir1.2-atspi-2.0 gir1.2-gtk-3.0 python3-xlib tzdata gtk-3-examples zenity yad galculator qtbase5-examples)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "setup: installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these with your package manager: ${missing[*]}" >&2
  fi
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

if [ ! -e node_modules/electron/path.txt ]; then
  if ! (unset ELECTRON_SKIP_BINARY_DOWNLOAD; timeout 300 node node_modules/electron/install.js >/dev/null 2>&1); then
    echo "setup: the Electron binary could not be downloaded here; 'npm start' will say so. The CLI ('npm run cli'), the browser harness ('npm run serve') and the tests work without it."
  fi
fi

npm run build --silent
echo "setup: done"
