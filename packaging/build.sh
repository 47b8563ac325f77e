#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the one-folder app with PyInstaller, then a reproducible .tar.gz and SHA256SUMS beside it.
# Called by `./dev package` (after setup). Output: dist/bayyina/ and dist/bayyina-VERSION-OS-ARCH.tar.gz
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
DIST="${BAYYINA_DIST:-$ROOT/dist}"
WORK="${BAYYINA_BUILD:-$ROOT/build/pyinstaller}"
VERSION="$("$PY" -c 'import app; print(app.__version__)')"
OS="$(uname -s | tr '[:upper:]' '[:lower:]')"
ARCH="$(uname -m)"

# libheif (pillow-heif) links the 20 MB x265 HEVC *encoder*; Bayyina only decodes HEIC (libde265).
# Build a two-symbol stand-in with the same soname; the spec swaps it in (packaging/README.md).
SITE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
X265_SONAME="$(find "$SITE" -path '*pillow_heif.libs/libx265-*.so*' -printf '%f\n' | head -1)"
if [ -n "$X265_SONAME" ] && command -v gcc >/dev/null 2>&1; then
  mkdir -p "$WORK"
  gcc -shared -fPIC -O2 -Wl,-soname,"$X265_SONAME" -o "$WORK/$X265_SONAME" packaging/stubs/x265stub.c
  export BAYYINA_X265_STUB="$WORK/$X265_SONAME"
fi

# Qt's ICU data (32 MB, every locale) -> root, Arabic and English (4.6 MB), same soname and symbol.
ICUDATA="$(find "$SITE" -path '*PySide6/Qt/lib/libicudata.so.*' | head -1)"
if [ -n "$ICUDATA" ] && command -v gcc >/dev/null 2>&1; then
  "$PY" packaging/icu_slim.py "$ICUDATA" "$WORK/icu"
  export BAYYINA_ICUDATA="$WORK/icu/$(basename "$ICUDATA")"
fi

# The catalogs are not in git: compile the stale ones (./dev's own step), a build must never ship
# without them (checked again below, in the build).
"$ROOT/dev" catalogs

export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}"
export PYTHONHASHSEED=0
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" \
  packaging/pyinstaller/bayyina.spec

APP="$DIST/bayyina"
# On Linux one launcher serves both names (the spec builds one; each launcher would carry its own
# copy of the 6 MB Python archive): the entry point picks the CLI when started as bayyina-cli.
if [ ! -e "$APP/bayyina-cli" ]; then ln -s bayyina "$APP/bayyina-cli"; fi
cp packaging/linux/bayyina.desktop packaging/linux/install-user.sh "$APP/"
cp resources/icons/bayyina.png "$APP/bayyina.png"
for must in PySide6/Qt/translations/qtbase_ar.qm i18n/ar/LC_MESSAGES/messages.mo \
            i18n/en/LC_MESSAGES/messages.mo; do
  test -f "$APP/_internal/$must" || { echo "$must missing from the build" >&2; exit 1; }
done

TARBALL="bayyina-$VERSION-$OS-$ARCH.tar.gz"
( cd "$DIST" && tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -cf - bayyina | gzip -n -9 > "$TARBALL" && sha256sum "$TARBALL" > SHA256SUMS )
du -sm "$APP" | awk '{print "unpacked: " $1 " MB"}'
ls -l "$DIST/$TARBALL" | awk '{printf "tarball: %.1f MB\n", $5/1e6}'
cat "$DIST/SHA256SUMS"
