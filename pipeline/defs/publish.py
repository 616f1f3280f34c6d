"""Publish: write the four contract tables aside, check the files, then promote the version."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pandas as pd

from pipeline.defs.annotate import extraction_rejects, quarantined_counts
from pipeline.defs.normalize import accepted_articles, with_near_duplicates
from pipeline.defs.reporting import expectation_suite_check, failing_rows_check_result
from pipeline.publish import versioning
from pipeline.publish.card import previous_manifest, read_card, write_card
from pipeline.publish.dataset_checks import (
    KEY_COLUMNS,
    OFFSET_COLUMNS,
    contract_profile,
    key_problems,
    offset_problems,
    read_version,
    unaccounted_sources,
)
from pipeline.publish.manifest import draft_manifest, read_manifest, source_entries, write_manifest
from pipeline.publish.tables import to_contract_table, write_table
from pipeline.infra.settings import PipelineSettings


def _version_folder(staged: dict) -> Path:
    return Path(staged["folder"])


@dg.asset(group_name="publish", kinds={"parquet"})
def staged_dataset(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    raw_articles: pd.DataFrame,
    cleaned_articles: pd.DataFrame,
    normalized_articles: pd.DataFrame,
    parsed_articles: pd.DataFrame,
    entity_mentions: pd.DataFrame,
    quotations: pd.DataFrame,
    event_mentions: pd.DataFrame,
) -> dg.Output[dict]:
    """The next version's tables and manifest, written under outputs/.staging/ for checking.
    The same inputs with the same code give the same fingerprint: then nothing is written.
    An article a stage failed on after cleaning (`stage_rejects`) is in no table, and a
    reject in the manifest; the rows each table quarantined are counted there."""
    rejects = stage_rejects(normalized_articles, parsed_articles, [entity_mentions, quotations, event_mentions])
    articles = accepted_articles(normalized_articles)
    normalized_articles = with_near_duplicates(settings, articles[~articles["article_id"].isin(rejects)])
    output_dir = settings.output_path
    output_dir.mkdir(parents=True, exist_ok=True)
    inputs_fp = versioning.input_fingerprint(list(zip(raw_articles["source_path"], raw_articles["content_sha256"])))
    code_fp = versioning.code_version(settings.expectations_path)
    fingerprint = versioning.dataset_fingerprint(inputs_fp, code_fp, {"max_source_bytes": settings.max_source_bytes, "max_source_chars": settings.max_source_chars})

    existing = versioning.version_with_fingerprint(output_dir, fingerprint)
    if existing:
        context.log.info(f"inputs and code unchanged since version {existing}: nothing new to publish")
        staged = {"version": existing, "folder": str(output_dir / existing), "new": False}
        return dg.Output(staged, metadata={"version": existing, "new_version": False})

    version = versioning.new_version_name(output_dir, fingerprint)
    folder = versioning.fresh_staging_folder(output_dir, version)
    extracted = {"entities": entity_mentions, "quotes": quotations, "events": event_mentions}
    frames = {
        "articles": normalized_articles,
        **{name: frame[~frame["article_id"].isin(rejects)] for name, frame in extracted.items()},
    }
    tables = {name: write_table(to_contract_table(name, frame), folder / f"{name}.parquet") for name, frame in frames.items()}
    sources = source_entries(raw_articles, cleaned_articles, set(normalized_articles["article_id"]), rejects)
    quarantine = {name: counts for name, frame in extracted.items() if (counts := quarantined_counts(frame))}
    previous = versioning.latest_version(output_dir)
    manifest = draft_manifest(version, previous, code_fp, inputs_fp, fingerprint, tables, sources, quarantine)
    write_manifest(folder, manifest)
    staged = {"version": version, "folder": str(folder), "new": True}
    rows = {f"{name}_rows": entry["rows"] for name, entry in tables.items()}
    metadata = {"version": version, "new_version": True, "staging_folder": str(folder), "rejected_after_cleaning": len(rejects)}
    return dg.Output(staged, metadata={**metadata, **rows})


def stage_rejects(
    normalized_articles: pd.DataFrame, parsed_articles: pd.DataFrame, extracted: list[pd.DataFrame]
) -> dict[str, str]:
    """{article_id: reason} of the articles normalize, the parse or an extractor failed on;
    an article two extractors failed on keeps the first stage's reason."""
    rejects: dict[str, str] = {}
    for frame in (normalized_articles, parsed_articles):
        failed = frame[frame["reject_reason"].notna()]
        rejects.update(zip(failed["article_id"], failed["reject_reason"]))
    for frame in extracted:
        for article_id, reason in extraction_rejects(frame).items():
            rejects.setdefault(article_id, reason)
    return rejects


staged_dataset_expectations = expectation_suite_check(
    "staged_dataset",
    "Every contract column present with its Arrow type, in every table, read back from the files.",
    profile=lambda staged: contract_profile(_version_folder(staged)),
)


@dg.asset_check(asset=staged_dataset, blocking=True)
def keys_unique_and_foreign_keys_resolve(staged_dataset: dict) -> dg.AssetCheckResult:
    """Keys unique per table; article, entity, speaker, actor and location ids all resolve."""
    bad = key_problems(read_version(_version_folder(staged_dataset), KEY_COLUMNS))
    return failing_rows_check_result(bad, "keys unique and every foreign key resolves")


@dg.asset_check(asset=staged_dataset, blocking=True)
def offsets_index_article_text(staged_dataset: dict) -> dg.AssetCheckResult:
    """For every mention, quote and trigger: articles.<field>[start:end] is the row's text."""
    bad = offset_problems(read_version(_version_folder(staged_dataset), OFFSET_COLUMNS))
    return failing_rows_check_result(bad, "text[start:end] equals the row's text")


@dg.asset_check(asset=staged_dataset, blocking=True)
def every_source_file_published_or_rejected(staged_dataset: dict) -> dg.AssetCheckResult:
    """Every source in the manifest is a published article or a reject with a reason."""
    folder = _version_folder(staged_dataset)
    bad = unaccounted_sources(folder, pd.read_parquet(folder / "articles.parquet", columns=["article_id"]))
    return failing_rows_check_result(bad, "every source file is an article or a reject with a reason")


publish_checks = [
    staged_dataset_expectations,
    keys_unique_and_foreign_keys_resolve,
    offsets_index_article_text,
    every_source_file_published_or_rejected,
]


# An execution that finished, by the names Dagster gives its statuses (it exports no public
# constant for them); executions only planned by runs still going are passed over, among
# the latest few.
COMPLETED_CHECK_STATUSES = {"SUCCEEDED", "FAILED"}
CHECK_HISTORY_READ = 20


def _evaluations_behind_version(
    instance: dg.DagsterInstance, run_id: str, keys: list[dg.AssetCheckKey]
) -> dict[dg.AssetCheckKey, tuple[str, dg.AssetCheckEvaluation]]:
    """(run id, evaluation) each check's verdict rests on. A check of an asset this run
    materialized counts only with this run's evaluation: another run's says nothing about
    these tables. A check of an asset this run only read (the join after one run per batch
    on workers) counts with its latest finished evaluation, if that one judged the asset's
    latest materialization (a later run may have planned the check and not finished it)."""
    of_type = {dg.DagsterEventType.ASSET_CHECK_EVALUATION, dg.DagsterEventType.ASSET_MATERIALIZATION}
    events = [record.event_log_entry.dagster_event for record in instance.get_records_for_run(run_id, of_type=of_type).records]
    found = {
        event.event_specific_data.asset_check_key: (run_id, event.event_specific_data)
        for event in events
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
    }
    materialized = {event.asset_key for event in events if event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION}
    read_only = [key for key in keys if key not in found and key.asset_key not in materialized]
    for key in read_only:
        history = instance.event_log_storage.get_asset_check_execution_history(key, limit=CHECK_HISTORY_READ)
        finished = [record for record in history if record.status.value in COMPLETED_CHECK_STATUSES][:1]
        evaluation = finished[0].event.dagster_event.event_specific_data if finished and finished[0].event else None
        if not evaluation or not evaluation.target_materialization_data:
            continue
        latest = instance.fetch_materializations(key.asset_key, limit=1).records
        if latest and latest[0].storage_id == evaluation.target_materialization_data.storage_id:
            found[key] = (finished[0].run_id, evaluation)
    return found


def _validation_summary(instance: dg.DagsterInstance, run_id: str, checks: list[dg.AssetChecksDefinition]) -> dict:
    """Every check's result behind this version, keyed `asset:check`, with the run that
    judged it (`run_id`); a check without one has `ran` false and is not passed. Beside
    `passed`, `suite`, `expectations_run` and `failed`, an entry holds the check's data
    metadata (a suite's `outcomes`, a rule's `example_rows`); the markdown previews are the
    UI's and stay there."""
    specs = [spec for check in checks for spec in check.check_specs]
    evaluations = _evaluations_behind_version(instance, run_id, [spec.key for spec in specs])
    summary = {}
    for spec in specs:
        judged_in, evaluation = evaluations.get(spec.key, (None, None))
        metadata = {
            name: value.value
            for name, value in (evaluation.metadata if evaluation else {}).items()
            if not isinstance(value, dg.MarkdownMetadataValue)
        }
        summary[f"{spec.asset_key.to_user_string()}:{spec.name}"] = {
            **metadata,
            "passed": bool(evaluation and evaluation.passed),
            "ran": evaluation is not None,
            "run_id": judged_in,
            "description": spec.description,
            "suite": metadata.get("suite"),
            "expectations_run": metadata.get("expectations_run"),
            "failed": metadata.get("failed", metadata.get("failing_rows")),
        }
    return summary


def build_published_dataset(all_checks: list[dg.AssetChecksDefinition]) -> dg.AssetsDefinition:
    """The promotion step. It runs only after every blocking check upstream has passed in
    this run; it also refuses if any check failed or has no result behind this version
    (`_evaluations_behind_version`), so LATEST never moves past an unchecked version. The
    dataset card is written into the version before it is promoted."""

    @dg.asset(group_name="publish", kinds={"parquet"})
    def published_dataset(
        context: dg.AssetExecutionContext, settings: PipelineSettings, staged_dataset: dict
    ) -> dg.MaterializeResult:
        """The newest checked version, renamed into outputs/ and named in outputs/LATEST."""
        output_dir, version = settings.output_path, staged_dataset["version"]
        validation = _validation_summary(context.instance, context.run_id, all_checks)
        failed = sorted(name for name, result in validation.items() if not result["passed"])
        if failed:
            raise dg.Failure(f"not publishing {version}: checks failed or not run: {', '.join(failed)}")
        if staged_dataset["new"]:
            folder = _version_folder(staged_dataset)
            manifest = read_manifest(folder)
            manifest["created_at"] = datetime.now(UTC).isoformat(timespec="seconds")
            manifest["validation"] = validation
            write_manifest(folder, manifest)
            card = write_card(folder, manifest, previous_manifest(output_dir, manifest))
            versioning.promote(output_dir, version)
            context.log.info(f"published {output_dir / version}")
        else:
            card = read_card(output_dir / version)
            if versioning.latest_version(output_dir) != version:
                versioning.point_latest_at(output_dir, version)
                context.log.info(f"LATEST points again at {version}, which these inputs and code produced")
        metadata = {"version": version, "path": str(output_dir / version), "new_version": staged_dataset["new"]}
        return dg.MaterializeResult(metadata={**metadata, "card": dg.MetadataValue.md(card)})

    return published_dataset
