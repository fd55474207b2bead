# Two commands on a fresh machine: `make run` (the main job) and `make test`.
# Both install what the project needs first (scripts/bootstrap.sh is idempotent).
.PHONY: run test bootstrap

bootstrap:
	@bash scripts/bootstrap.sh

run: bootstrap
	.venv/bin/kaohe run

test: bootstrap
	.venv/bin/python -m pytest -q
