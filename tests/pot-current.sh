#!/usr/bin/env bash
# The translators' template (installer/po/fidelity-workstation.pot) has
# every string the window marks for translation, and no string it dropped.
# Only the messages are compared: their places in the source and the date
# change with every edit. To bring it up to date:
#   cmake --build build --target pot
#   tests/pot-current.sh SOURCE_DIR
set -euo pipefail
src=${1:?SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --language=C++ --from-code=UTF-8 --keyword=_ --keyword=wxGetTranslation \
  --package-name=fidelity-workstation -o "$tmp/now.pot" "$src"/src/app/*.cpp
messages() { msgcat --no-location --no-wrap --sort-output "$1" | sed '/^"POT-Creation-Date:/d;/^"Project-Id-Version:/d'; }
if ! diff <(messages "$src/installer/po/fidelity-workstation.pot") <(messages "$tmp/now.pot") > "$tmp/diff"; then
  echo "installer/po/fidelity-workstation.pot is out of date ('<' only in the template, '>' only in the source):"
  grep '^[<>] msgid' "$tmp/diff" | head -40
  echo "Run: cmake --build build --target pot"
  exit 1
fi
echo "ok: the template has the window's $(grep -c '^msgid' "$tmp/now.pot") messages"
