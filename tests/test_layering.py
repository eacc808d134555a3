"""The package's arrows run one way: gui -> documents -> routes -> analysis -> model (store beside).

Why: with a two-way dependency, or a module reached through importlib with a
fallback, a reader cannot follow an account from the wizard to the PDF, a
type checker cannot either, and a broken package hides instead of failing.
Every import in every module (at the top or inside a function) is checked,
and importlib is allowed only for cli.py's lazy loading of one command.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "advocate_app"

# What each layer may import. "base" is the package's own small modules (errors, paths, resources).
ALLOWED: dict[str, set[str]] = {
    "base": {"base"},
    "model": {"base", "model"},
    "analysis": {"base", "model", "analysis"},
    "routes": {"base", "model", "analysis", "routes"},
    "documents": {"base", "model", "analysis", "routes", "documents"},
    "store": {"base", "model", "store"},
    "reporting": {"base", "model", "store", "reporting"},
    "gui": {"base", "model", "analysis", "routes", "documents", "store", "reporting", "gui"},
    "cli": {"base", "model", "analysis", "routes", "documents", "store", "reporting", "gui", "cli"},
}
IMPORTLIB_ALLOWED = {"cli.py"}
# store/command.py's dead case-file reader goes with the store's own clean-up (issue 15);
# this test fails once it has gone, so the exemption cannot outlive it.
IMPORTLIB_PENDING: set[str] = set()


def layer_of_module(dotted: str) -> str | None:
    """The layer of an `advocate_app...` module name, None for anything outside the package."""
    parts = dotted.split(".")
    if parts[0] != "advocate_app":
        return None
    if len(parts) == 1:
        return "base"
    if parts[1] in ("cli", "__main__"):
        return "cli"
    return parts[1] if parts[1] in ALLOWED else "base"


def layer_of_file(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return layer_of_module(".".join(("advocate_app", *rel.parts)))


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                    if node.module == "advocate_app"]
    return out


def uses_dynamic_import(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(n == "importlib" or n.startswith("importlib.") for n in names):
                return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            return True
    return False


def back_arrows(path: Path, source: str) -> list[str]:
    layer = layer_of_file(path)
    wrong = []
    for line, module in imported_modules(ast.parse(source)):
        target = layer_of_module(module)
        if target is not None and target not in ALLOWED[layer]:
            wrong.append(f"{path.relative_to(PACKAGE)}:{line} {layer} imports {module} ({target})")
    return wrong


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_no_module_imports_a_layer_above_it():
    wrong = [w for path in MODULES for w in back_arrows(path, path.read_text(encoding="utf-8"))]
    assert wrong == []


def test_importlib_only_in_cli_lazy_command_loading():
    users = {str(p.relative_to(PACKAGE)) for p in MODULES if uses_dynamic_import(ast.parse(p.read_text(encoding="utf-8")))}
    assert users - IMPORTLIB_ALLOWED - IMPORTLIB_PENDING == set()
    assert IMPORTLIB_PENDING <= users, "a pending exemption is no longer needed: remove it from IMPORTLIB_PENDING"


@pytest.mark.parametrize("where, code, bad", [
    ("analysis/x.py", "from advocate_app.routes.types import AbuseCategory", True),
    ("model/x.py", "def f():\n    from advocate_app.analysis import classify", True),
    ("store/x.py", "import advocate_app.documents.pdf", True),
    ("routes/x.py", "from advocate_app.gui.wizard import core", True),
    ("documents/x.py", "from advocate_app import cli", True),
    ("routes/x.py", "from advocate_app.analysis import classify", False),
    ("gui/x.py", "from advocate_app.documents.pdf import render_pdf", False),
    ("reporting/x.py", "from advocate_app.store.files import atomic_write_bytes", False),
    ("model/x.py", "from advocate_app.errors import UserError", False),
])
def test_the_checker_sees_back_arrows(where: str, code: str, bad: bool):
    assert bool(back_arrows(PACKAGE / where, code)) is bad


@pytest.mark.parametrize("code, dynamic", [
    ("import importlib", True), ("from importlib import import_module", True),
    ("import importlib.util", True), ("m = __import__('x')", True), ("import json", False),
])
def test_the_checker_sees_dynamic_imports(code: str, dynamic: bool):
    assert uses_dynamic_import(ast.parse(code)) is dynamic
