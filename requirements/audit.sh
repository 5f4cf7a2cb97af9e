#!/usr/bin/env bash
# Audit a lock for known vulnerabilities with pip-audit (for deployers; never run by CI):
#
#   requirements/audit.sh [LOCK] [pip-audit options]     LOCK: requirements/runtime.txt (default)
#   requirements/audit.sh requirements/runtime.txt -s osv    OSV instead of PyPI's advisories
#
# It needs the network: pip-audit asks PyPI's JSON API (or api.osv.dev with -s osv) about every
# pinned version. pip-audit on its own says "No known vulnerabilities found" and exits 0 even when
# it could look up nothing; this wrapper does not. Exit 0: every pin was checked and none has a
# known vulnerability. Exit 1: vulnerabilities, listed. Exit 2: some or all pins were not checked,
# or the service could not be reached; then nothing may be concluded about them.
# PIP_AUDIT names the command (default pip-audit), e.g. PIP_AUDIT="pipx run pip-audit==2.10.1".
set -uo pipefail
cd "$(dirname "$0")/.."

lock=requirements/runtime.txt
if [[ $# -gt 0 && $1 != -* ]]; then lock=$1; shift; fi
read -ra pip_audit <<< "${PIP_AUDIT:-pip-audit}"
if ! command -v "${pip_audit[0]}" > /dev/null; then
    echo "audit FAILED: ${pip_audit[0]} not found; install it apart from the bot, e.g." \
         "python3 -m venv /tmp/audit && /tmp/audit/bin/pip install pip-audit==2.10.1 &&" \
         "PIP_AUDIT=/tmp/audit/bin/pip-audit $0" >&2
    exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"${pip_audit[@]}" --disable-pip --require-hashes --progress-spinner off --format json \
    --output "$work/report.json" --requirement "$lock" "$@" > "$work/log" 2>&1
status=$?
if [[ ! -s $work/report.json ]]; then
    tail -n 5 "$work/log" >&2
    echo "audit FAILED: pip-audit exited $status without a report (is the vulnerability" \
         "service reachable?); NOTHING was checked in $lock" >&2
    exit 2
fi

exec python3 - "$work/report.json" "$lock" "$status" <<'PY'
import json
import sys

report, lock, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(report, encoding="utf-8") as file:
    deps = json.load(file)["dependencies"]
skipped = [d for d in deps if "skip_reason" in d]
audited = [d for d in deps if "skip_reason" not in d]
vulnerable = [d for d in audited if d.get("vulns")]
summary = f"{lock}: {len(audited)} of {len(deps)} pinned packages checked"


def fail(message: str, code: int = 2) -> None:
    print(message, file=sys.stderr)
    sys.exit(code)


for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version"
        print(f"VULNERABLE {dep['name']}=={dep['version']}: {vuln['id']} (fixed in: {fixed})")
if not audited:
    reason = f" ({skipped[0]['skip_reason']}, …)" if skipped else ""
    fail(f"audit FAILED: {summary}{reason}: NOTHING was checked (no access to the "
         "vulnerability service?); this is not 'no known vulnerabilities'")
for dep in skipped:
    print(f"NOT CHECKED {dep['name']}: {dep['skip_reason']}", file=sys.stderr)
if vulnerable:
    fail(f"audit: {summary}; {len(vulnerable)} with known vulnerabilities"
         + (f"; {len(skipped)} not checked" if skipped else ""), 1)
if skipped:
    fail(f"audit INCOMPLETE: {summary}; {len(skipped)} not checked (above): nothing may be "
         "concluded about those")
if status != 0:
    fail(f"audit FAILED: pip-audit exited {status} although its report lists no vulnerability")
print(f"audit: {summary}: no known vulnerabilities")
PY
