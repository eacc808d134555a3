"""Find files under `resources/`, from a checkout or inside a frozen bundle.

Why one helper: the same code must find the harm model, lexicon, route rules,
templates and fonts whether it runs from a git checkout, an editable install,
or a PyInstaller bundle (which unpacks data under `sys._MEIPASS`).
"""
from __future__ import annotations

import sys
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


def read_toml(*parts: str) -> dict[str, Any]:
    with resource_path(*parts).open("rb") as handle:
        return tomllib.load(handle)
