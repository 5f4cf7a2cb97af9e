"""The screens every feature leads back to: greeting, languages, the menu, the numbers, talking
to a person, erasing, keeping the chat hidden.

One `Screens` is made per update (bot/context.py, registered with the context middleware at
the composition root), bundling what these screens need: the person's texts, the legal
content, the questionnaire under way (for the menu's "continue" button: `Underway`, which the
assessment's journey is), and whether a social defender can be reached and when.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Protocol

from bot.kit import hours as hours_ui
from bot.kit import keyboards
from bot.kit.content import LegalContent
from bot.kit.i18n import Translator
from bot.kit.render import Templates
from bot.kit.show import Event, show
from dialogs import questionnaire
from dialogs.questionnaire import Progress
from dialogs.working_hours import WorkingHours


class Underway(Protocol):
    """The questionnaire under way, read once per update (bot.assessment.journey.Journey)."""

    @property
    def progress(self) -> Progress | None: ...


class Dialog(Underway, Protocol):
    """The dialog under way (bot.assessment.journey.Journey): /cancel ends it."""

    @property
    def in_dialog(self) -> bool: ...

    async def clear(self) -> None: ...


@dataclass(frozen=True)
class Known:
    """A questionnaire under way known without a journey (after leaving another dialog)."""

    progress: Progress | None


@dataclass(frozen=True)
class Screens:
    t: Translator
    content: LegalContent
    templates: Templates
    journey: Underway
    defenders: bool = False  # a social defender can be reached through the bot (the desk)
    hours: WorkingHours | None = None  # the defenders' hours (DEFENDERS_HOURS), if set

    def in_locale(self, t: Translator) -> Screens:
        """The same screens in another language (just after the person picked one)."""
        return replace(self, t=t)

    def render(self, template: str, **values: object) -> str:
        return self.templates.render(template, t=self.t, locale=self.t.locale, **values)

    async def start(self, event: Event) -> None:
        """Safety first: the first screen asks whether the person is in danger right now."""
        t = self.t
        await show(event, t("start-greeting"), keyboards.danger_question(t))

    async def languages(self, event: Event, *, menu: bool, greeting: bool = False) -> None:
        t = self.t
        await show(event, t("language-choose"),
                   keyboards.languages(t, menu=menu, greeting=greeting))

    async def menu(self, event: Event, *, intro: str = "menu-title") -> None:
        t = self.t
        await show(event, t(intro),
                   keyboards.main_menu(t, self._resume_label()))

    async def more(self, event: Event) -> None:
        t = self.t
        await show(event, t("more-title"), keyboards.more_menu(t))

    async def numbers(self, event: Event) -> None:
        t = self.t
        await show(event, t("sos-text"), keyboards.after_numbers(t, self._resume_label()))

    async def talk(self, event: Event) -> None:
        """The hotlines, and whether a social defender can be reached here."""
        t = self.t
        offer = t("talk-defender-offer") if self.defenders else t("talk-no-defender")
        hours = hours_ui.schedule(t, self.hours, time.time()) if self.defenders else None
        await show(event, hours_ui.paragraphs(t("talk-text"), offer, hours),
                   keyboards.talk(t, self.defenders))

    def _resume_label(self) -> str | None:
        """'Continue the pre-assessment (question 5 of 16)' while one is under way."""
        progress = self.journey.progress
        if progress is None:
            return None
        t = self.t
        number, total = progress.position + 1, questionnaire.total(self.content.assessment)
        if progress.other:
            return str(t("btn-assess-resume-other", number=number, total=total))
        return str(t("btn-assess-resume", number=number, total=total))
