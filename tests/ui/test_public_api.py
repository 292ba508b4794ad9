"""ui/, service/, eval/ and app.py use only the public names of index and ingest (read from the source's
AST, nothing imported), and index's public API stays narrow."""

import ast
from pathlib import Path

import index
import ingest

REPO = Path(__file__).resolve().parents[2]
CALLERS = sorted(
    [*(REPO / "ui").rglob("*.py"), *(REPO / "service").rglob("*.py"), *(REPO / "eval").rglob("*.py"), REPO / "app.py"]
)

# Deep imports that stay, each for a reason; anything else outside `from index import …` /
# `from ingest import …` fails.
ALLOWED: dict[tuple[str, str], str] = {
    ("service/uploads.py", "ingest.readers.docx"): "a .zip upload's members get the .docx reader's expansion caps",
}
PUBLIC = {"index": set(index.__all__), "ingest": set(ingest.__all__)}


def project_imports(path: Path):
    """(module, names) of every import of index or ingest in a file, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            node_modules = [a.name for a in node.names]
            yield from ((m, []) for m in node_modules)
            continue
        else:
            continue
        yield node.module, names


def test_callers_import_only_public_names():
    assert len(CALLERS) > 15  # the walk found the packages
    bad = []
    for path in CALLERS:
        rel = path.relative_to(REPO).as_posix()
        for module, names in project_imports(path):
            top = module.split(".")[0]
            if top not in PUBLIC:
                continue
            if module == top:
                bad += [f"{rel}: from {module} import {n}" for n in names if n not in PUBLIC[top]]
            elif (rel, module) not in ALLOWED:
                bad.append(f"{rel}: {module}")
    assert bad == []


def test_index_exports_a_narrow_api_and_every_name_resolves():
    core = {"Searcher", "Filters", "Hit", "Measure", "Answer", "CompareRow", "IndexLoadError"}
    core |= {"build_index", "repair_index", "load_embedder", "DEFAULT_INDEX_DIR"}
    assert core <= set(index.__all__) and len(index.__all__) <= 22  # 19, then problem_categories + CATEGORIES (#23), summarize (#24)
    assert all(getattr(index, name) is not None for name in index.__all__)
