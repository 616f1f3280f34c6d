"""Code versions are derived from imports: an edit anywhere a stage reaches is seen."""

import ast
import shutil

from pipeline.infra import cache
from pipeline.infra.code_closure import closure_files, import_statements, module_closure
from pipeline.infra.paths import PROJECT_ROOT


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _toy_package(root):
    _write(root / "toy" / "__init__.py", "")
    _write(root / "toy" / "stage.py", "from toy.sub import helper\n\ndef run():\n    import toy.lazy\n")
    _write(root / "toy" / "sub" / "__init__.py", "")
    _write(root / "toy" / "sub" / "helper.py", "from . import deeper\nfrom ..words import WORDS\n")
    _write(root / "toy" / "sub" / "deeper.py", 'LEXICON = "lexicon.yaml"\n')
    _write(root / "toy" / "words.py", "WORDS = []\n")
    _write(root / "toy" / "lazy.py", "")
    _write(root / "toy" / "unrelated.py", 'OTHER = "other.yaml"\n')
    _write(root / "toy" / "data" / "lexicon.yaml", "a: 1\n")
    _write(root / "toy" / "data" / "other.yaml", "b: 1\n")


def test_closure_follows_absolute_relative_and_function_level_imports(tmp_path):
    _toy_package(tmp_path)
    names = {path.relative_to(tmp_path / "toy").as_posix() for path in module_closure("toy.stage", tmp_path)}
    assert names == {"__init__.py", "stage.py", "sub/__init__.py", "sub/helper.py", "sub/deeper.py", "words.py", "lazy.py"}


def test_closure_finds_imports_nested_in_any_compound_statement(tmp_path):
    nested = """
class Stage:
    def run(self, kind):
        try:
            import toy.in_try
        except ImportError:
            import toy.in_except
        else:
            import toy.in_else
        finally:
            import toy.in_finally
        with open("x") as handle:
            if kind:
                import toy.in_if
            else:
                for _ in handle:
                    import toy.in_loop_body
        match kind:
            case "a":
                from toy import in_match
        if kind: import toy.after_colon
        kind = 1; from toy import (
            after_semicolon,
        )
        import toy.continued, \
            toy.after_backslash
"""
    _write(tmp_path / "toy" / "__init__.py", "")
    _write(tmp_path / "toy" / "stage.py", nested)
    leaves = ["in_try", "in_except", "in_else", "in_finally", "in_if", "in_loop_body", "in_match",
              "after_colon", "after_semicolon", "continued", "after_backslash"]
    for leaf in leaves:
        _write(tmp_path / "toy" / f"{leaf}.py", "")
    names = {path.stem for path in module_closure("toy.stage", tmp_path)}
    assert names == {"__init__", "stage", *leaves}


def test_the_import_scan_finds_every_import_a_full_parse_of_the_package_finds():
    for path in (PROJECT_ROOT / "pipeline").rglob("*.py"):
        source = path.read_bytes()
        parsed = [ast.dump(node) for node in ast.walk(ast.parse(source)) if isinstance(node, (ast.Import, ast.ImportFrom))]
        scanned = [ast.dump(node) for node in import_statements(source)]
        assert set(parsed) <= set(scanned), path


def test_closure_takes_the_data_files_its_modules_name_and_no_others(tmp_path):
    _toy_package(tmp_path)
    data = {path.name for path in closure_files("toy.stage", tmp_path) if path.suffix == ".yaml"}
    assert data == {"lexicon.yaml"}


def test_every_stage_reaches_the_modules_and_data_it_reads():
    package = PROJECT_ROOT / "pipeline"
    files = {stage: {path.relative_to(package).as_posix() for path in closure_files(module)} for stage, module in cache.STAGE_MODULES.items()}
    assert {"text/quote_marks.py", "data/quote_cues.yaml"} <= files["quotes"]
    assert {"nlp/events/triggers.py", "data/event_lexicon.yaml"} <= files["events"]
    assert {"data/chrome_patterns.yaml", "text/chrome.py"} <= files["clean"]
    assert "data/entities.yaml" in files["parse"]
    assert not any(name.startswith(("evaluation/", "bench/")) for names in files.values() for name in names)


def test_editing_a_module_a_stage_imports_only_indirectly_recomputes_that_stage(tmp_path, monkeypatch):
    shutil.copytree(PROJECT_ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(cache, "closure_files", lambda module: closure_files(module, tmp_path))
    cache.stage_code_version.cache_clear()
    store = tmp_path / "stages"
    with cache.StageCache(store, "mentions") as mentions:
        mentions.put_many({"article-1": ["a mention"]})
        assert mentions.get_many(["article-1"]) == {"article-1": ["a mention"]}
    versions_before = {stage: cache.stage_code_version(stage) for stage in ("mentions", "quotes", "parse")}
    # The mentions stage imports pipeline.text.normalize, which imports pipeline.text.lines.
    lines = tmp_path / "pipeline" / "text" / "lines.py"
    lines.write_text(lines.read_text() + "\n# an edit\n")
    cache.stage_code_version.cache_clear()
    try:
        assert cache.stage_code_version("mentions") != versions_before["mentions"]
        # Quotes are extracted from the article's mentions, so they are recomputed too; the
        # parse reads no text helper.
        assert cache.stage_code_version("quotes") != versions_before["quotes"]
        assert cache.stage_code_version("parse") == versions_before["parse"]
        with cache.StageCache(store, "mentions") as mentions:
            assert mentions.get_many(["article-1"]) == {}
    finally:
        cache.stage_code_version.cache_clear()
