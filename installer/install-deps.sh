#!/usr/bin/env bash
# Installs the Debian 12 packages the Fidelity Workstation needs to build,
# run and test. Does nothing when they are all present; uses sudo when not
# run as root. Every library comes from Debian: nothing is built from source.
set -euo pipefail

packages=(
  # build (cmark: the user guide as HTML, for F1)
  build-essential cmake ninja-build pkg-config cmark python3
  # libraries (see README, "Dependencies")
  libwxgtk3.2-dev libgtk-3-dev libxlsxwriter-dev libpodofo-dev libsqlitecpp-dev libsqlite3-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libkainjow-mustache-dev libssl-dev
  libpqxx-dev libpq-dev
  # text in any script in the reports: shaping and subsetting, bidi, fallback fonts
  libharfbuzz-dev libfribidi-dev libfontconfig-dev
  fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-symbola
  # tests: doctest, a virtual display for the window, PDF and workbook readers,
  # the PDF structure (pikepdf, qpdf), LibreOffice's recalculation of a workbook;
  # a window manager (focus) and the accessibility bus and its reader (AT-SPI)
  doctest-dev xvfb xauth poppler-utils python3-openpyxl python3-pikepdf qpdf libreoffice-calc-nogui
  openbox x11-utils xdotool at-spi2-core dbus-daemon python3-pyatspi
  # tests: the translators' template has every string of the window (xgettext, msgcat)
  gettext
  # tests: a throwaway PostgreSQL server for the storage suite's second backend
  postgresql-15 postgresql-client-15
  # fuzzing (tests/run-all.sh --extended)
  clang libfuzzer-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
