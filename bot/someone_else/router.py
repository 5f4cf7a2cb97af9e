"""Worried about someone else (/someone): for a relative, friend, neighbour or teacher.

One section of screens edited in place: how to talk to the person (general advice, labelled
as such); who may apply on the person's behalf (the rights edition's section "who", quoted with
its source and edition); how to report, and what a statement to the police contains (the
guidance edition's section "statement"); when a child is harmed (the bodies the manual names);
the pre-assessment worded about "the person" (assessment router, QuestionAction.OTHER); and a
request to a defender marked as coming from a third party (handoff router, DEFENDER_OTHER).

Nothing is kept by opening these screens: the section has no dialog state of its own.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import InlineKeyboardMarkup

from bot.kit import keyboards
from bot.kit.callbacks import Go, Screen, SomeonePage, SomeonePart
from bot.kit.i18n import Translator
from bot.kit.keyboards import Row, button, go
from bot.kit.screens import Screens
from bot.kit.show import Event, show
from dialogs.legal import GuidanceEdition, RightsEdition, Section

COMMAND = "someone"
COMMAND_TEXT = "cmd-someone"  # its line in Telegram's command menu (bot/commands.py)
MENU_LABEL = "btn-someone"  # the main menu's button (bot/kit/keyboards.py)
WHO_SECTION = "who"  # the rights edition's section: who may apply on a person's behalf
STATEMENT_KIND, STATEMENT_SECTION = "physical", "statement"  # what a statement contains

PARTS = (  # the section's pages, in the order of the index
    (SomeonePart.TALK, "so-btn-talk"),
    (SomeonePart.WHO, "so-btn-who"),
    (SomeonePart.REPORT, "so-btn-report"),
    (SomeonePart.CHILD, "so-btn-child"),
)


def who_section(rights: RightsEdition) -> Section | None:
    return next((s for s in rights.sections if s.id == WHO_SECTION), None)


def statement_section(guidance: GuidanceEdition) -> Section | None:
    kind = guidance.kind_by_id(STATEMENT_KIND)
    return next((s for s in kind.sections if s.id == STATEMENT_SECTION), None) if kind else None


# -- keyboards ---------------------------------------------------------------------------------
def index_keyboard(t: Translator, screens: Screens) -> InlineKeyboardMarkup:
    rows: list[Row] = [[button(t(label), SomeonePage(p=part))] for part, label in PARTS]
    if screens.content.assessment.third_person:
        rows.append([button(t("so-btn-check"), SomeonePage(p=SomeonePart.CHECK))])
    if screens.defenders:
        rows.append([go(t, "btn-someone-defender", Screen.DEFENDER_OTHER)])
    else:
        rows.append([go(t, "btn-talk", Screen.TALK)])
    return keyboards.screen(t, rows)


def page_keyboard(t: Translator, part: SomeonePart, defenders: bool) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    if part == SomeonePart.WHO:
        rows.append([go(t, "btn-rights", Screen.RIGHTS)])
    elif part == SomeonePart.REPORT:
        rows.append([go(t, "btn-guide", Screen.GUIDE)])
    if defenders:
        rows.append([go(t, "btn-someone-defender", Screen.DEFENDER_OTHER)])
    rows.append([go(t, "btn-someone-all", Screen.SOMEONE)])
    return keyboards.screen(t, rows)


# -- the pages ---------------------------------------------------------------------------------
def page_text(screens: Screens, part: SomeonePart) -> str:
    t, content = screens.t, screens.content
    match part:
        case SomeonePart.WHO:
            section = who_section(content.rights)
            if section is None:  # an organisation's edition without it: the rights index
                return str(t("so-who-missing"))
            return screens.render("someone_who.html.j2", edition=content.rights,
                                  section=section)
        case SomeonePart.REPORT:
            return screens.render("someone_report.html.j2", edition=content.guidance,
                                  section=statement_section(content.guidance))
        case SomeonePart.CHILD:
            return str(t("so-child"))
        case _:
            return str(t("so-talk"))


async def show_index(event: Event, screens: Screens) -> None:
    t = screens.t
    await show(event, f"<b>{t('so-title')}</b>\n\n{t('so-intro')}", index_keyboard(t, screens))


async def on_open(event: Event, screens: Screens) -> None:
    await show_index(event, screens)


async def on_page(event: Event, callback_data: SomeonePage, screens: Screens) -> None:
    part = callback_data.p  # CHECK, the check worded about the person, is bot.assessment's
    await show(event, page_text(screens, part), page_keyboard(screens.t, part, screens.defenders))


def make_router() -> Router:
    router = Router(name="someone")
    router.message.register(on_open, Command(COMMAND))
    router.callback_query.register(on_open, Go.filter(F.to == Screen.SOMEONE))
    router.callback_query.register(on_page, SomeonePage.filter())
    return router
