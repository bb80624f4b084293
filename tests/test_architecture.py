"""The package's layout and the direction of its imports (DESIGN.md, "Layout"): cli -> doors
(template, policy, container) -> formats, with errors, bundled and vcs beneath them all."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import REPO

PACKAGE = REPO / "src" / "mlrepo"
BASE = {"mlrepo", "mlrepo.errors", "mlrepo.bundled", "mlrepo.vcs"}
DOORS = ("mlrepo.template", "mlrepo.policy", "mlrepo.container", "mlrepo.fleet")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _nearest(target: str) -> str | None:
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def _imports(name: str) -> set[str]:
    """Every mlrepo module `name` imports anywhere (top level, in functions, type-only)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(_nearest(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:  # `from m import x`: the module m.x if there is one, else m
                found.add(_nearest(f"{base}.{alias.name}"))
    return {target for target in found if target and target != name}


GRAPH = {name: _imports(name) for name in MODULES}


def _layer(name: str) -> str:
    if name in BASE:
        return "base"
    if name == "mlrepo.__main__":
        return "cli"
    for prefix in ("mlrepo.cli", "mlrepo.formats", *DOORS):
        if name == prefix or name.startswith(prefix + "."):
            return "door" if prefix in DOORS else prefix.rpartition(".")[2]
    raise AssertionError(f"{name} sits outside the layout (cli/, a door, formats/ or the base)")


def test_the_package_follows_the_layout():
    folders = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*") if p.is_dir()}
    assert {"cli", "template", "policy", "policy/checks", "formats", "formats/codeowners",
            "container"} <= folders  # fmt: skip
    for name in MODULES:
        _layer(name)


def test_no_import_circles():
    def visit(name: str, path: list[str]) -> None:
        for target in GRAPH[name]:
            if target in path:
                cycle = " -> ".join([*path[path.index(target) :], target])
                pytest.fail(f"import circle: {cycle}")
            if target not in done:
                visit(target, [*path, target])
        done.add(name)

    done: set[str] = set()
    for name in sorted(MODULES):
        visit(name, [name])


ALLOWED = {
    "base": {"base"},
    "formats": {"base", "formats"},
    "door": {"base", "formats", "door"},
    "cli": {"base", "formats", "door", "cli"},
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_from_cli_to_the_doors_to_the_formats(name):
    wrong = {t for t in GRAPH[name] if _layer(t) not in ALLOWED[_layer(name)]}
    assert not wrong, f"{name} ({_layer(name)}) imports {sorted(wrong)}"


def test_the_graph_sees_function_level_imports():
    """The walk must see lazy imports, or it would miss most of the edges that matter."""
    assert "mlrepo.template.generate" in GRAPH["mlrepo.cli.new"]
    assert "mlrepo.formats.codeowners.batch" in GRAPH["mlrepo.formats.codeowners.matcher"]
