"""The optional compiled build (setup.py) names modules that exist; src stays pure Python."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _compiled() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    found = next(n.value for n in tree.body if isinstance(n, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in n.targets))
    value = ast.literal_eval(found)
    assert isinstance(value, list)
    return value


def test_every_compiled_module_is_an_extraction_module() -> None:
    names = _compiled()
    assert names and len(set(names)) == len(names)
    assert all((ROOT / "src" / "zhibiao" / "extract" / f"{n}.py").is_file() for n in names)


def test_the_source_tree_holds_no_compiled_module() -> None:
    # a .so beside a .py shadows it: an edit to the .py would silently do nothing
    assert not list((ROOT / "src" / "zhibiao").rglob("*.so"))
