"""Code versions derived from what a module really uses: its import closure inside the
package and the data files those modules name.

A hand-kept list of the files a stage depends on goes stale the day a stage starts to import
one more module, and then an edit serves old results. Reading the imports from the source
cannot go stale. Modules outside the package (spaCy, pandas) are versioned by the lock file.
"""

import ast
import functools
import hashlib
import re
from pathlib import Path

from pipeline.infra.paths import PROJECT_ROOT

DATA_FOLDER = "data"


def _module_file(name: str, root: Path) -> Path | None:
    base = root.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported_names(path: Path, module: str) -> frozenset[str]:
    """Every absolute module name an import statement in `path` may name, including names
    imported from a package (which may be submodules) and imports inside functions."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return _names_imported_by(path.read_bytes(), package)


# An import statement at the start of a line (indented or not) or after a colon or
# semicolon ("try: import x"), with its continuation: a parenthesised list of names, or
# lines ended by a backslash. Deriving the code versions of the seven stages and of the
# whole package takes a third of the time it took with every module parsed whole. Text
# in a docstring that reads as an import only adds a file to a closure, which recomputes
# more, never less; that every import the package makes is found is tested against a
# full parse.
_IMPORT_STATEMENT = re.compile(
    rb"(?:^|(?<=[:;]))[ \t]*(?:from[ \t]+[.\w]+[ \t]+import[ \t]*(?:\([^)]*\)|[^\n]*(?:\\\n[^\n]*)*)|import[ \t]+[^\n]*(?:\\\n[^\n]*)*)",
    re.MULTILINE,
)


def import_statements(source: bytes) -> list[ast.Import | ast.ImportFrom]:
    statements = []
    for match in _IMPORT_STATEMENT.finditer(source):
        try:
            statements += ast.parse(match.group().strip()).body
        except SyntaxError:  # prose in a docstring ("import them from the feed")
            continue
    return [node for node in statements if isinstance(node, (ast.Import, ast.ImportFrom))]


# Keyed by the source's bytes, so an edited file is read again.
@functools.cache
def _names_imported_by(source: bytes, package: str) -> frozenset[str]:
    names: set[str] = set()
    for node in import_statements(source):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        else:
            parts = package.split(".")
            base_parts = parts[: len(parts) - node.level + 1] if node.level else []
            base = ".".join([*base_parts, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(names)


def _with_parent_packages(name: str) -> list[str]:
    """Importing a.b.c runs a/__init__.py and a/b/__init__.py first."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts) + 1)]


def module_closure(module: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """The source files of `module` and of every module of its package it imports, directly
    or through others."""
    package = module.split(".")[0]
    seen: dict[str, Path] = {}
    pending = [module]
    while pending:
        for name in _with_parent_packages(pending.pop()):
            path = None if name in seen else _module_file(name, root)
            if path is None:
                continue
            seen[name] = path
            pending.extend(imported for imported in _imported_names(path, name) if imported.split(".")[0] == package)
    return sorted(set(seen.values()))


def data_files_named(sources: list[Path], data_folder: Path) -> list[Path]:
    """The data files whose name appears in any of the sources: how the package reads them
    (`"chrome_patterns.yaml"`, `parent / "data" / "entities.yaml"`, `"data/event_lexicon.yaml"`)."""
    texts = [path.read_text("utf-8") for path in sources]
    return sorted(
        path for path in data_folder.rglob("*") if path.is_file() and any(path.name in text for text in texts)
    )


def closure_files(module: str, root: Path = PROJECT_ROOT) -> tuple[Path, ...]:
    sources = module_closure(module, root)
    data_folder = root / module.split(".")[0] / DATA_FOLDER
    return tuple(sources + data_files_named(sources, data_folder)) if data_folder.is_dir() else tuple(sources)


def files_digest(paths: list[Path] | tuple[Path, ...], root: Path) -> str:
    """sha256 over each file's path (relative to root) and bytes."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
