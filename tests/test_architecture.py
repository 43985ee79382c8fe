"""The package's shape: no import cycles between its modules.

Every ``import`` statement counts, inside functions too (an import inside a
function only hides a cycle until that function runs).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "jekyll_book"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules]
                targets = subs if len(subs) == len(node.names) else [target, *subs]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_detector_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_graph_sees_relative_imports() -> None:
    graph = import_graph()
    assert "jekyll_book.jekyll.frontmatter" in graph["jekyll_book.cli.check"]
    assert "jekyll_book.safety.html" in graph["jekyll_book.safety"]


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


#: layers and the packages their modules may import beside the standard library
PURE_LAYERS = {"jekyll_book.jekyll": ("yaml", "jekyll_book.jekyll")}
#: imports inside functions: only the speed layer's guarded replacements (an
#: upstream private is imported when its record is installed, never at import
#: time) and the Korean morphology model (loaded only when a search index is made)
LAZY_IMPORTS = {"jekyll_book.speed": "*", "jekyll_book.search_ko.analyser": {"kiwipiepy"}}


def _imports(path: Path) -> list[tuple[ast.AST, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level:
            found.append((node, node.module or ""))
        elif isinstance(node, ast.Import):
            found += [(node, alias.name) for alias in node.names]
    return found


def test_the_jekyll_model_is_pure() -> None:
    """The Jekyll model imports neither Sphinx nor docutils: it is table-tested
    on its own and shared with the command line."""
    stdlib = sys.stdlib_module_names
    bad = []
    for name, path in _modules().items():
        for layer, allowed in PURE_LAYERS.items():
            if name == layer or name.startswith(layer + "."):
                for _, module in _imports(path):
                    top = module.split(".")[0]
                    if top not in stdlib and top != "__future__" and not module.startswith(allowed):
                        bad.append(f"{name} imports {module}")
    assert bad == []
    assert any(n.startswith("jekyll_book.jekyll.") for n in _modules())


def test_no_imports_inside_functions() -> None:
    """Dependencies are visible at the top of each module (the import graph
    above is then the one that runs), except the documented lazy ones."""
    bad = []
    for name, path in _modules().items():
        allowed = next(
            (v for k, v in LAZY_IMPORTS.items() if name == k or name.startswith(k + ".")), set()
        )
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    modules = (
                        [a.name for a in node.names]
                        if isinstance(node, ast.Import)
                        else [node.module or ""]
                    )
                    if allowed != "*" and not all(m.split(".")[0] in allowed for m in modules):
                        bad.append(f"{name}.{fn.name}: {ast.unparse(node)}")
    assert bad == []


def test_no_module_keeps_a_mutable_registry() -> None:
    """Wiring is explicit: no module-level list or dict that setup() functions
    append to (the order of a registry would be the order of setup calls)."""
    bad = []
    for name, path in _modules().items():
        if name.startswith("jekyll_book.speed."):
            continue  # process state by nature: what a patch replaced, per-class caches
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            targets = (
                (node.targets if isinstance(node, ast.Assign) else [node.target]) if value else []
            )
            if isinstance(value, (ast.List, ast.Dict)) and not (
                value.elts if isinstance(value, ast.List) else value.keys
            ):
                bad += [f"{name}.{ast.unparse(t)}" for t in targets]
    assert bad == []
