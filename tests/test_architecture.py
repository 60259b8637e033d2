"""The app dependency graph in docs/architecture.md is the one the code has."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "praevnav"
DOC = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
APPS = ["core", "accounts", "taxonomy", "geography", "catalogue", "api", "exchange", "planning"]
CROSS_CUTTING = {"exchange", "reporting"}


def imported_modules(app: str) -> set[str]:
    """Every ``praevnav.<x>...`` module imported anywhere in ``app`` (excluding migrations)."""
    found: set[str] = set()
    for path in (SRC / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return {m for m in found if m.startswith("praevnav.")}


def app_dependencies(app: str) -> set[str]:
    deps = {m.split(".")[1] for m in imported_modules(app)}
    return {d for d in deps if d in APPS and d != app}


def documented_dependencies() -> dict[str, set[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- dependency-table:start -->")[1].split("<!-- dependency-table:end -->")[
        0
    ]
    result = {}
    for line in table.strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        result[cells[0]] = {
            d.strip() for d in re.split(r",", cells[1]) if d.strip() not in {"", "–"}
        }
    return result


@pytest.mark.parametrize("app", APPS)
def test_app_imports_match_the_documented_graph(app):
    assert app_dependencies(app) == documented_dependencies()[app]


def test_core_imports_no_domain_app():
    assert app_dependencies("core") == set()


@pytest.mark.parametrize("app", APPS)
def test_domain_apps_import_no_cross_cutting_app_or_foreign_views(app):
    for module in imported_modules(app):
        parts = module.split(".")
        assert parts[1] not in CROSS_CUTTING or parts[1] == app, module
        if parts[1] != app:
            assert "views" not in parts[2:], module


def test_dependency_graph_has_no_cycle():
    graph = {app: app_dependencies(app) for app in APPS}
    visiting, done = set(), set()

    def visit(node, path):
        assert node not in visiting, f"cycle: {' → '.join([*path, node])}"
        if node in done:
            return
        visiting.add(node)
        for dep in graph[node]:
            visit(dep, [*path, node])
        visiting.discard(node)
        done.add(node)

    for app in APPS:
        visit(app, [])
