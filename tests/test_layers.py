"""The shape of the code (issue #22), read from the imports of every module (ast), so it
stays true as features are added:

- `dialogs/` (pure rules) and `storage/` (SQL) import nothing from `bot/`;
- `bot/kit/` (what every feature shares) imports neither the pipeline nor a feature;
- `bot/pipeline/` (receipt to outbound queue) imports no feature;
- a feature (`bot/<name>/`) never imports another feature;
- no circle between packages.

Only the composition root (bot/app.py, bot/tree.py, bot/cli.py, ...) sees every feature.
Imports under `if TYPE_CHECKING:` count too: a type is a dependency.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = ("bot", "dialogs", "storage")
# bot modules that are neither the kit, nor the pipeline, nor a feature
COMPOSITION_ROOT = {"bot", "bot.__main__", "bot.app", "bot.cli", "bot.tree", "bot.context",
                    "bot.menus", "bot.commands", "bot.serving"}
SETTINGS = "bot.settings"  # read by every layer, imports no bot module


def modules() -> dict[str, set[str]]:
    """Every module of bot/, dialogs/, storage/ → the modules of those it imports."""
    found: dict[str, set[str]] = {}
    for top in TOP:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            package = name if parts[-1] == "__init__" else name.rpartition(".")[0]
            imported: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported |= {a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:  # relative: from the package, up level - 1
                        up = package.split(".")[: len(package.split(".")) - node.level + 1]
                        base = ".".join(up + ([base] if base else []))
                    imported.add(base)
                    imported |= {f"{base}.{a.name}" for a in node.names}
            found[name] = {m for m in imported if m.split(".")[0] in TOP}
    # keep only names that are modules or packages (from x import a_function → x)
    known = set(found)
    for name, imported in found.items():
        found[name] = {m if m in known else m.rpartition(".")[0] for m in imported} - {name}
    return found


def layer(module: str) -> str:
    """dialogs, storage, settings, kit, pipeline, root, or a feature's package (bot.<name>)."""
    parts = module.split(".")
    if parts[0] != "bot":
        return parts[0]
    if module == SETTINGS:
        return "settings"
    if module in COMPOSITION_ROOT:
        return "root"
    if parts[1] in ("kit", "pipeline"):
        return parts[1]
    return "bot." + parts[1]


def is_feature(name: str) -> bool:
    return name.startswith("bot.")


ALLOWED = {  # what each layer may import, besides itself
    "dialogs": set(),
    "storage": {"dialogs"},
    "settings": {"dialogs"},
    "kit": {"dialogs", "storage", "settings"},
    "pipeline": {"dialogs", "storage", "settings", "kit"},
}


def arrows() -> set[tuple[str, str, str]]:
    """(importing module, imported module, "from layer → to layer") across layers."""
    found = set()
    for module, imported in modules().items():
        for target in imported:
            a, b = layer(module), layer(target)
            if a != b:
                found.add((module, target, f"{a} → {b}"))
    return found


def test_the_layers_are_recognised() -> None:
    names = {layer(m) for m in modules()}
    assert {"dialogs", "storage", "settings", "kit", "pipeline", "root"} <= names
    features = sorted(n for n in names if is_feature(n))
    assert len(features) >= 12, features


def test_no_arrow_down_to_up() -> None:
    wrong = sorted(f"{m} imports {t} ({why})" for m, t, why in arrows()
                   if layer(m) in ALLOWED and layer(t) not in ALLOWED[layer(m)])
    assert not wrong, "\n".join(wrong)


def test_no_feature_imports_another() -> None:
    wrong = sorted(f"{m} imports {t}" for m, t, _ in arrows()
                   if is_feature(layer(m)) and is_feature(layer(t)))
    assert not wrong, "\n".join(wrong)


def test_only_the_composition_root_is_imported_by_nobody_below() -> None:
    wrong = sorted(f"{m} imports {t}" for m, t, _ in arrows()
                   if layer(t) == "root" and layer(m) != "root")
    assert not wrong, "\n".join(wrong)


def packages_graph() -> dict[str, set[str]]:
    """Package → packages it imports (bot.kit, bot.pipeline, bot.<feature>, bot.pipeline.ops,
    dialogs, storage ...): a module's package is the folder it is in."""
    graph: dict[str, set[str]] = defaultdict(set)
    known = modules()
    packages = {m for m in known if (ROOT / Path(*m.split(".")) / "__init__.py").exists()}

    def package_of(module: str) -> str:
        return module if module in packages else module.rpartition(".")[0]

    for module, imported in known.items():
        for target in imported:
            a, b = package_of(module), package_of(target)
            if a != b and not b.startswith(a + ".") and not a.startswith(b + "."):
                graph[a].add(b)
    return graph


def test_no_circle_between_packages() -> None:
    graph = packages_graph()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not circles, "\n".join(" → ".join(c) for c in circles)


def test_the_checker_sees_a_circle_and_a_feature_import() -> None:
    """The rules above are not vacuous: the graph has arrows where they are allowed."""
    found = arrows()
    assert any(is_feature(layer(m)) and layer(t) == "kit" for m, t, _ in found)
    assert any(is_feature(layer(m)) and layer(t) == "pipeline" for m, t, _ in found)
    assert any(layer(m) == "root" and is_feature(layer(t)) for m, t, _ in found)


def test_the_state_names_pure_rules_read_are_the_states_features_set() -> None:
    """dialogs/ names two features' states as strings (no aiogram there): they must agree."""
    from bot.assessment.states import Assessment
    from bot.handoff.states import Handoff
    from dialogs import intake, questionnaire

    assert Assessment.answering.state == questionnaire.ANSWERING
    assert Assessment.finished.state == questionnaire.FINISHED
    assert all(s.state.startswith(f"{intake.STATE_GROUP}:") for s in Handoff.__states__)
