# Two set-up commands: `make run` and `make test`. Both create .venv and install the pinned
# dependencies (requirements.lock, with hashes) the first time, and only when the lock changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: run test ui eval bench lock clean-venv

$(INSTALLED): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(INSTALLED)

# The instance's settings: SQLite in $(DAGSTER_HOME) (dagster.yaml), or with
# DAGSTER_STORAGE=postgres the shared instance of dagster.postgres.yaml (set DAGSTER_PG_URL;
# README, "Running beyond one machine"). Copied again whenever the choice or the file changes.
DAGSTER_STORAGE ?= sqlite
INSTANCE_YAML := $(if $(filter postgres,$(DAGSTER_STORAGE)),dagster.postgres.yaml,dagster.yaml)
ifeq ($(DAGSTER_STORAGE),postgres)
export DAGSTER_MAX_CONCURRENT_RUNS ?= 2
export DAGSTER_ARTIFACTS_DIR ?= $(DAGSTER_HOME)/storage
# A backfill over the batches starts one run per batch, queued, at most the limit above at once.
export NEWS_RUN_PER_BATCH ?= 1
endif

.PHONY: instance-settings
instance-settings:
	@mkdir -p $(DAGSTER_HOME)
	@cmp -s $(INSTANCE_YAML) $(DAGSTER_HOME)/dagster.yaml || cp $(INSTANCE_YAML) $(DAGSTER_HOME)/dagster.yaml

run: $(INSTALLED) instance-settings
	$(BIN)/python -m pipeline.run

test: $(INSTALLED) instance-settings
	$(BIN)/python -m pytest -n 2 --dist loadscope

ui: $(INSTALLED) instance-settings
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

# Scores the published seeds and our own articles (eval/articles, published into
# .cache/eval-outputs) against the hand-written gold in eval/gold/, and the event stage on the
# PLOVER gold sentences when ../shared/eval is beside the checkout, and on our labelled briefs
# (eval/plover_briefs.jsonl).
PLOVER_GOLD := ../shared/eval/plover_gsr.jsonl
EVAL_OUTPUTS := .cache/eval-outputs

eval: run
	$(if $(wildcard $(PLOVER_GOLD)),,@echo "PLOVER scoring skipped: $(PLOVER_GOLD) not found (it lives in the workspace's shared/ folder beside the checkout)")
	NEWS_SOURCE_DIR=eval/articles NEWS_OUTPUT_DIR=$(EVAL_OUTPUTS) $(BIN)/python -m pipeline.run
	$(BIN)/python -m pipeline.evaluation --dataset outputs --gold eval/gold/seeds \
		$(if $(wildcard $(PLOVER_GOLD)),--plover $(PLOVER_GOLD)) --briefs eval/plover_briefs.jsonl
	$(BIN)/python -m pipeline.evaluation --dataset $(EVAL_OUTPUTS) --gold eval/gold/articles

# Timing and memory on a generated corpus (pipeline/bench): a table on stdout and
# bench-results.json. `make bench ARTICLES=10000 REPEATS=3` for a larger, steadier run.
ARTICLES ?= 2000
REPEATS ?= 1

bench: $(INSTALLED) instance-settings
	$(BIN)/python -m pipeline.bench --articles $(ARTICLES) --repeats $(REPEATS) --double --json bench-results.json

# Rebuild the lock from requirements.in (needs the package index; not part of set-up).
lock: $(INSTALLED)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

clean-venv:
	rm -rf $(VENV)
