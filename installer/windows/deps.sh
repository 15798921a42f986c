#!/usr/bin/env bash
# Installs what the Windows build and its tests need on Debian 12, and the
# deb-src entry that `apt-get source` needs. Does nothing when all is there;
# uses sudo when not root. Waits while another apt holds the lock.
set -euo pipefail

packages=(
  # cross toolchain (GCC 12 with posix threads: std::thread, std::mutex), zlib for it
  g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 mingw-w64-tools
  libz-mingw-w64-dev
  # building the libraries from Debian's sources
  dpkg-dev cmake ninja-build meson pkg-config tcl make
  # header-only libraries, copied into the prefix
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libkainjow-mustache-dev doctest-dev
  # the MSI: wixl, msiextract/msiinfo; the icon from the SVG
  wixl msitools librsvg2-bin icoutils
  # fonts shipped in the MSI
  fonts-dejavu-core fonts-noto-core fonts-noto-cjk
  # tests under Wine: the programs, a virtual display, finding the window, a screenshot
  wine wine64 xvfb xauth xdotool imagemagick poppler-utils
)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

apt_get() {
  # Another developer's apt may hold the lock: wait for it (DPkg::Lock::Timeout),
  # and try again a few times for the package lists' lock.
  for try in 1 2 3 4 5; do
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 "$@" && return 0
    [ $try -eq 5 ] || sleep 30
  done
  return 1
}

# Source packages: a deb-src entry like debian.sources' own.
src_list=/etc/apt/sources.list.d/fidelity-workstation-src.sources
updated=0
if ! apt-cache showsrc wxwidgets3.2 2>/dev/null | grep -q '^Package:'; then
  if [ ! -e "$src_list" ]; then
    echo "Adding $src_list (deb-src for apt-get source)"
    if [ -e /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo tee "$src_list" >/dev/null
    else
      grep -h '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $sudo tee "${src_list%.sources}.list" >/dev/null
    fi
  fi
  apt_get update -q
  updated=1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  [ $updated -eq 1 ] || apt_get update -q
  apt_get install -y -q --no-install-recommends "${missing[@]}"
fi
