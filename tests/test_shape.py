"""Two rules of the code's shape (issue #22), read with ast so they stay true:

- no handler takes more than five parameters: what a feature's handlers need is bundled in its
  small context (bot/kit/context.py, or one made at the composition root, bot/context.py);
- no product file is longer than 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("bot", "dialogs", "storage")  # sandbox/ is the stand-in Bot API, a program of its own
MAX_PARAMETERS = 5
MAX_LINES = 400


def product_files() -> list[Path]:
    return sorted(p for top in PRODUCT for p in (ROOT / top).rglob("*.py"))


def handlers(tree: ast.Module) -> set[str]:
    """Names registered on a router's observer: `router.message.register(on_x, ...)`."""
    names = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "register" and node.args
                and isinstance(node.args[0], ast.Name)):
            names.add(node.args[0].id)
    return names


def test_the_rules_see_the_handlers() -> None:
    registered = sum(len(handlers(ast.parse(p.read_text(encoding="utf-8"))))
                     for p in product_files())
    assert registered >= 80, registered


def test_no_handler_takes_more_than_five_parameters() -> None:
    wrong = []
    for path in product_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        registered = handlers(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef) and \
                    node.name in registered:
                args = node.args
                count = len(args.posonlyargs + args.args + args.kwonlyargs)
                count += bool(args.vararg) + bool(args.kwarg)  # **data is not a way around
                if count > MAX_PARAMETERS:
                    wrong.append(f"{path.relative_to(ROOT)}: {node.name} takes {count}")
    assert not wrong, "\n".join(wrong)


def test_no_product_file_is_longer_than_400_lines() -> None:
    wrong = [f"{p.relative_to(ROOT)}: {n} lines" for p in product_files()
             if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not wrong, "\n".join(wrong)
