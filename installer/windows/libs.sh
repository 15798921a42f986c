#!/usr/bin/env bash
# Cross-builds the libraries of the Windows build into a prefix, from Debian's
# source packages (apt-get source) and Debian's mingw-w64 toolchain. Nothing
# comes from anywhere but Debian's archive. Static libraries only, so the
# programs need no DLL beside Windows' own.
#
#   installer/windows/libs.sh PREFIX WORKDIR
#
# Called by installer/windows/build.sh, which decides whether the prefix is
# already complete (its key names every source version and this recipe).
set -euo pipefail
prefix=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
triple=x86_64-w64-mingw32
jobs=$(nproc)

mkdir -p "$prefix" "$work/src" "$work/build"
export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig:/usr/$triple/lib/pkgconfig"
export PKG_CONFIG_PATH=""
export FIDELITY_WIN64_PREFIX="$prefix"
toolchain="$here/mingw-w64-x86_64.cmake"

log() { printf '== %s  %s\n' "$(date +%T)" "$*"; }

# Unpacks Debian's source package NAME into $work/src/NAME (patched, with
# dpkg-source). Tries the versions the archive lists, newest first: a mirror
# may lack the newest security upload's files. When no version comes whole
# but the upstream tarball did, builds that (saying so) rather than nothing.
unpack() {
  local name=$1 dl="$work/download" v dsc orig
  mkdir -p "$dl"
  rm -rf "$work/src/$name"
  for v in $(apt-cache showsrc "$name" | awk '/^Version:/ {print $2}' | sort -u -r -V); do
    if (cd "$dl" && apt-get source --download-only -qq -o APT::Sandbox::User=root "$name=$v" >/dev/null 2>&1); then
      dsc="$dl/${name}_${v#*:}.dsc"
      dpkg-source --no-copy -x "$dsc" "$work/src/$name" >/dev/null 2>&1
      echo "$name $v" >>"$prefix/SOURCES"
      return
    fi
  done
  orig=$(ls -t "$dl/${name}_"*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | grep -v 'orig-' | head -1 || true)
  if [ -z "$orig" ]; then
    echo "libs.sh: cannot download the Debian source package $name (is the deb-src entry there? apt-get update?)" >&2
    exit 1
  fi
  echo "libs.sh: $name: Debian's patches could not be downloaded; building the upstream source $(basename "$orig")" >&2
  mkdir -p "$work/src/$name"
  tar xf "$orig" -C "$work/src/$name" --strip-components=1
  echo "$name $(basename "$orig") (upstream only)" >>"$prefix/SOURCES"
}

cmake_lib() {  # NAME [cmake options...]: configure, build and install a CMake project
  local name=$1
  shift
  rm -rf "${work:?}/build/$name"
  cmake -S "$work/src/$name" -B "$work/build/$name" -G Ninja -Wno-dev \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DFIDELITY_WIN64_PREFIX="$prefix" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
    -DBUILD_SHARED_LIBS=OFF "$@" >"$work/build/$name.configure.log" 2>&1 ||
    { tail -40 "$work/build/$name.configure.log"; exit 1; }
  cmake --build "$work/build/$name" -j "$jobs" >"$work/build/$name.build.log" 2>&1 ||
    { grep -m5 -A5 'error' "$work/build/$name.build.log"; tail -20 "$work/build/$name.build.log"; exit 1; }
  cmake --install "$work/build/$name" >/dev/null
}

meson_lib() {  # NAME [meson options...]
  local name=$1
  shift
  rm -rf "${work:?}/build/$name"
  meson setup "$work/build/$name" "$work/src/$name" --cross-file "$work/meson-cross.ini" \
    --prefix "$prefix" --libdir lib --buildtype release --default-library static --wrap-mode nodownload \
    "$@" >"$work/build/$name.configure.log" 2>&1 || { tail -40 "$work/build/$name.configure.log"; exit 1; }
  ninja -C "$work/build/$name" -j "$jobs" >"$work/build/$name.build.log" 2>&1 ||
    { grep -m5 -A5 'error' "$work/build/$name.build.log"; exit 1; }
  ninja -C "$work/build/$name" install >/dev/null
}

cat >"$work/meson-cross.ini" <<EOF
[binaries]
c = '$triple-gcc-posix'
cpp = '$triple-g++-posix'
ar = '$triple-gcc-ar-posix'
strip = '$triple-strip'
windres = '$triple-windres'
pkgconfig = 'pkg-config'

[properties]
pkg_config_libdir = ['$prefix/lib/pkgconfig', '/usr/$triple/lib/pkgconfig']

[host_machine]
system = 'windows'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'
EOF
touch "$prefix/SOURCES"
# A stamp per library: a run that stopped half-way goes on where it stopped.
step() {
  stamp="$work/done-$1"
  [ -e "$stamp" ] && return 1
  log "$2"
  return 0
}

# zlib is Debian's prebuilt libz-mingw-w64-dev (in /usr/x86_64-w64-mingw32).

if step libpng1.6 libpng; then
unpack libpng1.6
cmake_lib libpng1.6 -DPNG_SHARED=OFF -DPNG_STATIC=ON -DPNG_TESTS=OFF -DPNG_EXECUTABLES=OFF -DSKIP_INSTALL_PROGRAMS=ON
touch "$stamp"; fi

if step freetype freetype; then
unpack freetype
cmake_lib freetype -DFT_REQUIRE_ZLIB=ON -DFT_REQUIRE_PNG=ON -DFT_DISABLE_BZIP2=ON -DFT_DISABLE_BROTLI=ON \
  -DFT_DISABLE_HARFBUZZ=ON
touch "$stamp"; fi

if step harfbuzz harfbuzz; then
unpack harfbuzz
# The text shaping of the reports needs harfbuzz and harfbuzz-subset (font
# subsetting); fonts are read with FreeType.
meson_lib harfbuzz -Dfreetype=enabled -Dglib=disabled -Dgobject=disabled -Dcairo=disabled -Dchafa=disabled \
  -Dicu=disabled -Dgraphite=disabled -Dgdi=disabled -Ddirectwrite=disabled -Dtests=disabled \
  -Dintrospection=disabled -Ddocs=disabled -Dbenchmark=disabled -Dexperimental_api=false
touch "$stamp"; fi

if step fribidi fribidi; then
unpack fribidi
meson_lib fribidi -Ddocs=false
touch "$stamp"; fi

if step openssl "openssl (libcrypto)"; then
unpack openssl
# libcrypto is what the code uses (SHA-256, base64); libssl comes along with
# build_libs but is not linked.
(
  cd "$work/src/openssl"
  ./Configure mingw64 --cross-compile-prefix=$triple- --prefix="$prefix" --libdir=lib \
    no-shared no-module no-engine no-dso no-tests no-ui-console no-legacy no-comp \
    >"$work/build/openssl.configure.log" 2>&1 || { tail -20 "$work/build/openssl.configure.log"; exit 1; }
  # CC is gcc with the prefix: mingw's default gcc is the win32-threads one; either works for C.
  make -j "$jobs" build_libs >"$work/build/openssl.build.log" 2>&1 || { tail -30 "$work/build/openssl.build.log"; exit 1; }
  make install_dev >/dev/null 2>&1
)
touch "$stamp"; fi

if step libunistring "libunistring (PoDoFo's UTF-8/UTF-16 conversion in Debian's source)"; then
unpack libunistring
# Debian's patch to configure.ac is for Linux multiarch; age the autotools
# inputs so that make does not try to regenerate configure (automake is not
# needed here).
find "$work/src/libunistring" \( -name configure.ac -o -name Makefile.am -o -name '*.m4' \) ! -name aclocal.m4 \
  -exec touch -d @1000000000 {} +
(
  mkdir -p "$work/build/libunistring" && cd "$work/build/libunistring"
  "$work/src/libunistring/configure" --host=$triple --prefix="$prefix" --libdir="$prefix/lib" \
    --disable-shared --enable-static --disable-threads \
    >"$work/build/libunistring.configure.log" 2>&1 || { tail -30 "$work/build/libunistring.configure.log"; exit 1; }
  make -j "$jobs" -C lib >"$work/build/libunistring.build.log" 2>&1 || { tail -30 "$work/build/libunistring.build.log"; exit 1; }
  make -C lib install >/dev/null
)
touch "$stamp"; fi

if step sqlite3 sqlite; then
unpack sqlite3
# Debian's source is SQLite's full tree: make the single-file amalgamation
# with the build machine's tools (tclsh), then compile that for Windows.
(
  mkdir -p "$work/build/sqlite-gen" && cd "$work/build/sqlite-gen"
  "$work/src/sqlite3/configure" >/dev/null 2>&1
  make sqlite3.c >"$work/build/sqlite.gen.log" 2>&1 || { tail -20 "$work/build/sqlite.gen.log"; exit 1; }
  # Column metadata for SQLiteCpp; deleted content overwritten, as Debian builds it.
  $triple-gcc-posix -O2 -c sqlite3.c -o sqlite3.o -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_COLUMN_METADATA \
    -DSQLITE_SECURE_DELETE
  $triple-gcc-ar-posix rcs "$prefix/lib/libsqlite3.a" sqlite3.o
  cp sqlite3.h sqlite3ext.h "$prefix/include/"
  version=$(sed -n 's/^#define SQLITE_VERSION *"\(.*\)"/\1/p' sqlite3.h)
  printf 'prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\nName: SQLite\nDescription: SQL database engine\nVersion: %s\nLibs: -L${libdir} -lsqlite3\nCflags: -I${includedir}\n' \
    "$prefix" "$version" >"$prefix/lib/pkgconfig/sqlite3.pc"
)
touch "$stamp"; fi

if step sqlitecpp SQLiteCpp; then
unpack sqlitecpp
cmake_lib sqlitecpp -DSQLITECPP_INTERNAL_SQLITE=OFF -DSQLITE_ENABLE_COLUMN_METADATA=ON \
  -DSQLITECPP_RUN_CPPLINT=OFF -DSQLITECPP_RUN_CPPCHECK=OFF -DSQLITECPP_BUILD_TESTS=OFF -DSQLITECPP_BUILD_EXAMPLES=OFF
touch "$stamp"; fi

if step libxlsxwriter libxlsxwriter; then
unpack libxlsxwriter
cmake_lib libxlsxwriter -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF -DUSE_SYSTEM_MINIZIP=OFF
# The .pc file names only -lxlsxwriter: add zlib for static linking.
sed -i 's/^Requires.private:.*//; $a Requires.private: zlib' "$prefix/lib/pkgconfig/xlsxwriter.pc"
touch "$stamp"; fi

if step libpodofo PoDoFo; then
unpack libpodofo
# Only the library; no fontconfig (Windows finds fonts itself, and the
# reports embed the fonts shipped in the installer), no JPEG/TIFF/IDN/Lua.
# Its check for OpenSSL 1.1's API links a bare -lcrypto without the
# prefix's folder, and fails: the answer is known (OpenSSL 3).
cmake_lib libpodofo -DPODOFO_HAVE_OPENSSL_1_1=TRUE -DPODOFO_BUILD_STATIC=ON -DPODOFO_BUILD_SHARED=OFF -DPODOFO_BUILD_LIB_ONLY=ON \
  -DWANT_FONTCONFIG=OFF -DCMAKE_DISABLE_FIND_PACKAGE_FONTCONFIG=ON -DCMAKE_DISABLE_FIND_PACKAGE_LIBIDN=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_LIBJPEG=ON -DCMAKE_DISABLE_FIND_PACKAGE_TIFF=ON -DCMAKE_DISABLE_FIND_PACKAGE_LUA=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_CppUnit=ON -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON \
  -DUNISTRING_INCLUDE_DIR="$prefix/include" -DUNISTRING_LIBRARY="$prefix/lib/libunistring.a" \
  -DFREETYPE_INCLUDE_DIR_FT2BUILD="$prefix/include/freetype2" -DFREETYPE_INCLUDE_DIR_FTHEADER="$prefix/include/freetype2"
# It writes its .pc file only on Unix; this one adds what a static link needs.
cat >"$prefix/lib/pkgconfig/libpodofo.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: PoDoFo
Description: A C++ library to work with the PDF file format
Version: 0.9.8
Requires.private: freetype2 libpng zlib libcrypto
Libs: -L\${libdir} -lpodofo
Libs.private: -lunistring -lgdi32
Cflags: -I\${includedir}
EOF
touch "$stamp"; fi

if step wxwidgets3.2 "wxWidgets (MSW)"; then
unpack wxwidgets3.2
# Only what the window uses: core and base, PNG (art provider, SVG) and the
# builtin regex. Spell checking in text boxes (Windows 8's spell checker).
cmake_lib wxwidgets3.2 -DwxBUILD_SHARED=OFF -DwxBUILD_MONOLITHIC=OFF -DwxBUILD_SAMPLES=OFF -DwxBUILD_TESTS=OFF \
  -DwxBUILD_DEMOS=OFF -DwxBUILD_BENCHMARKS=OFF -DwxBUILD_INSTALL=ON -DwxBUILD_PRECOMP=OFF \
  -DwxUSE_LIBPNG=sys -DPNG_PNG_INCLUDE_DIR="$prefix/include" -DPNG_LIBRARY="$prefix/lib/libpng16.a" \
  -DwxUSE_ZLIB=sys \
  -DwxUSE_REGEX=builtin -DwxUSE_LIBJPEG=OFF -DwxUSE_LIBTIFF=OFF -DwxUSE_EXPAT=OFF -DwxUSE_XML=OFF \
  -DwxUSE_XRC=OFF -DwxUSE_WEBVIEW=OFF -DwxUSE_MEDIACTRL=OFF -DwxUSE_STC=OFF -DwxUSE_OPENGL=OFF -DwxUSE_GLCANVAS=OFF \
  -DwxUSE_RIBBON=OFF -DwxUSE_PROPGRID=OFF -DwxUSE_AUI=OFF -DwxUSE_RICHTEXT=OFF -DwxUSE_HTML=OFF -DwxUSE_WXHTML_HELP=OFF -DwxUSE_WEBREQUEST=OFF \
  -DwxUSE_SPELLCHECK=ON -DwxUSE_ACCESSIBILITY=ON -DwxUSE_UIACTIONSIMULATOR=ON -DwxUSE_LIBLZMA=OFF
touch "$stamp"; fi

if step headers "header-only libraries (from Debian's -dev packages)"; then
# Copied one folder each, not the build machine's /usr/include: that would
# hand glibc's headers to the Windows compiler.
for d in nlohmann toml++ CLI kainjow doctest; do
  rm -rf "${prefix:?}/include/$d"
  cp -r "/usr/include/$d" "$prefix/include/$d"
done
# CMake packages for them, found by find_package() like Debian's, pointing
# at the copies. Versions are Debian's (nlohmann_json is checked for 3.11).
config() {  # PACKAGE TARGET VERSION
  mkdir -p "$prefix/lib/cmake/$1"
  cat >"$prefix/lib/cmake/$1/$1Config.cmake" <<EOF
if(NOT TARGET $2)
  add_library($2 INTERFACE IMPORTED)
  set_target_properties($2 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "$prefix/include")
endif()
EOF
  cat >"$prefix/lib/cmake/$1/$1ConfigVersion.cmake" <<EOF
set(PACKAGE_VERSION "$3")
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
EOF
}
debver() { dpkg-query -W -f='${Version}' "$1" | sed 's/[-+~].*//'; }
config nlohmann_json nlohmann_json::nlohmann_json "$(debver nlohmann-json3-dev)"
config tomlplusplus tomlplusplus::tomlplusplus "$(debver libtomlplusplus-dev)"
config CLI11 CLI11::CLI11 "$(debver libcli11-dev)"
config doctest doctest::doctest "$(debver doctest-dev)"
touch "$stamp"; fi

# Every library links into a Windows program from its .pc file alone, as the
# project and the coming text shaping (HarfBuzz, hb-subset, FriBidi) use them.
cat >"$work/check.cpp" <<'EOF'
#include <fribidi.h>
#include <hb-subset.h>
#include <hb.h>
#include <openssl/sha.h>
#include <podofo/podofo.h>
#include <sqlite3.h>
#include <xlsxwriter.h>
int main() {
    hb_buffer_t* b = hb_buffer_create();
    hb_subset_input_t* in = hb_subset_input_create_or_fail();
    FriBidiParType dir = FRIBIDI_PAR_ON;
    FriBidiChar text[] = {0x05D0, 0x05D1};
    FriBidiLevel levels[2];
    fribidi_log2vis(text, 2, &dir, nullptr, nullptr, nullptr, levels);
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>("x"), 1, md);
    PoDoFo::PdfMemDocument doc;
    hb_subset_input_destroy(in);
    hb_buffer_destroy(b);
    return sqlite3_libversion_number() > 0 && lxw_version()[0] ? 0 : 1;
}
EOF
modules="harfbuzz harfbuzz-subset fribidi freetype2 libpng libcrypto libpodofo xlsxwriter sqlite3"
# shellcheck disable=SC2046
$triple-g++-posix -std=c++20 -w -static -o "$work/check.exe" "$work/check.cpp" \
  $(pkg-config --static --cflags --libs $modules) ||
  { echo "libs.sh: the libraries do not link into a Windows program" >&2; exit 1; }

log done
