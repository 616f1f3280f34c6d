"""Boilerplate removal measured on real pages scraped as plain text.

``python -m pipeline.evaluation.boilerplate build GIT_DIR... OUT`` reads the test fixtures of
open-source extractors (git directories as ``fetch`` brings them: mozilla/readability's
``test/test-pages/*/{source,expected}.html``, scrapinghub/article-extraction-benchmark's
``html/*.html.gz`` with ``ground-truth.json``), saves the visible text of each page the way a
careless scraper would (``OUT/<name>.txt``) and labels every line ``news`` or
``boilerplate`` by whether the extractor's gold article holds it (``OUT/gold.jsonl``).

``python -m pipeline.evaluation.boilerplate score OUT [--show N]`` runs ``clean_article`` on
every page and prints, per half (tune / held-out, by a hash of the page name), precision,
recall and F1 of boilerplate removal by line and the share of news lines lost, next to the
same for no cleaning.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from pipeline.text.clean import clean_article
from pipeline.text.language import detect_language

# Tags whose text no reader sees.
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
# Tags a browser lays out as blocks: each starts a new line of scraped text.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul", "title",
}  # fmt: skip
# Gold articles this short are the extractors' unit tests of one HTML quirk, not pages.
MIN_GOLD_WORDS = 150
# A line is news when more than this share of its word trigrams are in the gold article.
NEWS_TRIGRAM_SHARE = 0.5
# Audit reasons that move a line into a field of the article instead of deleting it: such a
# line leaves the body, but the article keeps what it says.
ROUTED_REASONS = (
    "title", "caption", "repeated_line:caption", "byline", "reporting_credit", "wire_credit",
    "published_date", "updated_date", "publisher",
)  # fmt: skip
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


class _VisibleText(HTMLParser):
    """Text a browser shows, one line per block; nav, footer and hidden boxes kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden_depth = 0
        self.h1: list[str] = []
        self.in_h1 = False

    def _break(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _INVISIBLE:
            self.hidden_depth += 1
        if tag in _BLOCKS:
            self._break()
        if tag == "h1":
            self.in_h1 = True

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in _INVISIBLE and self.hidden_depth:
            self.hidden_depth -= 1
        if tag in _BLOCKS:
            self._break()
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.hidden_depth:
            return
        self.current.append(data)
        if self.in_h1:
            self.h1.append(data)

    def close(self):
        super().close()
        self._break()


def visible_lines(html: str) -> tuple[list[str], str]:
    """The page's visible text lines and its first-level heading."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.lines, " ".join("".join(parser.h1).split())


def _tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text)]


def _trigrams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}


def label_lines(lines: list[str], gold_text: str, headline: str) -> list[str]:
    """'news', 'boilerplate' or 'headline' for each line.

    Lines of three words or more are news when most of their word trigrams are in the gold;
    shorter ones only when they are a whole line of it (a subhead), so "Home" is not news
    because the story uses the word.
    """
    gold_trigrams = _trigrams(_tokens(gold_text))
    gold_lines = {" ".join(_tokens(line)) for line in gold_text.splitlines()}
    headline_key = " ".join(_tokens(headline))
    labels, seen = [], set()
    for line in lines:
        tokens = _tokens(line)
        key = " ".join(tokens)
        repeated = key in seen
        seen.add(key)
        # The gold holds a line once: a second printing is the page's, not the story's.
        if repeated:
            labels.append("boilerplate")
        elif key and key == headline_key:
            labels.append("headline")
        elif len(tokens) >= 3:
            trigrams = [tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)]
            share = sum(t in gold_trigrams for t in trigrams) / len(trigrams)
            labels.append("news" if share > NEWS_TRIGRAM_SHARE else "boilerplate")
        else:
            labels.append("news" if key and key in gold_lines else "boilerplate")
    return labels


def _git_files(git_dir: Path) -> list[str]:
    result = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", "HEAD"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout.splitlines()


def _git_blob(git_dir: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def _html_text(html: str) -> str:
    return "\n".join(visible_lines(html)[0])


def _readability_pages(git_dir: Path, files: list[str]):
    """(name, source html, gold text, headline) from mozilla/readability's test pages."""
    folders = sorted({p.split("/")[2] for p in files if re.match(r"test/test-pages/[^/]+/source\.html$", p)})
    for folder in folders:
        base = f"test/test-pages/{folder}"
        if f"{base}/expected.html" not in files:
            continue
        source = _git_blob(git_dir, f"{base}/source.html").decode("utf-8", "replace")
        gold = _html_text(_git_blob(git_dir, f"{base}/expected.html").decode("utf-8", "replace"))
        headline = ""
        if f"{base}/expected-metadata.json" in files:
            headline = json.loads(_git_blob(git_dir, f"{base}/expected-metadata.json")).get("title") or ""
        yield f"readability-{folder}", source, gold, headline


def _benchmark_pages(git_dir: Path, files: list[str]):
    """(name, source html, gold text, headline) from article-extraction-benchmark."""
    truth = json.loads(_git_blob(git_dir, "ground-truth.json"))
    for page_id, gold in sorted(truth.items()):
        path = f"html/{page_id}.html.gz"
        if path not in files:
            continue
        source = gzip.decompress(_git_blob(git_dir, path)).decode("utf-8", "replace")
        yield f"aeb-{page_id[:16]}", source, gold.get("articleBody") or "", ""


def _pages(git_dir: Path):
    files = _git_files(git_dir)
    if "ground-truth.json" in files:
        yield from _benchmark_pages(git_dir, files)
    elif any(p.startswith("test/test-pages/") for p in files):
        yield from _readability_pages(git_dir, files)
    else:
        print(f"{git_dir}: no known fixture layout, skipped", file=sys.stderr)


def split_of(name: str) -> str:
    """'tune' or 'heldout', fixed by the page name."""
    return "tune" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "heldout"


def build(git_dirs: list[Path], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    records, skipped = [], Counter()
    for git_dir in git_dirs:
        for name, source, gold, headline in _pages(git_dir):
            if len(_tokens(gold)) < MIN_GOLD_WORDS:
                skipped["gold too short"] += 1
                continue
            if detect_language(gold) != "en":
                skipped["not English"] += 1
                continue
            lines, h1 = visible_lines(source)
            # Titles often carry the site name: the headline is the longest line the page
            # prints that the gold's title holds, else the page's first-level heading.
            title_key = " ".join(_tokens(headline))
            printed = [line for line in lines if _tokens(line) and " ".join(_tokens(line)) in title_key]
            headline = max(printed, key=len) if title_key and printed else h1
            labels = label_lines(lines, gold, headline)
            if "news" not in labels:
                skipped["no gold line found in the page"] += 1
                continue
            (out / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            records.append({"name": name, "split": split_of(name), "headline": headline, "labels": labels})
    with open(out / "gold.jsonl", "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    by_source = Counter(record["name"].split("-")[0] for record in records)
    print(f"{len(records)} pages written to {out}: {dict(by_source)}; skipped {dict(skipped)}")


def _removed_lines(cleaned: dict) -> dict[int, str]:
    """Line number -> reason, for lines that left the body (deleted or routed to a field)."""
    return {entry["line"]: entry["reason"] for entry in cleaned["audit"] if entry["action"] == "removed"}


def _is_routed(reason: str) -> bool:
    return reason in ROUTED_REASONS or reason.split(":")[0] in ROUTED_REASONS


def _prf(counts: Counter) -> dict:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    news, kept = counts["news"], counts["news"] - fp + fn
    deleted = fp - counts["news_routed"]
    kept_precision = (news - fp) / kept if kept else 1.0
    kept_recall = (news - fp) / news if news else 1.0
    return {
        "pages": counts["pages"],
        "news_lines": news,
        "boilerplate_lines": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        # News deleted outright; a caption or credit moved to its field is not lost.
        "news_lost": deleted / news if news else 0.0,
        "news_routed": counts["news_routed"],
        # The same lines seen from the other side: is what stays the article?
        "kept_precision": kept_precision,
        "kept_f1": 2 * kept_precision * kept_recall / (kept_precision + kept_recall),
        "headline_kept": counts["headline_kept"] / counts["headlines"] if counts["headlines"] else 1.0,
    }


def score(out: Path, show: int = 0, split: str | None = None) -> dict:
    records = [json.loads(line) for line in open(out / "gold.jsonl", encoding="utf-8")]
    counts = {(half, system): Counter() for half in ("tune", "heldout") for system in ("clean", "none")}
    wrongly_removed, left_in = Counter(), []
    for record in records:
        if split and record["split"] != split:
            continue
        raw = (out / f"{record['name']}.txt").read_text(encoding="utf-8")
        raw_lines = raw.splitlines()
        cleaned = clean_article(raw)
        removed = _removed_lines(cleaned)
        for system, removed_now in (("clean", removed), ("none", {})):
            tally = counts[(record["split"], system)]
            tally["pages"] += 1
            for number, label in enumerate(record["labels"], start=1):
                gone = number in removed_now
                if label == "headline":
                    tally["headlines"] += 1
                    tally["headline_kept"] += not gone or removed_now[number].startswith("title")
                    continue
                tally["news"] += label == "news"
                tally["tp" if gone else "fn"] += label == "boilerplate"
                tally["fp"] += gone and label == "news"
                routed = gone and _is_routed(removed_now[number])
                tally["news_routed"] += routed and label == "news"
                if system == "clean" and label == "news" and gone and not routed:
                    wrongly_removed[removed_now[number]] += 1
                    if show:
                        where = f"{record['name']}:{number} [{removed_now[number]}]"
                        print(f"LOST  {where} {raw_lines[number - 1][:160]}")
                if system == "clean" and label == "boilerplate" and not gone:
                    left_in.append(f"KEPT  {record['name']}:{number} {raw_lines[number - 1][:160]}")
    if show:
        for line in left_in[:show]:
            print(line)
        print("news lines removed, by reason:", dict(wrongly_removed.most_common()))
    results = {f"{half}/{system}": _prf(tally) for (half, system), tally in counts.items() if tally["pages"]}
    for key, result in results.items():
        print(
            f"{key:16} pages {result['pages']:4}  boilerplate P {result['precision']:.3f} "
            f"R {result['recall']:.3f} F1 {result['f1']:.3f}  news lost {result['news_lost']:.3f}  "
            f"headline kept {result['headline_kept']:.3f}  kept text P {result['kept_precision']:.3f} "
            f"F1 {result['kept_f1']:.3f}  "
            f"({result['news_lines']} news / {result['boilerplate_lines']} boilerplate lines, "
            f"{result['news_routed']} news lines routed to a field)"
        )
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation.boilerplate")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="scraped text and line labels from fixtures")
    build_command.add_argument("paths", nargs="+", type=Path, help="GIT_DIR... OUT")
    score_command = commands.add_parser("score", help="boilerplate removal P/R/F1 by line")
    score_command.add_argument("out", type=Path)
    score_command.add_argument("--show", type=int, default=0, help="print errors (N kept lines)")
    score_command.add_argument("--split", choices=["tune", "heldout"])
    args = parser.parse_args(argv)
    if args.command == "build":
        if len(args.paths) < 2:
            parser.error("build needs at least one GIT_DIR and OUT")
        build(args.paths[:-1], args.paths[-1])
    else:
        score(args.out, args.show, args.split)


if __name__ == "__main__":
    main()
