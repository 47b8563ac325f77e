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

SITE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"

# Encoders that wheels link but Bayyina never opens are replaced by small stand-ins with the same
# soname (packaging/README.md, Size; the spec swaps them in): libheif (pillow-heif) and PyAV's
# libavcodec each link the 20 MB x265 HEVC encoder (Bayyina decodes HEIC with libde265), and
# libavcodec links SVT-AV1 (7 MB), x264 and LAME (recordings are remuxed, never re-encoded).
# Each stand-in exports exactly the symbols its users import and fails when called.
STUBS="$WORK/stubs"
if command -v gcc >/dev/null 2>&1; then
  mkdir -p "$STUBS"
  stub() {  # stub SOURCE PATTERN...: one stand-in per soname found
    local src="$1"; shift
    for pat in "$@"; do
      for soname in $(find "$SITE" -path "$pat" -printf '%f\n' | LC_ALL=C sort); do
        local map=(); [ -f "packaging/stubs/${src%.c}.map" ] &&
          map=("-Wl,--version-script=packaging/stubs/${src%.c}.map")  # versioned symbols
        gcc -shared -fPIC -O2 "${map[@]}" -Wl,-soname,"$soname" -o "$STUBS/$soname" \
          "packaging/stubs/$src"
      done
    done
  }
  stub x265stub.c '*pillow_heif.libs/libx265-*.so*' '*av.libs/libx265-*.so*'
  stub svtav1stub.c '*av.libs/libSvtAv1Enc-*.so*'
  stub x264stub.c '*av.libs/libx264-*.so*'
  stub lamestub.c '*av.libs/libmp3lame-*.so*'
  # libavformat's TLS (GnuTLS with nettle, gmp, libunistring: 5.5 MB): Bayyina opens no URL
  stub gnutlsstub.c '*av.libs/libgnutls-*.so*'
  export BAYYINA_STUBS="$STUBS"
fi

# Qt's ICU data (32 MB, every locale) -> root, Arabic and English (4.6 MB), same soname and symbol.
ICUDATA="$(find "$SITE" -path '*PySide6/Qt/lib/libicudata.so.*' | head -1)"
if [ -n "$ICUDATA" ] && command -v gcc >/dev/null 2>&1; then
  "$PY" packaging/icu_slim.py "$ICUDATA" "$WORK/icu"
  export BAYYINA_ICUDATA="$WORK/icu/$(basename "$ICUDATA")"
fi

# Tesseract's trained data (ara, eng) ships inside the app (the spec copies it to
# resources/tessdata): from the folder ./dev's APT packages install. No data, no build.
TESSDATA_SRC="${BAYYINA_TESSDATA_SRC:-}"
if [ -z "$TESSDATA_SRC" ]; then
  for d in $(ls -d /usr/share/tesseract-ocr/*/tessdata 2>/dev/null | sort -r); do
    if [ -f "$d/ara.traineddata" ] && [ -f "$d/eng.traineddata" ]; then TESSDATA_SRC="$d"; break; fi
  done
fi
for lang in ara eng; do
  test -f "$TESSDATA_SRC/$lang.traineddata" || {
    echo "Tesseract trained data $lang.traineddata not found (${TESSDATA_SRC:-/usr/share/tesseract-ocr/*/tessdata}):" \
         "install tesseract-ocr-ara and tesseract-ocr-eng (./dev setup), or set BAYYINA_TESSDATA_SRC" >&2
    exit 1; }
done
export BAYYINA_TESSDATA_SRC="$TESSDATA_SRC"

# The catalogs are not in git: compile the stale ones (./dev's own step), a build must never ship
# without them (checked again below, in the build).
"$ROOT/dev" catalogs

export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}"
export PYTHONHASHSEED=0
# PyInstaller's cache (stripped binaries) of this build only: --clean empties it anyway, and a
# cache shared under ~/.cache was corrupted by two builds at once (a test worker and a
# developer's build), failing every later build with "bincache may be corrupted".
export PYINSTALLER_CONFIG_DIR="$WORK/pyinstaller-cache"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" \
  packaging/pyinstaller/bayyina.spec

APP="$DIST/bayyina"
# On Linux one launcher serves both names (the spec builds one; each launcher would carry its own
# copy of the 6 MB Python archive): the entry point picks the CLI when started as bayyina-cli.
if [ ! -e "$APP/bayyina-cli" ]; then ln -s bayyina "$APP/bayyina-cli"; fi
cp packaging/linux/bayyina.desktop packaging/linux/install-user.sh "$APP/"
cp resources/icons/bayyina.png "$APP/bayyina.png"
for must in PySide6/Qt/translations/qtbase_ar.qm i18n/ar/LC_MESSAGES/messages.mo \
            i18n/en/LC_MESSAGES/messages.mo resources/tessdata/ara.traineddata \
            resources/tessdata/eng.traineddata; do
  test -f "$APP/_internal/$must" || { echo "$must missing from the build" >&2; exit 1; }
done

# GNU strip leaves numpy's OpenBLAS unloadable (a segment's offset off its page): the wheel's copy
# goes back. Libraries an old patchelf padded to 2 MiB file offsets (tesserocr's and pikepdf's
# wheels: 23 MB of zeros) are compacted in place; addresses unchanged (packaging/elf_compact.py).
find "$APP/_internal" -name '*.so*' -type f | LC_ALL=C sort |
  xargs "$PY" packaging/elf_compact.py --restore-from "$SITE" "$APP/_internal"

TARBALL="bayyina-$VERSION-$OS-$ARCH.tar.gz"
( cd "$DIST" && tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -cf - bayyina | gzip -n -9 > "$TARBALL" && sha256sum "$TARBALL" > SHA256SUMS )
du -sm "$APP" | awk '{print "unpacked: " $1 " MB"}'
ls -l "$DIST/$TARBALL" | awk '{printf "tarball: %.1f MB\n", $5/1e6}'
cat "$DIST/SHA256SUMS"
"$PY" packaging/size_report.py "$APP"   # what each dependency adds (packaging/README.md)
