#!/usr/bin/env bash
# Regenerate the hashed lock files from pyproject.toml (needs the package index, PyPI):
#
#   requirements/lock.sh                          keep today's pins where pyproject still allows
#                                                 them; add what it now asks for, drop the rest
#   requirements/lock.sh --upgrade                every package to its newest allowed version
#   requirements/lock.sh --upgrade-package NAME   one package (repeatable)
#
# test.txt (runtime + the `test` extra + build requirements) is resolved first; runtime.txt
# (runtime + build requirements) is then constrained by it, so CI tests the versions the
# Docker image ships. pip-compile is pip-tools 7.6.2, in a throwaway venv; the Python is 3.11,
# the Dockerfile's (set PYTHON to use another interpreter of that version).
# Every file of a pinned version on the index gets its hash: all platforms, wheels and sdist.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3.11}
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
"$python" -m venv "$tools/venv"
"$tools/venv/bin/pip" install -q pip-tools==7.6.2

compile=(
    "$tools/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras
    --all-build-deps --no-emit-index-url --no-emit-find-links
)
export CUSTOM_COMPILE_COMMAND=requirements/lock.sh  # the command the files' headers name
"${compile[@]}" "$@" --extra test --extra scale --output-file requirements/test.txt pyproject.toml
"${compile[@]}" "$@" --extra scale --constraint requirements/test.txt --output-file requirements/runtime.txt \
    pyproject.toml

# packaging is what check_lock.py needs; pip-tools brings it
"$tools/venv/bin/python" requirements/check_lock.py
