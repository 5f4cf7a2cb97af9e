"""Inline keyboards. Every screen ends with the safety row: emergency numbers and quick exit."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.ui.callbacks import (
    AnswerPress,
    EraseConfirm,
    Go,
    GuidePage,
    NewsAction,
    NewsPress,
    PickLanguage,
    QuestionAction,
    QuestionPress,
    QuickExit,
    RightsPage,
    Screen,
    TracePage,
)
from dialogs.scoring import Answer

Row = list[InlineKeyboardButton]


def button(text: str, data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=str(text), callback_data=data.pack())  # type: ignore[attr-defined]


def go(t: Translator, label_id: str, to: Screen) -> InlineKeyboardButton:
    return button(t(label_id), Go(to=to))


def safety_row(t: Translator, *, sos: bool = True) -> Row:
    """Emergency numbers and quick exit; the numbers' own screen leaves out 🆘 (it is there)."""
    exit_button = button(t("btn-exit"), QuickExit())
    return [go(t, "btn-sos", Screen.SOS), exit_button] if sos else [exit_button]


def screen(t: Translator, rows: Sequence[Row], *, menu: bool = True, sos: bool = True,
           ) -> InlineKeyboardMarkup:
    """The screen's own rows, a way back to the menu, then the safety row."""
    keyboard = [list(r) for r in rows if r]
    if menu:
        keyboard.append([go(t, "btn-menu", Screen.MENU)])
    keyboard.append(safety_row(t, sos=sos))
    return InlineKeyboardMarkup(inline_keyboard=keyboard)


LANGUAGE_LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def languages(t: Translator, *, menu: bool, greeting: bool = False) -> InlineKeyboardMarkup:
    """The chooser speaks to someone whose language is not known yet: every button is labelled
    in Kazakh, Russian and English, one to a row so the long labels are not cut."""
    rows = [[button(label, PickLanguage(code=code, greeting=greeting))
             for code, label in LANGUAGE_LABELS.items()]]
    if menu:
        rows.append([go(t, "btn-menu-trilingual", Screen.MENU)])
    rows += [[go(t, "btn-sos-trilingual", Screen.SOS)],
             [button(t("btn-exit-trilingual"), QuickExit())]]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def danger_question(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [[go(t, "btn-danger-yes", Screen.SOS)],
                      [go(t, "btn-danger-no", Screen.SAFE_NOW)],
                      [go(t, "btn-language-trilingual", Screen.GREETING_LANGUAGE)]], menu=False)


def talk_rows(t: Translator, defenders: bool) -> list[Row]:
    """A social defender through the bot when the defenders' group is set; the hotlines always."""
    rows = [[go(t, "btn-defender", Screen.DEFENDER)]] if defenders else []
    return [*rows, [go(t, "btn-talk", Screen.TALK)]]


def main_menu(t: Translator, resume_label: str | None, defenders: bool = False,
              ) -> InlineKeyboardMarkup:
    assess = (button(resume_label, Go(to=Screen.RESUME)) if resume_label
              else go(t, "btn-assess", Screen.ASSESS))
    rows = [
        [assess],
        [go(t, "btn-red-flags", Screen.RED_FLAGS)],
        [go(t, "btn-rights", Screen.RIGHTS), go(t, "btn-guide", Screen.GUIDE)],
        *talk_rows(t, defenders),
        [go(t, "btn-someone", Screen.SOMEONE)],
        [go(t, "btn-directory", Screen.DIRECTORY)],
        [go(t, "btn-plan", Screen.PLAN)],
        [button(t("btn-news"), NewsPress(act=NewsAction.OPEN))],
        [go(t, "btn-trace", Screen.HIDE)],
        [go(t, "btn-language", Screen.LANGUAGE), go(t, "btn-forget", Screen.FORGET)],
    ]
    return screen(t, rows, menu=False)


def after_numbers(t: Translator, resume_label: str | None) -> InlineKeyboardMarkup:
    rows = [[button(resume_label, Go(to=Screen.RESUME))]] if resume_label else []
    rows.append([go(t, "btn-continue", Screen.MENU)])
    return screen(t, rows, menu=False, sos=False)  # this is the 🆘 screen


def assessment_intro(t: Translator, *, other: bool = False, replacing: int = 0,
                     ) -> InlineKeyboardMarkup:
    """`replacing`: the check about oneself under way that Start replaces (its position + 1),
    else 0."""
    act = QuestionAction.OTHER if other else QuestionAction.START
    start = QuestionPress(q=replacing if other else 0, act=act)
    rows = [[button(t("btn-assess-start"), start)]]
    if other:  # back to the section it came from
        rows.append([go(t, "btn-someone-all", Screen.SOMEONE)])
    return screen(t, rows)


def question(t: Translator, position: int, *, legal_shown: bool) -> InlineKeyboardMarkup:
    answers = [
        button(t("btn-yes"), AnswerPress(q=position, v=Answer.YES)),
        button(t("btn-no"), AnswerPress(q=position, v=Answer.NO)),
        button(t("btn-unsure"), AnswerPress(q=position, v=Answer.UNSURE)),
    ]
    if legal_shown:
        toggle = button(t("btn-plain-words"), QuestionPress(q=position, act=QuestionAction.PLAIN))
    else:
        toggle = button(t("btn-legal-words"), QuestionPress(q=position, act=QuestionAction.LEGAL))
    # Four rows in all, so 🆘 and 🚪 stay on a small phone's screen without scrolling.
    rows = [
        answers,
        [button(t("btn-back"), QuestionPress(q=position, act=QuestionAction.BACK)),
         button(t("btn-skip-block"), QuestionPress(q=position, act=QuestionAction.SKIP))],
        [toggle, go(t, "btn-menu", Screen.MENU)],
    ]
    return screen(t, rows, menu=False)


def result(t: Translator, guide_kinds: Sequence[tuple[str, str]], defenders: bool = False,
           *, other: bool = False) -> InlineKeyboardMarkup:
    rows = [[button(t("btn-guide-for", kind=title), GuidePage(k=kind_id, s=-1))]
            for kind_id, title in guide_kinds] or [[go(t, "btn-guide", Screen.GUIDE)]]
    if other:  # a check about someone else: what the one asking can do, and a defender
        rows += [[go(t, "btn-someone-all", Screen.SOMEONE)]]
        if defenders:
            rows.append([go(t, "btn-someone-defender", Screen.DEFENDER_OTHER)])
        again = QuestionPress(q=0, act=QuestionAction.OTHER)
    else:
        rows += [[go(t, "btn-rights", Screen.RIGHTS)], *talk_rows(t, defenders)]
        again = QuestionPress(q=0, act=QuestionAction.RESTART)
    rows.append([button(t("btn-assess-again"), again)])
    return screen(t, rows)


def pages(titles: Sequence[str], make: type, **fixed: object) -> list[Row]:
    """One button per section, one to a row: Kazakh titles are long for a phone's width."""
    return [[button(f"{i + 1}. {title}", make(s=i, **fixed))] for i, title in enumerate(titles)]


def rights_index(t: Translator, titles: Sequence[str]) -> InlineKeyboardMarkup:
    return screen(t, pages(titles, RightsPage))


def prev_next(t: Translator, index: int, count: int, make: type, **fixed: object) -> Row:
    nav = []
    if index > 0:
        nav.append(button(t("btn-prev"), make(s=index - 1, **fixed)))
    if index + 1 < count:
        nav.append(button(t("btn-next"), make(s=index + 1, **fixed)))
    return nav


def rights_section(t: Translator, index: int, count: int) -> InlineKeyboardMarkup:
    nav = prev_next(t, index, count, RightsPage)
    return screen(t, [nav, [go(t, "btn-rights-all", Screen.RIGHTS)]])


def guide_index(t: Translator, kinds: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    return screen(t, [[button(title, GuidePage(k=kind_id, s=-1))] for kind_id, title in kinds])


def guide_kind(t: Translator, kind_id: str, titles: Sequence[str]) -> InlineKeyboardMarkup:
    rows = pages(titles, GuidePage, k=kind_id)
    rows.append([go(t, "btn-guide-all", Screen.GUIDE)])
    return screen(t, rows)


def guide_section(t: Translator, kind_id: str, index: int, count: int) -> InlineKeyboardMarkup:
    nav = prev_next(t, index, count, GuidePage, k=kind_id)
    return screen(t, [nav, [button(t("btn-guide-kind"), GuidePage(k=kind_id, s=-1))]])


def trace_tips(t: Translator, index: int, count: int, *, first: bool) -> InlineKeyboardMarkup:
    """◀ ▶ between the pages; on first contact a way on to the menu on every page (Skip, then
    Got it on the last), else the usual way back to the menu."""
    rows = [prev_next(t, index, count, TracePage, first=first)]
    if first:
        done = "btn-trace-done" if index + 1 >= count else "btn-trace-skip"
        rows.append([go(t, done, Screen.MENU)])
    return screen(t, rows, menu=not first)


def erase_confirm(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [[button(t("btn-erase-yes"), EraseConfirm(yes=True))],
                      [button(t("btn-erase-no"), EraseConfirm(yes=False))],
                      [go(t, "btn-mydata", Screen.MYDATA)]], menu=False)


def back_to_menu(t: Translator) -> InlineKeyboardMarkup:
    return screen(t, [])


def talk(t: Translator, defenders: bool) -> InlineKeyboardMarkup:
    return screen(t, [[go(t, "btn-defender", Screen.DEFENDER)]] if defenders else [])
