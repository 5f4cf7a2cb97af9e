"""Canned answers (issue #27): each organisation keeps short answers in kk, ru and en, edited in
its group, and sends one into a case by name in the person's language, signed like any reply.

    /answers                           the organisation's answers and their languages
    /answers set <name> <kk|ru|en> <text>   add or change one language of an answer (a preview
                                       shows it as the person will get it)
    /answers delete <name> [kk|ru|en]  delete an answer, or one language of it
    /a <name>                          in a case's topic: the answer, in the person's language

Members of the organisation's group edit and send; a name is its own: another organisation's
answers are never seen or sent from here.
"""

from __future__ import annotations

import re

from aiogram.filters import CommandObject
from aiogram.types import Message

from bot.handoff.desk import CaseDesk
from bot.handoff.in_group import acting_case, acting_org, answer
from bot.kit.text import utf16_len
from bot.pipeline.members import Members
from dialogs.organisations import LOCALES
from storage.canned import CannedRepo

NAME = re.compile(r"^\w[\w-]{0,31}$")
TEXT_LIMIT = 3000  # characters: with the signature, well within a message


def _languages(locales: list[str]) -> str:
    return ", ".join(code for code in LOCALES if code in locales)


async def on_answers(message: Message, command: CommandObject, desk: CaseDesk,
                     members: Members) -> None:
    org = await acting_org(message, desk, members)
    if org is None or message.from_user is None:
        return
    t = desk.t_defenders
    canned = CannedRepo(desk.cases.db)
    verb, _, rest = (command.args or "").strip().partition(" ")
    if verb == "set":
        name, _, rest = rest.strip().partition(" ")
        locale, _, text = rest.strip().partition(" ")
        text = text.strip()
        if not NAME.match(name) or locale not in LOCALES or not text or \
                len(text) > TEXT_LIMIT:
            await answer(message, t("answers-usage", limit=TEXT_LIMIT))
            return
        await canned.put(org.key, name, locale, text, message.from_user.id)
        await answer(message, t("answers-saved", name=name, language=locale, text=text))
    elif verb == "delete":
        name, _, locale = rest.strip().partition(" ")
        versions = await canned.versions(org.key, name)
        gone = [locale] if locale in versions else list(versions) if not locale else []
        if not gone:
            await answer(message, t("answers-not-found", name=name))
            return
        await canned.delete(org.key, name, locale or None)
        await answer(message, t("answers-deleted", name=name, languages=_languages(gone)))
    else:
        names = await canned.names(org.key)
        lines = [str(t("answers-line", name=n, languages=_languages(ls)))
                 for n, ls in names.items()]
        head = t("answers-title") if lines else t("answers-none")
        await answer(message, "\n".join([head, *lines, "", t("answers-usage",
                                                              limit=TEXT_LIMIT)]))


async def on_send_answer(message: Message, command: CommandObject, desk: CaseDesk,
                         members: Members) -> None:
    """/a name: the answer to the person of this topic's case, in their language."""
    case = await acting_case(message, desk, members)
    if case is None or message.from_user is None:
        return
    t = desk.t_defenders
    name = (command.args or "").strip()
    if not name:
        await answer(message, t("answers-usage", limit=TEXT_LIMIT))
        return
    versions = await CannedRepo(desk.cases.db).versions(case.org, name)
    if not versions:
        await answer(message, t("answers-not-found", name=name))
        return
    locale = str(case.summary.get("locale") or "")
    text = versions.get(locale)
    if text is None:
        await answer(message, t("answers-missing", name=name, language=locale or "?",
                                languages=_languages(list(versions))))
        return
    # the command's own words (and their formatting) are not the person's: all of it is cut
    await desk.relay_out(message, case, message.from_user.id, text=text,
                         cut=utf16_len(message.text or ""))
