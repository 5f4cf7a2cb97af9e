"""/mydata: what the bot keeps about the person, in their language, on one screen (edited in
place when reached by a button on the erase screen). Erase all (/forget) and back to the menu.

The facts come from storage.person_data; the screen is texts/templates/mydata.html.j2.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from aiogram import F, Router
from aiogram.filters import Command
from markupsafe import Markup

from bot.kit import keyboards
from bot.kit.callbacks import Go, Screen
from bot.kit.i18n import Translator
from bot.kit.render import Templates
from bot.kit.show import Event, show
from bot.kit.text import TEXT_LIMIT, utf16_len
from dialogs import intake, questionnaire
from dialogs.clock import ALMATY
from dialogs.handoff import CaseSummary
from storage.cases import Case
from storage.db import Database
from storage.people import PeopleRepo
from storage.person_data import PersonData, gather

CASE_STATES = {"new": "mydata-case-new", "taken": "mydata-case-taken",
               "closed": "mydata-case-closed"}


def dialog_name(state: str | None) -> str | None:
    """The Fluent id naming the dialog under way, never the raw state."""
    if state is None:
        return None
    if state == questionnaire.ANSWERING:
        return "mydata-dialog-assessment"
    if state == questionnaire.FINISHED:
        return "mydata-dialog-assessment-done"
    if state.startswith(f"{intake.STATE_GROUP}:"):
        return "mydata-dialog-intake"
    return "mydata-dialog-other"


def opened_on(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, ALMATY).strftime("%d.%m.%Y")


def case_line(t: Translator, case: Case) -> dict[str, object]:
    state = t(CASE_STATES.get(case.state, "mydata-case-closed"))
    if case.blocked:
        state = Markup("{}; {}").format(state, t("mydata-case-blocked"))
    return {"id": case.id, "time": opened_on(case.created_at), "state": state}


def mydata_text(t: Translator, templates: Templates, desk: Summaries | None,
                data: PersonData, limit: int = TEXT_LIMIT) -> str:
    """The screen's HTML, within Telegram's limit: the open request's summary is shortened
    (the person's own words first, before escaping, so no tag or entity is cut) or left out."""
    languages = keyboards.LANGUAGE_LABELS
    news = data.subscription.locale if data.subscription else None

    def render(summary: Markup | None, shortened: bool = False) -> str:
        return templates.render(
            "mydata.html.j2", t=t, data=data, language=languages.get(data.locale or ""),
            news_language=languages.get(news or "", news or ""),
            dialog=dialog_name(data.dialog.state) if data.dialog else None,
            cases=[case_line(t, c) for c in data.cases], summary=summary, shortened=shortened,
            plan_time=opened_on(data.safety_plan_at) if data.safety_plan_at else None)

    case = data.open_case
    if case is None or not case.summary or desk is None:
        return render(None)
    summary = CaseSummary.from_data(case.summary)

    def with_words(words: str | None, shortened: bool = False) -> str:
        cut = replace(summary, description=words)
        # the output of case_summary.html.j2, which autoescapes what the person wrote
        return render(Markup(desk.summary_text(cut, t, case.id)), shortened)  # noqa: S704

    text = with_words(summary.description)
    if utf16_len(text) <= limit:
        return text
    words = summary.description or ""
    low, high = 0, len(words)  # the longest beginning of their words that fits
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_len(with_words(words[:middle].rstrip() + "…", True)) <= limit:
            low = middle
        else:
            high = middle - 1
    text = with_words(words[:low].rstrip() + "…", True) if low else ""
    if text and utf16_len(text) <= limit:
        return text
    return render(None)


class Summaries(Protocol):
    """The open request's summary as the person sees it (bot.handoff's `CaseDesk` is one)."""

    def summary_text(self, summary: CaseSummary, t: Translator, case_id: int | None = None,
                     ) -> str: ...


@dataclass(frozen=True)
class Records:
    """Where the screen reads what is kept: the feature's one context, made once at the
    composition root (bot/app.py) and handed to its handler as `records`."""

    db: Database
    people: PeopleRepo
    templates: Templates
    desk: Summaries | None = None


async def on_mydata(event: Event, t: Translator, records: Records) -> None:
    person = event.from_user.id  # type: ignore[union-attr]  # private chats: always a sender
    data = await gather(records.db, records.people.dialogs, person)
    markup = keyboards.screen(t, [[keyboards.go(t, "btn-forget", Screen.FORGET)]])
    await show(event, mydata_text(t, records.templates, records.desk, data), markup)


def make_router() -> Router:
    router = Router(name="mydata")
    router.message.register(on_mydata, Command("mydata"))
    router.callback_query.register(on_mydata, Go.filter(F.to == Screen.MYDATA))
    return router
