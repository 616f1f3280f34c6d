"""The manifest of a version: what went in, what came out, and how it was checked."""

import json
from pathlib import Path

import pandas as pd

from pipeline.publish.schema import SCHEMA_VERSION
from pipeline.validation.quarantine import rule_reasons


def source_entries(
    raw_articles: pd.DataFrame,
    cleaned_articles: pd.DataFrame,
    published_ids: set[str],
    later_rejects: dict[str, str],
) -> list[dict]:
    """Where every source file went: a published article, or rejected with the reason:
    ingest's, clean's, or that of a later stage that failed on the article
    (`later_rejects`, {article_id: reason})."""
    # pandas marks a missing string as NaN, not None: read reasons through notna().
    clean_rejects = cleaned_articles[cleaned_articles["reject_reason"].notna()]
    clean_reasons = dict(zip(clean_rejects["article_id"], clean_rejects["reject_reason"]))
    entries = []
    for source in raw_articles.sort_values("source_path").to_dict("records"):
        ingest_reason = source["reject_reason"] if pd.notna(source["reject_reason"]) else None
        reason = ingest_reason or clean_reasons.get(source["article_id"]) or later_rejects.get(source["article_id"])
        published = ingest_reason is None and source["article_id"] in published_ids
        entries.append(
            {
                "source_path": source["source_path"],
                "sha256": source["content_sha256"],
                "bytes": int(source["size_bytes"]),
                "encoding": source["encoding"] if pd.notna(source["encoding"]) else None,
                "status": "article" if published else "rejected",
                "article_id": source["article_id"] if published else None,
                "reason": None if published else (reason or "not published"),
            }
        )
    return entries


def draft_manifest(
    version: str,
    previous_version: str | None,
    code_version: str,
    input_fingerprint: str,
    fingerprint: str,
    tables: dict[str, dict],
    sources: list[dict],
    quarantine: dict[str, dict[str, int]],
) -> dict:
    """The manifest before publishing (`created_at` and `validation` are set then).
    `quarantine` is {table: {rule: rows taken out}} (pipeline/validation/quarantine.py);
    `quarantine_rules` says why each rule that took rows out exists."""
    fired = sorted({rule for counts in quarantine.values() for rule in counts})
    return {
        "version": version,
        "created_at": None,
        "previous_version": previous_version,
        "schema_version": SCHEMA_VERSION,
        "code_version": code_version,
        "input_fingerprint": input_fingerprint,
        "dataset_fingerprint": fingerprint,
        "tables": tables,
        "sources": sources,
        "rejects": [{"source_path": s["source_path"], "reason": s["reason"]} for s in sources if s["status"] == "rejected"],
        "quarantine": quarantine,
        "quarantine_rules": {rule: why for rule, why in rule_reasons().items() if rule in fired},
        "validation": {},
    }


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
