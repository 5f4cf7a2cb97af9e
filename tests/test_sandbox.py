"""The sandbox driven through standard input, as a newcomer or NGO staff would use it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

from tests.harness import run_qorgau
from tests.screens import label, plain

SCRIPT = "\n".join([
    "/start",  # a client with no language: the bot offers a choice
    "2",  # Русский
    "2",  # "No, not right now" -> the trace tips, once, before the menu
    ":sticker",  # unexpected input gets a calm note; the screen above stays
    "/language",
    "3",  # English
    ":view defender",
    ":view victim",
    "1",  # a menu press: the pre-assessment
    ":quit",
]) + "\n"


def run_sandbox(script: str, folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`qorgau sandbox` with this standard input (closed after it) and these settings."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS", "DATA_KEY", "METRICS_LISTEN")}
    return run_qorgau(folder, {**clean, **env}, timeout=180, command="sandbox", input=script)


def sandbox(script: str, folder: Path, **env: str) -> str:
    """What `qorgau sandbox` printed for this standard input; it must end cleanly, say nothing
    about keys and leave nothing behind."""
    result = run_sandbox(script, folder, **env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "data key" not in result.stderr + result.stdout  # its database is temporary
    assert not list(folder.iterdir())
    return result.stdout


def test_sandbox_start_menu_language_quit(tmp_path: Path) -> None:
    out = sandbox(SCRIPT, tmp_path)
    assert "[1] Қазақша   [2] Русский   [3] English" in out
    assert plain("ru", "start-greeting") in out
    assert f"[1] {label('en', 'btn-assess')}" in out  # the menu after the language changed
    assert plain("ru", "typed-kept", count=1) in out
    assert plain("en", "language-changed") in out
    assert "(you are now the defender" in out
    assert plain("en", "assess-intro-title") in out
    assert out.rstrip().endswith("(sandbox closed)")
    assert not list(tmp_path.iterdir())  # nothing left behind in the working folder


HANDOFF = "\n".join([
    "/start", "2", "2",  # Русский, not in danger now: the trace tips, once
    "2",  # skip them: the menu
    "6",  # Talk to a person
    "1",  # Write to a social defender
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
    # the 👍 the bot sets on the defender's reply once the person has it
    replied = rest.rpartition(":reply")[2]
    assert re.search(r"\(👍 on msg \d+: “Да, я ваш защитник\.”\)", replied), replied
    assert "👤 Защитник:\nДа, я ваш защитник." in out.rpartition("(you are now the victim")[2]


TWO_ORGANISATIONS = "\n".join([
    "/start", "2", "2", "2",  # Русский, not in danger now, skip the tips: the menu
    "6", "1",  # 💬 talk to a person, 🤝 write to a defender
    "4",  # Abai region: only the sandbox's national line serves it
    "2", "2", "1",  # no children, not in danger now, only here in the bot
    "Мне нужна консультация",
    "1",  # send
    ":view defender 1",
    ":view defender 2",
    "1",  # take the case
    ":quit",
]) + "\n"


def test_sandbox_shows_two_organisations(tmp_path: Path) -> None:
    """The sandbox's two organisations: a request from the Abai region goes to the national
    line's group (:view defender 2), and the city centre's group (:view defender 1) sees
    nothing of it."""
    out = sandbox(TWO_ORGANISATIONS, tmp_path)
    victim, _, groups = out.partition("(you are now the defender 1")
    assert plain("ru", "case-intake-org", name="Национальная линия (песочница)") in victim
    assert plain("ru", "case-intake-sent-org", name="Национальная линия (песочница)") in victim
    first, _, second = groups.partition("(you are now the defender 2")
    assert plain("ru", "case-title", case=1) not in first
    assert plain("ru", "case-title", case=1) in second
    assert plain("ru", "case-status-taken", name=plain("ru", "case-defender")) in second


KEYBOARDS = "\n".join([
    "/start", "2", "2", "2",  # Русский, not in danger now, skip the tips: the menu
    "7", "1",  # 📍 where to get help, nearest to me: the location keyboard
    "4",  # its button, numbered after the screen's three: the location is sent
    "/menu", "6", "1",  # 💬 talk to a person, 🤝 write to a defender
    "1", "2", "2",  # Astana, no children, not in danger now
    "2",  # contact: by phone: the share-my-number keyboard
    "📱 отправить мой номер",  # its text, typed (in any case), presses it: the contact
    ":quit",
]) + "\n"


def test_sandbox_draws_reply_keyboards_and_presses_them(tmp_path: Path) -> None:
    """A reply keyboard shows under the message that brought it, numbered after the latest
    screen's buttons; its number or its text presses it, as a phone would send."""
    out = sandbox(KEYBOARDS, tmp_path)
    location = label("ru", "btn-dir-send-location")
    assert f"{plain('ru', 'dir-location-button')}\n   ⌨ [4] {location}\n" in out
    assert plain("ru", "dir-near-title").splitlines()[0] in out  # the location arrived
    phone = label("ru", "btn-share-phone")
    assert re.search(rf"   ⌨ \[\d+\] {re.escape(phone)}\n", out)
    after = out.rpartition(phone)[2]
    assert plain("ru", "case-intake-description").splitlines()[0] in after  # number taken
    assert "(no button" not in out


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
    assert re.search(rf"\[\d+\] {re.escape(label('ru', 'btn-more'))}", out)  # in the menu


def test_sandbox_as_an_ngo_admin_who_never_opened_the_bot(tmp_path: Path) -> None:
    out = sandbox(":view admin\n/broadcast\n", tmp_path, ADMIN_IDS="900001")  # no :quit
    assert ":view admin" in out.split("(you are now the admin")[0]  # the banner says how
    assert plain("ru", "bc-audience") in out.split("(you are now the admin")[1]
    assert out.rstrip().endswith("(sandbox closed)")


def test_a_start_up_error_inside_the_sandbox_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_sandbox("", tmp_path, METRICS_LISTEN=f"127.0.0.1:{port}")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "METRICS_LISTEN" in lines[0], result.stderr
    assert "Qorgau sandbox" not in result.stdout


JOURNAL = "\n".join([
    "/journal", "1",  # a new entry
    "1", "1",  # just now; at home
    "Он кричал и толкнул меня", "Синяк на руке",  # what happened, injuries
    "1",  # witnesses: skipped
    ":photo", "1",  # a photo, then done
    "1", "8",  # the police were called; save
    "/journal", "4", "1", "1",  # a draft: a statement to the police, in Russian (offered
    #                              first to an English client: the police take kk or ru)
    "1", "2", "1",  # entry №1, the draft seen, its PDF here
    ":quit",
]) + "\n"


def test_sandbox_shows_the_journal_and_saves_the_draft_pdf(tmp_path: Path) -> None:
    out = sandbox(JOURNAL, tmp_path)
    assert plain("en", "journal-files-count", count=1) in out  # the sandbox's client: English
    assert "✅ Entry №1 is stored" in out
    assert plain("en", "journal-doc-warning") in out and "ЗАЯВЛЕНИЕ" in out  # Russian, first
    saved = re.search(r"\(the file is saved to (\S+\.pdf)\)", out)
    assert saved, out[-2000:]
    pdf = Path(saved.group(1))
    try:
        assert pdf.read_bytes().startswith(b"%PDF")
    finally:
        shutil.rmtree(pdf.parent)
