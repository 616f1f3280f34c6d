"""A small news folder written by the tests of a fresh instance (the UI's launch, the browser
test): three short articles of our own, landed in two ingest batches."""

import shutil
from pathlib import Path

from pipeline.infra.settings import PROJECT_ROOT, PipelineSettings

from conftest import land, settings_for

ARTICLES = {
    "harbour-strike.txt": (
        "2026-11-22 09:20",
        """Dockworkers end three-day strike in Rotterdam

ROTTERDAM, Nov 21 - Dockworkers at the port of Rotterdam ended a three-day strike on Friday after
the port authority offered a six percent pay rise over two years.

"This agreement protects our members and their families," union leader Marta Visser told reporters
outside the container terminal.

The port authority said ships delayed by the walkout would be unloaded by Monday.
""",
    ),
    "tram-lines.txt": (
        "2026-11-22 14:05",
        """Lyon council approves two new tram lines

The Lyon city council voted on Thursday to build two new tram lines by 2030, Mayor Paul Renard said.

Opposition councillors accused the mayor of ignoring shop owners on the routes, and the regional
chamber of commerce said it would ask for compensation for months of roadworks.

"The city cannot wait another decade for clean transport," Renard said after the vote.
""",
    ),
    "glacier-survey.txt": (
        "2026-11-22 14:40",
        """Swiss glaciers lost a tenth of their ice in two years, survey finds

Switzerland's glaciers lost ten percent of their volume in 2022 and 2023, the Swiss Academy of
Sciences said on Tuesday in its yearly survey.

The academy warned that most small glaciers in the Alps would disappear by the end of the century
unless emissions fell sharply. Researcher Elena Moser said the melt had never been this fast since
measurements began.
""",
    ),
}
BATCHES = ["2026-11-22T09", "2026-11-22T14"]


def write_news_folder(root: Path) -> PipelineSettings:
    """The articles under `root/sources`, the suites copied, an empty outputs folder."""
    sources = root / "sources"
    sources.mkdir(parents=True)
    for name, (landed, text) in ARTICLES.items():
        (sources / name).write_text(text, encoding="utf-8")
        land(sources / name, landed)
    shutil.copytree(PROJECT_ROOT / "expectations", root / "expectations")
    (root / "outputs").mkdir()
    return settings_for(root)
