#!/usr/bin/env bash
# Tests the Windows build as users get it, on Debian, under Wine:
#   - the MSI's tables (upgrade code, shortcut, icon) and its files, unpacked
#     with msiextract, needing no DLL but Windows' own;
#   - the core unit tests, cross-built;
#   - the unpacked fidelity.exe on the example review, with Windows paths in a
#     user's folder named C:\users\José Núñez\Documents\Évaluations (the Wine
#     user is José Núñez, so %LOCALAPPDATA% has accents too);
#   - the unpacked workstation: it starts under Wine + Xvfb, opens the
#     database and shows the review (a screenshot is kept in build-windows/);
#   - silent install, upgrade and uninstall with Wine's msiexec.
#
#   installer/windows/test.sh        (after installer/windows/build.sh)
#
# Ends with "windows: N passed, N failed"; exit status 1 if any failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build-windows"
msi=$(ls "$build"/FidelityWorkstation-*-x64.msi 2>/dev/null | head -1)
if [ -z "$msi" ]; then
  echo "windows: no MSI in $build; run installer/windows/build.sh first" >&2
  exit 1
fi
version=$(basename "$msi" | sed 's/FidelityWorkstation-\(.*\)-x64.msi/\1/')

tmp=$(mktemp -d /tmp/fidelity-windows-XXXXXX)
# No Mono or Gecko prompts, no menu entries on the build machine's desktop.
export WINEPREFIX="$tmp/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d" HOME="$tmp/home"
export USER="José Núñez" LOGNAME="José Núñez"
mkdir -p "$HOME"
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "FAIL - $1"
  [ -z "${2:-}" ] || printf '%s\n' "$2" | head -20 | sed 's/^/    /'
}
check() {  # DESCRIPTION COMMAND...: passes when the command succeeds
  local d=$1
  shift
  if "$@"; then ok "$d"; else fail "$d"; fi
}

# ------------------------------------------------------------ the MSI itself
props=$(msiinfo export "$msi" Property)
prop() { printf '%s\n' "$props" | awk -F'\t' -v k="$1" '$1 == k {print $2}' | tr -d '\r'; }
check "MSI: the fixed upgrade code" [ "$(prop UpgradeCode)" = "{B6C06382-73A8-4FBD-92EB-36B621AF28ED}" ]
check "MSI: product version $version" [ "$(prop ProductVersion)" = "$version" ]
check "MSI: Apps & features icon" [ "$(prop ARPPRODUCTICON)" = "FidelityWorkstation.ico" ]
check "MSI: a newer MSI replaces an older one (MajorUpgrade)" \
  grep -q WIX_UPGRADE_DETECTED <(msiinfo export "$msi" Upgrade)
check "MSI: Start-menu shortcut to the workstation, with the icon" \
  grep -qP 'ProgramMenuFolder\tFidelity Workstation\t.*fidelity-workstation\.exe.*FidelityWorkstation\.ico' \
  <(msiinfo export "$msi" Shortcut)

unpacked="$tmp/msi"
mkdir -p "$unpacked"
(cd "$unpacked" && msiextract "$msi" >/dev/null)
app="$unpacked/Fidelity Workstation"
missing=""
for f in bin/fidelity.exe bin/fidelity-workstation.exe share/fidelity-workstation/scales/ips-se-25.toml \
  share/fidelity-workstation/scales/policies/nc-2020.toml share/fidelity-workstation/scales/policies/nc-2016.toml \
  share/fidelity-workstation/templates/report/letterhead.mustache share/fidelity-workstation/doc/user-guide.md \
  share/fidelity-workstation/examples/concord-2026-final.json share/fidelity-workstation/fonts/DejaVuSans.ttf \
  share/fidelity-workstation/fonts/DejaVuSans-Bold.ttf share/fidelity-workstation/fonts/NotoSansArabic-Regular.ttf \
  share/fidelity-workstation/fonts/NotoSansCJK-Regular.ttc; do
  [ -s "$app/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "MSI: programs, scales, templates, user guide, example, fonts"; else fail "MSI: missing:$missing"; fi

# Only Windows' own DLLs: no mingw runtime, no library DLL to ship.
system_dlls='^(kernel32|user32|gdi32|msvcrt|advapi32|shell32|ole32|oleaut32|comctl32|comdlg32|winspool\.drv|winmm|shlwapi|uxtheme|oleacc|version|rpcrt4|ws2_32|gdiplus|msimg32|crypt32|bcrypt|psapi|userenv|imm32|uuid|dwmapi|secur32|api-ms-win-.*)\.dll$|^winspool\.drv$'
for exe in fidelity.exe fidelity-workstation.exe; do
  others=$(x86_64-w64-mingw32-objdump -p "$app/bin/$exe" | awk '/DLL Name:/ {print tolower($3)}' | grep -Ev "$system_dlls")
  if [ -z "$others" ]; then ok "$exe needs only Windows' own DLLs"; else fail "$exe needs other DLLs" "$others"; fi
done

# ------------------------------------------------------------------- Wine
if ! wineboot -i >"$tmp/wineboot.log" 2>&1; then
  fail "Wine: wineboot -i" "$(cat "$tmp/wineboot.log")"
  echo "windows: $passed passed, $failed failed"
  exit 1
fi
wineserver -w
drive_c="$WINEPREFIX/drive_c"
profile="$drive_c/users/$USER"
[ -d "$profile" ] || { fail "Wine: the profile $profile"; }
# The unpacked MSI where the MSI would install it.
mkdir -p "$drive_c/Program Files"
cp -r "$app" "$drive_c/Program Files/"
exe_w='C:\Program Files\Fidelity Workstation\bin\fidelity.exe'
gui_w='C:\Program Files\Fidelity Workstation\bin\fidelity-workstation.exe'
data_w='C:\Program Files\Fidelity Workstation\share\fidelity-workstation'
docs_w="C:\\users\\$USER\\Documents\\Évaluations"
docs="$profile/Documents/Évaluations"
mkdir -p "$docs"
cp "$top/docs/examples/concord-2026-final.json" "$docs/Évaluation Concord 2026.json"
review_w="$docs_w\\Évaluation Concord 2026.json"

run() {  # ARGS...: runs the unpacked fidelity.exe; sets out, err, rc (output without \r)
  wine "$exe_w" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(tr -d '\r' <"$tmp/out")
  err=$(tr -d '\r' <"$tmp/err")
}

# ------------------------------------------------------------ core tests
if (cd "$top" && wine "$build/bin/test_core.exe" >"$tmp/core.log" 2>&1); then
  ok "core unit tests under Wine ($(grep -o '[0-9]* passed' "$tmp/core.log" | head -1) test cases)"
else
  fail "core unit tests under Wine" "$(tr -d '\r' <"$tmp/core.log" | grep -v '^$' | tail -20)"
fi

# ------------------------------------------------------- command line
run score "$review_w" --json
score_json=$out
if [ $rc -eq 0 ] && [ -x "$top/build/bin/fidelity" ]; then
  linux=$("$top/build/bin/fidelity" score "$top/docs/examples/concord-2026-final.json" --json)
  check "score --json: the same summary as the Linux build" [ "$score_json" = "$linux" ]
else
  check "score --json: total 98, tier fair" grep -q '"total":98,.*"tier":"fair"' <<<"$score_json"
fi

run score "$review_w"
check "score (readable) of a file under $docs_w" [ $rc -eq 0 -a -n "$out" ]
# A path from the root of the current drive (Z: is the build machine's /):
# a path, not a Windows-style /option.
(cd "$top" && run score "$top/docs/examples/concord-2026-final.json" --json && [ $rc -eq 0 ] && [ "$out" = "$score_json" ])
check "score with a path from the drive's root (\\work\\...)" [ $? -eq 0 ]

run validate "$review_w"
check "validate the review: exit 0" [ $rc -eq 0 ]
run validate "$data_w\\scales\\ips-se-25.toml"
check "validate the installed scale: exit 0" [ $rc -eq 0 ]
run validate "$data_w\\scales\\policies\\nc-2020.toml"
check "validate the installed policy: exit 0" [ $rc -eq 0 ]

sed '3s/^/,/' "$docs/Évaluation Concord 2026.json" >"$docs/cassé.json"
run validate "$docs_w\\cassé.json"
if [ $rc -eq 2 ] && grep -qF "$docs_w\\cassé.json:3:" <<<"$err"; then
  ok "a broken review: exit 2, the message names the file (with its accents) and the line"
else
  fail "a broken review: exit 2, the message names the file and the line (rc $rc)" "$err"
fi

run report "$review_w" --pdf "$docs_w\\rapport final.pdf" --xlsx "$docs_w\\scores été.xlsx"
if [ $rc -eq 0 ] && [ -s "$docs/rapport final.pdf" ] && [ -s "$docs/scores été.xlsx" ]; then
  ok "report: PDF and workbook written into the accented folder"
else
  fail "report: PDF and workbook written into the accented folder (rc $rc)" "$err"
fi
if [ -s "$docs/rapport final.pdf" ]; then
  check "report: the PDF has the team and the score" grep -q 'Concord IPS Team' <(pdftotext "$docs/rapport final.pdf" -)
  check "report: the PDF embeds the shipped DejaVu fonts" grep -q 'DejaVuSans.*yes' <(pdffonts "$docs/rapport final.pdf")
fi
[ -s "$docs/scores été.xlsx" ] &&
  check "report: the workbook is an XLSX" python3 -c "import sys,zipfile; sys.exit(0 if 'xl/workbook.xml' in zipfile.ZipFile(sys.argv[1]).namelist() else 1)" "$docs/scores été.xlsx"
run verify "$docs_w\\rapport final.pdf" "$review_w"
check "verify: the PDF matches its review" [ $rc -eq 0 ]

db_w="$docs_w\\workstation.db"
run import "$review_w" --db "$db_w"
id=$out
check "import into a database in the accented folder: prints the review id" [ $rc -eq 0 -a "$id" = 1 -a -s "$docs/workstation.db" ]
run list --db "$db_w" --json
check "list --json shows the imported program" grep -q 'Concord IPS Team' <<<"$out"
run export 1 --db "$db_w" -o "$docs_w\\exporté.json"
check "export writes the review back" [ $rc -eq 0 -a -s "$docs/exporté.json" ]
run score "$docs_w\\exporté.json" --json
check "the exported review scores the same" [ $rc -eq 0 -a "$out" = "$score_json" ]

run import "$review_w"
local_db="$profile/AppData/Local/fidelity-workstation/workstation.db"
check "the default database is %LOCALAPPDATA%\\fidelity-workstation\\workstation.db" [ $rc -eq 0 -a -f "$local_db" ]
run list --json
check "list without --db reads it" grep -q 'Concord IPS Team' <<<"$out"

run list --db 'C:\nowhere\workstation.db'
if [ $rc -eq 2 ] && grep -qF 'C:\nowhere\workstation.db' <<<"$err"; then ok "a database that is not there: exit 2, named"
else fail "a database that is not there: exit 2, named (rc $rc)" "$err"; fi

# ----------------------------------------------------------- the window
gui() {
  # --as: a first start asks who is reviewing (as the Linux GUI tests, the
  # name is given; it is the accented Wine user's).
  wine "$gui_w" --db "$db_w" --as "$USER" --open-example >"$tmp/gui.log" 2>&1 &
  local shown=""
  # The window's title names the review once the database is open and the
  # review shown. A deadline, not a measurement: Wine may be slow on CI.
  for _ in $(seq 120); do
    shown=$(xdotool search --name 'Concord IPS Team' 2>/dev/null | head -1)
    [ -n "$shown" ] && break
    sleep 1
  done
  if [ -z "$shown" ]; then
    echo "no window titled 'Concord IPS Team'; windows:" >"$tmp/gui.fail"
    xdotool search --name '.' getwindowname %@ >>"$tmp/gui.fail" 2>&1
    return 1
  fi
  sleep 3  # let it paint before the picture
  import -window root "$build/windows-wine.png"
}
export gui_w db_w build tmp
# xvfb-run's sh drops exported bash functions: hand it the definition.
if xvfb-run -a -s "-screen 0 1366x768x24" bash -c "$(declare -f gui); gui"; then
  ok "the workstation starts under Wine, opens the database and shows the review (screenshot: build-windows/windows-wine.png)"
else
  fail "the workstation window under Wine" "$(cat "$tmp/gui.fail" "$tmp/gui.log" 2>/dev/null)"
fi
wineserver -k >/dev/null 2>&1
wineserver -w

# ------------------------------------- silent install, upgrade, uninstall
installed="$drive_c/Program Files/Fidelity Workstation"
rm -rf "$installed"
# Windows puts a per-machine shortcut in the common Start menu; Wine 8 puts it
# in the user's.
shortcut() {
  find "$drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs" \
    "$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs" -name 'Fidelity Workstation.lnk' 2>/dev/null
}
# Apps & features: the products registered under Uninstall, as "name version" lines.
products() {
  wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r' |
    awk '/^HKEY/ {if (n != "") print n, v; n = v = ""}
         /^ +DisplayName +REG_SZ/ {sub(/^ +DisplayName +REG_SZ +/, ""); n = $0}
         /^ +DisplayVersion +REG_SZ/ {sub(/^ +DisplayVersion +REG_SZ +/, ""); v = $0}
         END {if (n != "") print n, v}' |
    grep '^Fidelity Workstation ' || true
}
# The same files as a newer version, to see the older one replaced.
newer="$tmp/FidelityWorkstation-99.0.0-x64.msi"
(cd "$build" && wixl -a x64 -D Win64=yes -D Version=99.0.0 -D BinDir=stage/bin -D ShareDir=stage/share \
  -D Icon=windows/fidelity-workstation.ico -o "$newer" "$top/installer/windows/fidelity-workstation.wxs" share.wxs) \
  >"$tmp/wixl.log" 2>&1
if wine msiexec /i "$msi" /qn >"$tmp/msiexec.log" 2>&1 && wineserver -w && [ -x "$installed/bin/fidelity.exe" ]; then
  ok "msiexec /i /qn installs under Program Files"
  check "the Start-menu shortcut is made" [ -n "$(shortcut)" ]
  check "Apps & features lists Fidelity Workstation $version" [ "$(products)" = "Fidelity Workstation $version" ]
  wine "$installed/bin/fidelity.exe" --version >"$tmp/out" 2>&1
  check "the installed fidelity.exe runs" grep -q "fidelity $version" "$tmp/out"
  wine msiexec /i "$newer" /qn >>"$tmp/msiexec.log" 2>&1
  wineserver -w
  check "a newer MSI replaces the older one (one entry, version 99.0.0)" [ "$(products)" = "Fidelity Workstation 99.0.0" ]
  wine msiexec /x "$newer" /qn >>"$tmp/msiexec.log" 2>&1
  wineserver -w
  check "msiexec /x /qn removes the programs, the shortcut and the entry" \
    [ ! -e "$installed/bin/fidelity.exe" -a -z "$(shortcut)" -a -z "$(products)" ]
  check "uninstalling keeps the user's database" [ -f "$local_db" ]
else
  fail "msiexec /i /qn installs under Program Files" "$(cat "$tmp/msiexec.log")"
fi

echo "windows: $passed passed, $failed failed"
[ $failed -eq 0 ]
