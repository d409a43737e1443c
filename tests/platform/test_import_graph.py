"""The import picture has no loop: no module of cityos imports, even inside a function, one that imports
it back, so every app stands above what it uses (checkout above carts, payments and orders; payments
below carts)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import cityos

SOURCE = Path(cityos.__file__).resolve().parent


def module_of(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    modules = {module_of(path): path for path in SOURCE.rglob("*.py") if "migrations" not in path.parts}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            # ``from a.b import c`` imports module a.b.c if there is one, else the name c of a.b.
            found = next((target for target in targets if target in modules), None)
            if found is not None and found != name:
                graph[name].add(found)
    return graph


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_cityos_imports_one_that_imports_it_back() -> None:
    graph = imports()
    assert "cityos.commerce.checkout.completion" in graph, "the graph reads the source tree"
    assert loops(graph) == []
