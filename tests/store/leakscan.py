"""Find a marker in bytes however it might leak: plain, UTF-16, or zlib/gzip/raw-deflate compressed."""
from __future__ import annotations

import zlib
from pathlib import Path

_ZLIB_SECOND = {0x01, 0x5E, 0x9C, 0xDA}


def _inflate(data: bytes | memoryview, wbits: int, limit: int = 1 << 20) -> bytes:
    try:
        return zlib.decompressobj(wbits).decompress(data, limit)
    except zlib.error:
        return b""


def forms(marker: str) -> dict[str, bytes]:
    return {
        "utf-8": marker.encode("utf-8"),
        "utf-16-le": marker.encode("utf-16-le"),
        "utf-16-be": marker.encode("utf-16-be"),
    }


def _plain_hit(data: bytes, needles: dict[str, bytes]) -> str | None:
    for name, needle in needles.items():
        if needle in data:
            return name
    return None


def find_marker(data: bytes, marker: str, *, raw_deflate: bool = True) -> str | None:
    """Which form the marker was found in, or None."""
    needles = forms(marker)
    hit = _plain_hit(data, needles)
    if hit:
        return hit
    for i in range(len(data) - 1):
        first, second = data[i], data[i + 1]
        if first == 0x78 and second in _ZLIB_SECOND:
            hit = _plain_hit(_inflate(memoryview(data)[i:], 15), needles)
            if hit:
                return f"zlib/{hit}"
        elif first == 0x1F and second == 0x8B:
            hit = _plain_hit(_inflate(memoryview(data)[i:], 31), needles)
            if hit:
                return f"gzip/{hit}"
    if raw_deflate:
        view = memoryview(data)
        for i in range(len(data)):
            out = _inflate(view[i:i + 262144], -15, 1 << 18)
            if len(out) >= len(needles["utf-8"]):
                hit = _plain_hit(out, needles)
                if hit:
                    return f"deflate/{hit}"
    return None


def scan_tree(roots: list[Path], marker: str) -> dict[str, str]:
    """Every file under `roots` holding the marker, with the form it was found in."""
    found: dict[str, str] = {}
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            hit = find_marker(path.read_bytes(), marker)
            if hit:
                found[str(path)] = hit
    return found
