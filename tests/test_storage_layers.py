"""storage/ keeps its shape: one interface (storage/engine.py) with the two engines beside it,
neither importing the other nor the module that chooses between them; repositories see only the
interface; no module of storage/ imports the bot; and no module outside storage/ holds SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORAGE = ROOT / "storage"
ENGINES = {"storage.sqlite", "storage.postgres"}
# Modules that know the engines: the one that chooses (db) and the engines themselves.
CHOOSERS = {"storage.db"}


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def storage_modules() -> dict[str, set[str]]:
    return {f"storage.{p.stem}": imports(p) for p in STORAGE.glob("*.py")
            if p.stem != "__init__"}


def test_the_engines_stand_beside_each_other() -> None:
    modules = storage_modules()
    for engine in ENGINES:
        wrong = {m for m in modules[engine] if m in ENGINES | CHOOSERS and m != engine}
        assert not wrong, f"{engine} imports {sorted(wrong)}: an engine knows only the interface"
    assert not {m for m in modules["storage.engine"] if m.startswith(("storage.db",
                "storage.sqlite", "storage.postgres"))}, "the interface imports an engine"


def test_repositories_see_only_the_interface() -> None:
    for name, found in storage_modules().items():
        if name in ENGINES | CHOOSERS:
            continue
        wrong = sorted(m for m in found if m in ENGINES | CHOOSERS)
        assert not wrong, f"{name} imports {wrong}: import storage.engine instead"


def test_storage_never_imports_the_bot() -> None:
    for name, found in storage_modules().items():
        wrong = sorted(m for m in found if m.split(".")[0] in ("bot", "sandbox", "tests"))
        assert not wrong, f"{name} imports {wrong}"


SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b",
                 re.IGNORECASE | re.DOTALL)


def sql_in(path: Path) -> list[int]:
    """Lines of string constants (not docstrings) in `path` that read as SQL statements."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(owner.body[0].value) for owner in ast.walk(tree)
                  if isinstance(owner, ast.Module | ast.ClassDef | ast.FunctionDef
                                | ast.AsyncFunctionDef)
                  and owner.body and isinstance(owner.body[0], ast.Expr)}
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and SQL.search(node.value)]


def test_no_sql_outside_storage() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}" for folder in ("bot", "dialogs")
             for path in sorted((ROOT / folder).rglob("*.py")) for line in sql_in(path)]
    assert not found, f"SQL outside storage/ (put it in a repository there): {found}"
