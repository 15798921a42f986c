#!/usr/bin/env bash
# Sets up and runs the Fidelity Workstation: installs the Debian packages,
# builds, and starts the program. Arguments are passed on to it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/installer/install-deps.sh"
"$top/installer/build.sh"
exec "$top/build/bin/fidelity-workstation" "$@"
