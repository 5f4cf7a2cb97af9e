"""Check that the lock files still match pyproject.toml; offline, it only reads files.

    python requirements/check_lock.py

For each lock (runtime.txt: the dependencies; test.txt: the dependencies and the `test` extra;
both: the build requirements) every requirement pyproject.toml asks for must be pinned there, at
a version its specifier allows, and recorded as asked for by pyproject.toml (pip-compile's
"# via ... (pyproject.toml)" comments); nothing may be recorded as asked for that pyproject.toml
no longer asks for; every pin must carry hashes; the two locks must pin shared packages alike.
Prints one line per problem and exits 1; regenerate with requirements/lock.sh.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "requirements/lock.sh"
# lock file -> the extras of pyproject.toml it holds besides the dependencies
LOCKS = {"requirements/runtime.txt": ("scale",), "requirements/test.txt": ("test", "scale")}

DEPENDENCIES = "project.dependencies"
BUILD = "build-system.requires"
# pip-compile's annotation of a package asked for directly: "qorgau (pyproject.toml)" for the
# dependencies and extras, "qorgau (pyproject.toml::build-system.requires)" for the build
_ASKED_BY = re.compile(r"\(pyproject\.toml(::build-system\.requires)?\)$")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)\s*\\?$")


@dataclass
class Pin:
    version: str
    line: int
    hashes: int = 0
    via: set[str] = field(default_factory=set)


def parse_lock(text: str, name: str) -> tuple[dict[str, Pin], list[str]]:
    """The pins of a pip-compile lock by normalised name, and the lines it could not read."""
    pins: dict[str, Pin] = {}
    problems: list[str] = []
    current: Pin | None = None
    in_via = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if not raw[0].isspace():
            in_via = False
            current = None
            if line.startswith("#"):
                continue
            match = _PIN.match(line)
            if match is None:
                problems.append(f"{name}:{number}: not an exact pin: {line}")
                continue
            package = canonicalize_name(match[1])
            if package in pins:
                problems.append(f"{name}:{number}: {match[1]} is pinned twice")
            current = pins[package] = Pin(match[2], number)
        elif current is None:
            problems.append(f"{name}:{number}: an indented line belongs to no pin: {line}")
        elif line.startswith("--hash="):
            current.hashes += 1
        elif line == "# via":
            in_via = True
        elif line.startswith("# via "):
            current.via.add(line.removeprefix("# via ").strip())
            in_via = False
        elif in_via and line.startswith("#   "):
            current.via.add(line.removeprefix("#   ").strip())
        elif not line.startswith("#"):
            problems.append(f"{name}:{number}: unexpected line: {line}")
    return pins, problems


def asked_for(pyproject: dict, extras: tuple[str, ...]) -> list[tuple[Requirement, str]]:
    """What pyproject.toml asks a lock with these extras to hold, with where it asks for it."""
    project = pyproject.get("project", {})
    sources = [(DEPENDENCIES, "", project.get("dependencies", []))]
    optional = project.get("optional-dependencies", {})
    for extra in extras:
        sources.append((f"project.optional-dependencies.{extra}", extra, optional.get(extra, [])))
    sources.append((BUILD, "", pyproject.get("build-system", {}).get("requires", [])))
    wanted = []
    for where, extra, texts in sources:
        for text in texts:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
                continue  # not for this Python/platform: pip-compile leaves it out too
            wanted.append((requirement, where))
    return wanted


def check_one(wanted: list[tuple[Requirement, str]], pins: dict[str, Pin], name: str) -> list[str]:
    problems = []
    build = {canonicalize_name(r.name) for r, where in wanted if where == BUILD}
    other = {canonicalize_name(r.name) for r, where in wanted if where != BUILD}
    for requirement, where in wanted:
        package = canonicalize_name(requirement.name)
        pin = pins.get(package)
        if pin is None:
            problems.append(f"{name}: {requirement} ({where}) is not pinned")
            continue
        try:
            allowed = requirement.specifier.contains(Version(pin.version), prereleases=True)
        except InvalidVersion:
            allowed = False
        if not allowed:
            problems.append(
                f"{name}: pins {requirement.name}=={pin.version}, "
                f"but {where} asks for {requirement}"
            )
        suffix = "::build-system.requires)" if where == BUILD else "(pyproject.toml)"
        if not any(via.endswith(suffix) for via in pin.via):
            problems.append(
                f"{name}: {requirement} ({where}) is pinned only as a dependency of "
                f"{', '.join(sorted(pin.via)) or 'nothing'}; the lock predates asking for it"
            )
    for package, pin in pins.items():
        for via in pin.via:
            match = _ASKED_BY.search(via)
            if match and package not in (build if match[1] else other):
                where = BUILD if match[1] else "pyproject.toml"
                problems.append(
                    f"{name}: pins {package}=={pin.version} as asked for by {where}, "
                    f"which no longer asks for it"
                )
        if pin.hashes == 0:
            problems.append(f"{name}:{pin.line}: {package}=={pin.version} has no --hash")
    return problems


def check(pyproject_text: str, locks: dict[str, str]) -> list[str]:
    """One line per problem; `locks` maps a lock's name (a key of LOCKS) to its text."""
    try:
        pyproject = tomllib.loads(pyproject_text)
    except tomllib.TOMLDecodeError as error:
        return [f"pyproject.toml: {error}"]
    problems: list[str] = []
    parsed: dict[str, dict[str, Pin]] = {}
    for name, text in locks.items():
        pins, unreadable = parse_lock(text, name)
        problems += unreadable
        parsed[name] = pins
        try:
            wanted = asked_for(pyproject, LOCKS.get(name, ()))
        except InvalidRequirement as error:
            return [f"pyproject.toml: {error}"]
        problems += check_one(wanted, pins, name)
    # the image must ship what CI tested: every runtime pin is a test pin, at the same version
    runtime, test = (parsed.get(name) for name in LOCKS)
    if runtime is not None and test is not None:
        for package, pin in runtime.items():
            tested = test.get(package)
            if tested is None or tested.version != pin.version:
                problems.append(
                    f"{'/'.join(LOCKS)}: pin {package} differently "
                    f"({pin.version} / {tested.version if tested else 'absent'})"
                )
    return problems


def main(root: Path = ROOT) -> int:
    locks = {}
    for name in LOCKS:
        path = root / name
        if not path.exists():
            print(f"{name}: missing; generate it with {REGENERATE}", file=sys.stderr)
            return 1
        locks[name] = path.read_text(encoding="utf-8")
    problems = check((root / "pyproject.toml").read_text(encoding="utf-8"), locks)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"the locks do not match pyproject.toml ({len(problems)} problem(s)); "
            f"regenerate them with: {REGENERATE}",
            file=sys.stderr,
        )
        return 1
    counts = ", ".join(f"{name} ({len(parse_lock(text, name)[0])} pins)"
                       for name, text in locks.items())
    print(f"{counts}: match pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
