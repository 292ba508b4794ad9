"""Measure the tree against the layering rules of the README (issue #21).

Prints, for the project's own packages (app, index, ingest, ui, eval, bench):
- modules over 300 lines and functions over 60 lines;
- import cycles between the project's modules (module-level and function-level imports both
  count: a cycle hidden inside a function is still a cycle);
- imports that run back up the layers (ingest -> index, index -> ui, ...);
- function-level imports of the project's own modules.

`python tools/architecture.py` prints the findings; `--strict` exits 1 when any rule is broken.
tests/test_architecture.py runs the same checks.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "index", "ui", "eval", "service")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60
# Lower layers may not import higher ones. ingest is the bottom; index builds on ingest only
# through its build pipeline (index/build), which is allowed to parse; ui/eval/service sit on top.
LAYER = {"ingest": 0, "index": 1, "service": 2, "eval": 2, "ui": 2, "app": 3}


def _files() -> list[Path]:
    files = [ROOT / "app.py"] if (ROOT / "app.py").exists() else []
    for pkg in PACKAGES:
        if (ROOT / pkg).is_dir():
            files += sorted((ROOT / pkg).rglob("*.py"))
    return files


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(module: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_pkg else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _own(name: str, known: set[str]) -> str | None:
    """The longest known project module that `name` names (or lies inside)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def scan() -> dict:
    files = _files()
    modules = {_module_name(p): p for p in files}
    known = set(modules)
    edges: dict[str, set[str]] = defaultdict(set)
    inner_imports: list[str] = []
    long_modules: list[str] = []
    long_functions: list[str] = []
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n") + (not source.endswith("\n"))
        if lines > MAX_MODULE_LINES:
            long_modules.append(f"{path.relative_to(ROOT)}: {lines} lines")
        tree = ast.parse(source)
        is_pkg = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines")
        function_nodes = {id(n) for f in ast.walk(tree)
                          if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                          for n in ast.walk(f) if n is not f}
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_pkg, node)
                targets = [f"{base}.{a.name}" for a in node.names] or [base]
            for target in targets:
                own = _own(target, known)
                if own is None or own == name:
                    continue
                if name.startswith(own + ".") or own == name.split(".")[0] and is_pkg:
                    # a package importing its own parent package (e.g. `from index import x`
                    # inside index/sub/mod.py) is an edge to the parent __init__
                    pass
                edges[name].add(own)
                if id(node) in function_nodes:
                    inner_imports.append(f"{path.relative_to(ROOT)}:{node.lineno} -> {own}")
    return {"modules": modules, "edges": edges, "inner": inner_imports,
            "long_modules": long_modules, "long_functions": long_functions}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(edges):
        if v not in index:
            visit(v)
    return found


def _is_parent_init(src: str, dst: str) -> bool:
    """`index.search.answer` -> `index` (its package's public names) is not a cycle we count:
    a package __init__ re-exporting its children is how Python packages are built."""
    return src.startswith(dst + ".")


def upward(edges: dict[str, set[str]]) -> list[str]:
    bad = []
    for src, dsts in edges.items():
        for dst in dsts:
            a, b = src.split(".")[0], dst.split(".")[0]
            if a == "index" and src.startswith("index.build") and b == "ingest":
                continue
            if LAYER.get(b, -1) > LAYER.get(a, -1) or (a == "ingest" and b == "index"):
                bad.append(f"{src} -> {dst}")
    return sorted(bad)


def report() -> dict:
    found = scan()
    graph = {s: {d for d in ds if not _is_parent_init(s, d)} for s, ds in found["edges"].items()}
    return {"cycles": cycles(graph), "upward": upward(found["edges"]),
            "long_modules": found["long_modules"], "long_functions": found["long_functions"],
            "inner_imports": found["inner"]}


def main(argv: list[str]) -> int:
    result = report()
    broken = 0
    for key in ("cycles", "upward", "long_modules", "long_functions", "inner_imports"):
        items = result[key]
        print(f"{key}: {len(items)}")
        for item in items:
            print(f"  {item}")
        if key != "inner_imports":
            broken += len(items)
    return 1 if broken and "--strict" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
