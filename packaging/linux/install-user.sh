#!/bin/sh
# Install Bayyina for this user only, without admin rights: run from the unpacked folder.
#   ./install-user.sh            installs into ~/.local/opt/bayyina and adds a menu entry
set -eu
SRC="$(cd "$(dirname "$0")" && pwd)"
DEST="${XDG_DATA_HOME:-$HOME/.local/share}/../opt/bayyina"
mkdir -p "$DEST" "${XDG_DATA_HOME:-$HOME/.local/share}/applications"
DEST="$(cd "$DEST" && pwd)"
if [ "$SRC" != "$DEST" ]; then cp -R "$SRC/." "$DEST/"; fi
sed "s|@PREFIX@|$DEST|g" "$SRC/bayyina.desktop" \
  > "${XDG_DATA_HOME:-$HOME/.local/share}/applications/bayyina.desktop"
echo "Installed in $DEST"
