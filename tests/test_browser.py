"""The Dagster UI in a real browser, on a fresh instance: what `make ui` starts (`dagster dev`
on workspace.yaml), with a news folder of our own and no `make run` before it. The batches
must get registered by themselves, a launch over them must succeed, and headless Chromium must
show the stage assets with their checks, the published version's card and the finished run.
Screenshots go to .cache/screenshots/ (README, "The UI")."""

import os
import shutil
import subprocess
import sys
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

from pipeline.definitions import BATCH_ASSETS, defs
from pipeline.defs.partitions import batch_range_tags
from pipeline.infra.settings import PROJECT_ROOT

from fresh_clone import BATCHES, write_news_folder
from webserver_client import answers, free_loopback_port, graphql, stop_process_group, wait_for

CHROMIUM = Path("/usr/bin/chromium")
# No downloads, no GPU, no sandbox (containers), no calls home.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = PROJECT_ROOT / ".cache" / "screenshots"
LOCATION = {"repositoryLocationName": "news_curation", "repositoryName": "__repository__"}
GROUPS = ["ingest", "clean", "normalize", "annotate", "publish"]
SERVER_START_SECONDS = 90
RUN_SECONDS = 180
PAGE_MILLISECONDS = 30_000


def chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    reason = f"no Chromium at {CHROMIUM} (Debian's chromium package; .ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    print(f"browser test skipped: {reason}")
    pytest.skip(reason)


class DagsterUI:
    def __init__(self, port: int, settings, log: Path):
        self.url, self.settings, self.log = f"http://127.0.0.1:{port}", settings, log

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        return graphql(self.url, query, variables)

    def wait_for(self, what: str, seconds: float, probe):
        return wait_for(what, seconds, probe, self.log)

    def server_info(self) -> bool:
        return answers(self.url)

    def registered_batches(self) -> list[str]:
        query = '{ assetNodeOrError(assetKey: {path: ["raw_articles"]}) { ... on AssetNode { partitionKeys } } }'
        node = self.graphql(query)
        return node["assetNodeOrError"]["partitionKeys"]

    def launch(self, tags: dict[str, str]) -> str:
        mutation = """mutation($params: ExecutionParams!) { launchPipelineExecution(executionParams: $params) {
            __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }"""
        params = {
            "selector": {**LOCATION, "pipelineName": "curate_news"},
            "runConfigData": {},
            "executionMetadata": {"tags": [{"key": key, "value": value} for key, value in tags.items()]},
        }
        launched = self.graphql(mutation, {"params": params})["launchPipelineExecution"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        return launched["run"]["runId"]

    def run_status(self, run_id: str) -> str | None:
        run = self.graphql('query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }', {"id": run_id})
        status = run["runOrError"]["status"]
        return status if status in {"SUCCESS", "FAILURE", "CANCELED"} else None


@pytest.fixture
def dagster_ui(tmp_path):
    """`dagster dev` on a free loopback port, a fresh DAGSTER_HOME and our news folder; the
    whole process group (webserver, daemon, code servers, runs) is killed afterwards."""
    chromium_or_skip()
    settings = write_news_folder(tmp_path)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ, "DAGSTER_HOME": str(home), "NEWS_SOURCE_DIR": settings.source_dir,
        "NEWS_OUTPUT_DIR": settings.output_dir, "NEWS_EXPECTATIONS_DIR": settings.expectations_dir,
        "NEWS_CACHE_DIR": settings.cache_dir,
    }  # fmt: skip
    port, log = free_loopback_port(), tmp_path / "dagster-dev.log"
    command = [sys.executable, "-m", "dagster", "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        ui = DagsterUI(port, settings, log)
        ui.wait_for("the webserver did not answer", SERVER_START_SECONDS, ui.server_info)
        yield ui
    finally:
        stop_process_group(server)


def assert_published_card_shown(page, version_folder: Path) -> None:
    """What a person must see on the published_dataset page: the version's card, as the
    asset's Markdown metadata. Its title and every section title of the card.md published
    with the version."""
    version = version_folder.name
    assert page.get_by_text(version).first.is_visible()
    card_row = page.locator("tr", has_text="card").filter(has_text="Show Markdown").first
    card_row.get_by_text("Show Markdown").click()
    card = page.get_by_role("dialog")
    card.get_by_text(f"Dataset card: {version}").first.wait_for(timeout=PAGE_MILLISECONDS)
    card_lines = (version_folder / "card.md").read_text(encoding="utf-8").splitlines()
    sections = [line.removeprefix("## ") for line in card_lines if line.startswith("## ")]
    assert sections
    for section in sections:
        assert card.get_by_text(section, exact=True).first.is_visible(), section


def test_the_ui_shows_the_graph_the_card_and_a_finished_run_on_a_fresh_instance(dagster_ui):
    from playwright.sync_api import sync_playwright

    # Registered by the ingest_batch_partitions sensor as the daemon starts: no make run before.
    batches = dagster_ui.wait_for("no ingest batch was registered", SERVER_START_SECONDS, dagster_ui.registered_batches)
    assert batches == BATCHES
    # Every batch in one run, as the new_source_files sensor's "Test sensor" launch does.
    run_id = dagster_ui.launch(batch_range_tags(batches, set(batches)))
    status = dagster_ui.wait_for("the run did not finish", RUN_SECONDS, lambda: dagster_ui.run_status(run_id))
    assert status == "SUCCESS"
    version_folder = dagster_ui.settings.output_path / (dagster_ui.settings.output_path / "LATEST").read_text().strip()

    graph = defs.resolve_asset_graph()
    assets = sorted(key.to_user_string() for key in graph.get_all_asset_keys())
    checks_per_asset = Counter(key.asset_key.to_user_string() for key in graph.asset_check_keys)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            # A viewport this large draws every node of the graph in full, with its check counts.
            page = browser.new_page(viewport={"width": 3800, "height": 2000})
            page.set_default_timeout(PAGE_MILLISECONDS)
            # The "Join the Dagster community" dialog would cover the pages.
            page.add_init_script("window.localStorage.setItem('communityNux', JSON.stringify('1'))")
            expanded = ",".join(f"global@global:{group}" for group in GROUPS)
            page.goto(f"{dagster_ui.url}/asset-groups?expanded={urllib.parse.quote(expanded)}")
            passed = page.get_by_text(" Passed")
            page.wait_for_function(
                "count => [...document.querySelectorAll('*')].filter(e => e.childElementCount === 0"
                " && / Passed$/.test(e.textContent)).length >= count",
                arg=len(checks_per_asset),
            )
            page.screenshot(path=SCREENSHOTS / "asset-graph.png")
            for asset in assets:
                assert page.get_by_text(asset, exact=True).first.is_visible(), asset
            # Each node says "<passed> / <n> Passed" for its n checks. The joined assets' checks
            # ran once, on this run's materialization: all passed. (A per-batch check evaluated
            # over a range of batches records no partition, so the UI counts it as not run.)
            shown = [text.strip().removesuffix(" Passed").split(" / ") for text in passed.all_inner_texts()]
            assert Counter(int(total) for _, total in shown) == Counter(checks_per_asset.values())
            joined = [checks_per_asset[asset] for asset in checks_per_asset if asset not in BATCH_ASSETS]
            assert Counter(int(done) for done, total in shown if done == total) >= Counter(joined)

            page.set_viewport_size({"width": 1600, "height": 1000})
            page.goto(f"{dagster_ui.url}/assets/published_dataset")
            page.get_by_text("Show Markdown").first.wait_for()
            page.screenshot(path=SCREENSHOTS / "published-dataset.png")
            assert_published_card_shown(page, version_folder)
            page.screenshot(path=SCREENSHOTS / "published-dataset-card.png")

            page.goto(f"{dagster_ui.url}/runs/{run_id}")
            page.get_by_text("Success", exact=True).first.wait_for()
            # The run's header: what it materialized and checked.
            page.get_by_text(f"{len(assets)} assets", exact=True).first.wait_for()
            page.get_by_text(f"{len(graph.asset_check_keys)} checks", exact=True).first.wait_for()
            # The run's own log, as a person scrolls to its end: the run finished, not only a badge.
            page.get_by_text("Finished execution of run").first.wait_for()
            page.screenshot(path=SCREENSHOTS / "finished-run.png")
        finally:
            browser.close()
