"""The sandbox driven through standard input, as a newcomer or NGO staff would use it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.screens import label, plain

SCRIPT = "\n".join([
    "/start",  # a client with no language: the bot offers a choice
    "2",  # Русский
    "2",  # "No, not right now" -> the trace tips, once, before the menu
    ":sticker",  # unexpected input gets a calm re-prompt
    "/language",
    "3",  # English
    ":view defender",
    ":view victim",
    "1",  # a menu press: the pre-assessment
    ":quit",
]) + "\n"


def sandbox(script: str, folder: Path) -> str:
    """What `qorgau sandbox` printed for this standard input; it must end cleanly."""
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    result = subprocess.run([sys.executable, "-m", "bot", "sandbox"], input=script, text=True,
                            capture_output=True, timeout=180, cwd=folder, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_sandbox_start_menu_language_quit(tmp_path: Path) -> None:
    out = sandbox(SCRIPT, tmp_path)
    assert "[1] Қазақша   [2] Русский   [3] English" in out
    assert plain("ru", "start-greeting") in out
    assert f"[1] {label('ru', 'btn-assess')}" in out
    assert plain("ru", "fallback-menu") in out
    assert plain("en", "language-changed") in out
    assert "(you are now the defender" in out
    assert plain("en", "assess-intro-title") in out
    assert out.rstrip().endswith("(sandbox closed)")
    assert not list(tmp_path.iterdir())  # nothing left behind in the working folder


HANDOFF = "\n".join([
    "/start", "2", "2",  # Русский, not in danger now: the trace tips, once
    "2",  # skip them: the menu
    "5",  # Write to a social defender
    "1",  # Astana
    "2",  # children: no
    "2",  # in danger now: no
    "1",  # contact: only here in the bot
    "Мне нужна консультация",  # in my own words
    "1",  # send to a defender
    ":view defender",
    "1",  # take the case
    ":view victim",
    "Здравствуйте, вы здесь?",  # goes to the defender
    ":view defender",
    ":reply Да, я ваш защитник.",
    ":view victim",
    ":quit",
]) + "\n"


def test_sandbox_both_sides_of_a_case(tmp_path: Path) -> None:
    out = sandbox(HANDOFF, tmp_path)
    victim, _, rest = out.partition("(you are now the defender")
    assert plain("ru", "case-intake-sent", case=1).splitlines()[0] in victim
    assert plain("ru", "case-title", case=1) in rest  # the summary in the topic
    assert plain("ru", "case-status-taken", name=plain("ru", "case-defender")) in rest
    assert "Здравствуйте, вы здесь?" in rest  # the person's words, copied into the topic
    assert "👤 Защитник:\nДа, я ваш защитник." in out.rpartition("(you are now the victim")[2]


TRACE = "\n".join([
    "/start", "1", "2",  # Қазақша, not in danger now: the trace tips, page 1
    "1",  # ▶ page 2
    "3",  # skip: the menu
    "/language", "2",  # Русский
    "/hide", "1",  # the tips again, ▶ page 2
    "/language", "3",  # English
    "/hide",
    ":quit",
]) + "\n"


def test_sandbox_shows_the_trace_tips_in_three_languages(tmp_path: Path) -> None:
    out = sandbox(TRACE, tmp_path)
    for locale, pages in (("kk", (1, 2)), ("ru", (1, 2)), ("en", (1,))):
        assert plain(locale, "trace-general") in out
        for page in pages:
            assert plain(locale, f"trace-page-{page}") in out
    assert f"[2] {label('kk', 'btn-trace-skip')}" in out
    assert re.search(rf"\[\d+\] {re.escape(label('ru', 'btn-trace'))}", out)  # in the menu
