#!/usr/bin/env bash
# Install the Debian 12 packages SPCP needs.
#
#   scripts/system-deps.sh          # run the app: venv, gettext, WeasyPrint libs, fonts, poppler
#   scripts/system-deps.sh --test   # also PostgreSQL 15 server and Chromium (for the test suite)
#
# A no-op (no apt at all) when everything is already installed. As root it installs what is
# missing; as a normal user it prints the sudo command to run and fails if anything is missing.
set -euo pipefail

packages=(
    python3-venv
    gettext                 # msgfmt, for `manage.py compilemessages`
    libpango-1.0-0          # WeasyPrint
    libpangoft2-1.0-0       # WeasyPrint
    libharfbuzz-subset0     # WeasyPrint (font subsetting)
    fonts-noto-core         # Latin incl. Vietnamese, Arabic script (Farsi), Devanagari (Hindi)
    fonts-noto-cjk          # Traditional Chinese, Hangul
    poppler-utils           # pdftotext / pdfinfo
)

for arg in "$@"; do
    case "$arg" in
        --test) packages+=(postgresql-15 chromium) ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "system-deps.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "Installing system packages: ${missing[*]}"
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
