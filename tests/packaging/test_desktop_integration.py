"""Desktop integration files: valid metadata, a launcher entry and icons at every size."""
from __future__ import annotations

import configparser
import subprocess
from pathlib import Path

import pytest

from advocate_app.resources import resource_path
from tests.tools import require_tool

APP_ID = "uk.org.advocateapp.Advocate"


def test_appstream_metainfo_validates():
    appstreamcli = require_tool("appstreamcli", "appstream")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(resource_path("desktop", f"{APP_ID}.metainfo.xml"))],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_launches_the_app_with_its_icon():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(resource_path("desktop", f"{APP_ID}.desktop"), encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "advocate-app"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_icons_exist_in_svg_and_every_png_size():
    from PySide6.QtGui import QImage

    assert "<svg" in resource_path("icons", "advocate-app.svg").read_text()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(resource_path("icons", f"advocate-app-{size}.png")))
        assert (image.width(), image.height()) == (size, size)


def test_resources_are_found_inside_a_frozen_bundle(monkeypatch, tmp_path: Path):
    import sys

    from advocate_app import resources

    (tmp_path / "resources").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    resources.resources_dir.cache_clear()
    try:
        assert resources.resource_path("x.toml") == tmp_path / "resources" / "x.toml"
    finally:
        monkeypatch.delattr(sys, "_MEIPASS")
        resources.resources_dir.cache_clear()
