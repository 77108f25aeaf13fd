# One command per chore. The README's two commands are `make demo` and `make test`.
.PHONY: setup demo test test-fast test-sqlite test-pg e2e lint format messages bench

setup:
	scripts/setup

demo: setup
	.venv/bin/agora demo

test:
	scripts/test

# The quick loop while working: no browser (e2e), no task worker (worker), no other process
# started (process, e.g. the `agora` command); `make test` runs them all. What can be kept
# between runs is: the SQLite test database (--reuse-db: the first run migrates, later ones
# only apply new migrations) and compiled modules, even where PYTHONDONTWRITEBYTECODE is set
# (pytest rewrites every test module's asserts otherwise, 2 to 3 s in each process).
test-fast: setup
	PYTHONDONTWRITEBYTECODE= AGORA_TEST_DB_NAME=agora-test-fast.sqlite3 .venv/bin/pytest -n 2 --reuse-db -m "not e2e and not worker and not process"

# Redis for the RQ worker tests, S3 for the media tests (and PostgreSQL for test-pg): the
# servers named by AGORA_TEST_REDIS_URL / AGORA_TEST_S3_URL / AGORA_TEST_PG_URL, or throwaway
# ones (scripts/services).
test-sqlite: setup
	scripts/services --only redis,s3 -- .venv/bin/pytest -n 2 -m "not e2e"

test-pg: setup
	scripts/services -- sh -c 'DATABASE_URL="$$AGORA_TEST_PG_URL" exec .venv/bin/pytest -n 2 -m "not e2e"'

e2e: setup
	.venv/bin/pytest -m e2e

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

messages: setup
	.venv/bin/python manage.py makemessages -l fr --ignore=.venv --ignore=node_modules --ignore=var
	.venv/bin/python manage.py makemessages -l fr -d djangojs --ignore=.venv --ignore=node_modules --ignore=var --ignore=static/vendor

bench: setup
	.venv/bin/python bench/pages.py
