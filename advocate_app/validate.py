"""Reading one table of a data file (TOML) with checks, for every loader of `resources/`.

Why one helper: the harm model, the route rules and the report settings are
edited by people who are not programmers, so a mistake must stop the app with
one message naming the file's entry and the key, in the same words whichever
file it is. Each loader passes its own error class (HarmModelError, RuleError ...).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Entry:
    """`data` is the table; `where` names it in messages ("factor 'stigma.1'")."""

    data: Mapping[str, Any]
    where: str
    error: type[Exception]

    def fail(self, message: str) -> Exception:
        return self.error(f"{self.where}: {message}")

    def text(self, key: str) -> str:
        """Required, non-empty text, stripped."""
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' is missing or empty")
        return value.strip()

    def optional_text(self, key: str) -> str:
        """Text if present ("" if not), stripped."""
        value = self.data.get(key, "")
        if not isinstance(value, str):
            raise self.fail(f"'{key}' must be text")
        return value.strip()

    def whole_number(self, key: str, required: bool = True) -> int | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"'{key}' must be a whole number")
        return value

    def text_list(self, key: str) -> list[str]:
        """A list of non-empty text ([] if absent), each stripped."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"'{key}' must be a list of text")
        return [v.strip() for v in value]

    def only_keys(self, allowed: Iterable[str]) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.fail(f"unknown keys {unknown}")


def new_id(entry: Any, table: str, kind: str, seen: set[str], error: type[Exception]) -> str:
    """The `id` of one `[[table]]` entry, refused when missing or seen before (then remembered)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise error(f"a [[{table}]] entry has no 'id'")
    item_id = entry["id"]
    if item_id in seen:
        raise error(f"{kind} '{item_id}' appears more than once")
    seen.add(item_id)
    return item_id
