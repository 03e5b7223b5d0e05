"""The README's "How it works" is the package's folder tree: every module and subpackage of extract/
has its line there."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tree() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```text\nextract/")
    return readme[start : readme.index("```", start + 8)]


def test_the_folder_tree_names_every_module_and_subpackage() -> None:
    tree = _tree()
    package = ROOT / "extract"
    modules = [p for p in package.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    folders = [p for p in package.rglob("*") if p.is_dir() and p.name != "__pycache__" and (p / "__init__.py").exists()]
    assert [str(p.relative_to(package)) for p in modules if p.name not in tree] == []
    assert [str(p.relative_to(package)) for p in folders if f"{p.name}/" not in tree] == []
