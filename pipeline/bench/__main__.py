"""`python -m pipeline.bench --articles 2000 [--repeats 3] [--double] [--json bench-results.json]`

Prints the benchmark as a table and writes it as JSON. `--corpus-only DIR` writes the
generated articles into DIR and stops, for trying the pipeline on a corpus of any size.
"""

import argparse
import json
import sys
from pathlib import Path

from pipeline.bench.corpus import DEFAULT_SEED, write_corpus
from pipeline.bench.measure import DEFAULT_WORK_DIR, SEEDS_DIR, PipelineRunFailed, format_table, run_benchmark
from pipeline.infra.paths import PROJECT_ROOT


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--repeats", type=int, default=1, help="repeat each measurement, report medians")
    parser.add_argument("--double", action="store_true", help="also a full run at twice the size, for memory growth")
    parser.add_argument("--json", type=Path, default=PROJECT_ROOT / "bench-results.json", help="where to write the results")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR, help="corpus and run folders (emptied)")
    parser.add_argument("--spacy-processes", type=int, default=0, help="n_process of spaCy alone; 0 = one per core")
    parser.add_argument("--corpus-only", type=Path, metavar="DIR", help="only write the corpus into DIR")
    arguments = parser.parse_args(argv)
    if arguments.articles < 1 or arguments.repeats < 1:
        parser.error("--articles and --repeats must be at least 1")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.corpus_only:
        written = write_corpus(SEEDS_DIR, arguments.corpus_only, arguments.articles, seed=arguments.seed)
        print(f"wrote {len(written)} articles to {arguments.corpus_only}")
        return 0
    try:
        results = run_benchmark(
            articles=arguments.articles,
            repeats=arguments.repeats,
            double=arguments.double,
            seed=arguments.seed,
            work_dir=arguments.work_dir.resolve(),
            spacy_processes=arguments.spacy_processes,
        )
    except PipelineRunFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    print(format_table(results))
    arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"results: {arguments.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
