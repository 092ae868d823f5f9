# fangguanfu — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/fangguanfu
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0
# The suite runs in parallel: each xdist worker gets its own PostgreSQL test database (test_…_gwN)
# and its own Redis database (REDIS_URL's number + N, see tests/redis_db.py).
TEST_WORKERS ?= 2

.PHONY: run install test lint check bench surge parse-eval chromium clean backup restore briefing-preview

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# The embedded default: SQLite and in-process Celery unless DATABASE_URL / REDIS_URL are set.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; it downloads no browser),
# and a CJK font so that screenshots show Chinese rather than empty boxes.
chromium:
	@test -x /usr/bin/chromium -a -d /usr/share/fonts/truetype/wqy || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null)

test: install chromium
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} REDIS_URL=$${REDIS_URL:-$(REDIS_TEST_URL)} \
		$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

check: install
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(PY) manage.py makemigrations --check --dry-run

# `make bench SCALE=1000000`: the same at 10k, 100k and 1M tasks (one database per scale, named after
# BENCH_DATABASE_URL's: fangguanfu_10k_bench, fangguanfu_100k_bench, fangguanfu_1m_bench), one table.
bench: install
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fangguanfu_bench} \
		REDIS_URL=$${REDIS_URL:-$(REDIS_TEST_URL)} $(PY) manage.py run_bench $(if $(SCALE),--scale $(SCALE)) $(BENCH_ARGS)

# The 通报 as the office downloads it, rendered to PDF and PNG pages in test-artifacts/briefing/ to look at
# (not part of CI). LibreOffice and poppler come from Debian on first use. The official fonts (方正小标宋,
# 仿宋_GB2312, 楷体_GB2312, 黑体) are licensed and not installed: leadership/preview/fonts.conf stands a face of
# each kind in for them. BRIEFING_DB is filled with the demo data (setup_demo) when it has no task.
BRIEFING_DB ?= $(PG_URL)
BRIEFING_OUT := test-artifacts/briefing
briefing-preview: install
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui \
		poppler-utils fonts-noto-cjk fonts-arphic-ukai >/dev/null)
	DATABASE_URL=$(BRIEFING_DB) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BRIEFING_DB) $(PY) manage.py briefing_docx --demo-if-empty --to $(BRIEFING_OUT)/briefing.docx $(if $(SINCE),--since $(SINCE))
	rm -f $(BRIEFING_OUT)/page-*.png
	FONTCONFIG_FILE=$(CURDIR)/leadership/preview/fonts.conf soffice -env:UserInstallation=file:///tmp/fangguanfu-soffice \
		--headless --convert-to pdf --outdir $(BRIEFING_OUT) $(BRIEFING_OUT)/briefing.docx >/dev/null
	pdftoppm -png -r 80 -l $${PAGES:-4} $(BRIEFING_OUT)/briefing.pdf $(BRIEFING_OUT)/page
	@echo "已生成 $(BRIEFING_OUT)/briefing.pdf 与前 $${PAGES:-4} 页的 PNG（字体为替代字体，见 leadership/preview/fonts.conf）"

# The month-end surge (bench/surge/): locust lives in its own venv from the pinned requirements-surge.txt, so its
# gevent pins never touch the app's requirements (nor CI, which never installs it). SURGE_MINUTES=2 for a trial.
SURGE_VENV := .venv-surge
SURGE_MINUTES ?= 10
$(SURGE_VENV)/.installed: requirements-surge.txt
	test -d $(SURGE_VENV) || $(PYTHON) -m venv $(SURGE_VENV)
	$(SURGE_VENV)/bin/pip install --quiet -r requirements-surge.txt
	touch $@

surge: install $(SURGE_VENV)/.installed
	DATABASE_URL=$${SURGE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fangguanfu_surge_bench} \
		$(PY) manage.py run_surge --minutes $(SURGE_MINUTES) --locust $(SURGE_VENV)/bin/locust $(SURGE_ARGS)

# Parser scores against every labelled plan (seeds, corpus, own plans): tasks P/R, lead, co, deadline.
# No database needed; `make parse-eval ARGS="corpus -v"` filters and lists every difference.
parse-eval: install
	$(PY) -m documents.parsing.evaluate $(ARGS)

# Database (pg_dump) + MEDIA_ROOT + manifest into backups/fangguanfu-<time>/; restore only into an empty installation.
BACKUP_DIR ?= backups
backup: install
	$(PY) manage.py backup --to $(BACKUP_DIR)

restore: install
	@test -n "$(FROM)" || (echo "用法：make restore FROM=backups/fangguanfu-YYYYmmdd-HHMMSS" && exit 2)
	$(PY) manage.py restore "$(FROM)"

clean:
	rm -rf $(VENV) $(SURGE_VENV) node_modules staticfiles db.sqlite3 test-artifacts
