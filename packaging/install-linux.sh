#!/usr/bin/env bash
# Install a built Linux bundle for the current user, with a menu entry and icon.
# Usage: packaging/install-linux.sh [BUNDLE_DIR]   (default: dist/advocate-app)
# Nothing needs root: the app goes to ~/.local/opt, the launcher to ~/.local/bin,
# the menu entry and icons to ~/.local/share. Cases are never touched.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bundle="${1:-$here/dist/advocate-app}"
[ -x "$bundle/advocate-app" ] || { echo "No bundle at $bundle: run packaging/build.sh first." >&2; exit 2; }
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/advocate-app"
mkdir -p "$opt" "$HOME/.local/bin" "$prefix/applications" "$prefix/metainfo"
rm -rf "$opt" && cp -a "$bundle" "$opt"
ln -sf "$opt/advocate-app" "$HOME/.local/bin/advocate-app"
id=uk.org.advocateapp.Advocate
sed "s|^Exec=.*|Exec=$opt/advocate-app|" "$here/resources/desktop/$id.desktop" > "$prefix/applications/$id.desktop"
cp "$here/resources/desktop/$id.metainfo.xml" "$prefix/metainfo/"
for size in 16 24 32 48 64 128 256 512; do
  dir="$prefix/icons/hicolor/${size}x${size}/apps"; mkdir -p "$dir"
  cp "$here/resources/icons/advocate-app-$size.png" "$dir/$id.png"
done
mkdir -p "$prefix/icons/hicolor/scalable/apps"
cp "$here/resources/icons/advocate-app.svg" "$prefix/icons/hicolor/scalable/apps/$id.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/applications" || true
echo "Installed. Start Advocate from your applications menu, or run: advocate-app"
