"""The screens several routers show: greeting, languages, menu, numbers, and the questionnaire's.

One `Screens` is made per update by the context middleware, bundling what every screen needs
(the person's texts, the legal content, the questionnaire under way), so handlers stay short.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from bot.content import LegalContent
from bot.i18n import Translator
from bot.journey import Journey
from bot.render import Templates
from bot.ui import hours as hours_ui
from bot.ui import keyboards
from bot.ui.show import Event, show
from dialogs import questionnaire
from dialogs.fit import fit
from dialogs.legal import Localized
from dialogs.questionnaire import Progress
from dialogs.scoring import score
from dialogs.urgency import any_urgent
from dialogs.working_hours import WorkingHours

# Keep this chat hidden (texts/locales/*/trace.ftl): auto-delete and the 48 hours of quick exit;
# deleting, archiving, a passcode, notifications; signs of spyware and Telegram's devices.
TRACE_PAGES = ("trace-page-1", "trace-page-2", "trace-page-3")


@dataclass(frozen=True)
class Screens:
    t: Translator
    content: LegalContent
    templates: Templates
    journey: Journey
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

    async def trace(self, event: Event, page: int, *, first: bool) -> None:
        """Keep this chat hidden: one screen, its pages edited in place."""
        t, count = self.t, len(TRACE_PAGES)
        page = min(max(page, 0), count - 1)
        where = t("trace-page", number=page + 1, total=count)
        text = (f"<b>{t('trace-title')}</b> · {where}\n\n"
                f"{t(TRACE_PAGES[page])}\n\n<i>{t('trace-general')}</i>")
        await show(event, text, keyboards.trace_tips(t, page, count, first=first))

    async def languages(self, event: Event, *, menu: bool, greeting: bool = False) -> None:
        t = self.t
        await show(event, t("language-choose"),
                   keyboards.languages(t, menu=menu, greeting=greeting))

    async def menu(self, event: Event, *, intro: str = "menu-title") -> None:
        t = self.t
        await show(event, t(intro),
                   keyboards.main_menu(t, self._resume_label(), self.defenders))

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

    async def erase_confirm(self, event: Event) -> None:
        t = self.t
        await show(event, t("forget-confirm"), keyboards.erase_confirm(t))

    async def intro(self, event: Event, *, other: bool = False) -> None:
        """The check's introduction; `other`: the check about someone else, which says so
        when a check about oneself is under way (starting this one replaces it)."""
        edition = self.content.assessment
        other = other and edition.third_person
        progress = self.journey.progress
        replaces = other and progress is not None and not progress.other
        text = self.render("assessment_intro.html.j2", edition=edition, other=other,
                           replaces=replaces, total=questionnaire.total(edition))
        # its Start names the check it replaces, so an older press cannot replace one
        replacing = progress.position + 1 if replaces and progress is not None else 0
        await show(event, text, keyboards.assessment_intro(self.t, other=other,
                                                           replacing=replacing))

    async def question(self, event: Event, progress: Progress, *, legal: bool = False,
                       reprompt: bool = False, urgent: bool = False,
                       support: Localized | None = None) -> None:
        edition = self.content.assessment
        here = questionnaire.current(edition, progress)
        if here is None:
            return
        block, criterion = here
        text = self.render(
            "question.html.j2", edition=edition, block=block, criterion=criterion,
            question=questionnaire.question(criterion, progress), other=progress.other,
            number=progress.position + 1, total=questionnaire.total(edition), legal=legal,
            reprompt=reprompt, urgent=urgent, previous=progress.answers.get(criterion.id),
            support=support,
        )
        await show(event, text, keyboards.question(self.t, progress.position, legal_shown=legal))

    async def result(self, event: Event, progress: Progress) -> None:
        edition, locale = self.content.assessment, self.t.locale
        result = score(edition, progress.answers, progress.skipped)
        # A yes or a "not sure" in a block is worth that kind's guidance.
        kinds = [(k.id, k.title.get(locale)) for b in result.blocks
                 if b.touched and (k := self.content.guidance.kind_by_id(b.block_id))]
        values = dict(edition=edition, result=result, guide=bool(kinds),
                      other=progress.other,
                      urgent=any_urgent(edition, progress.answers),
                      support=questionnaire.supports(edition, progress.answers, progress.other),
                      blocks={b.id: b.title.get(locale) for b in edition.blocks},
                      questions={c.id: questionnaire.question(c, progress).get(locale)
                                 for c in edition.criteria})
        # Many "not sure" answers may not fit listed one by one: then they are counted.
        text = fit(lambda detail: self.render("assessment_result.html.j2",
                                              unsure_detail=detail, **values))
        await show(event, text, keyboards.result(self.t, kinds, self.defenders,
                                                 other=progress.other))

    async def where_we_are(self, event: Event, *, reprompt: bool = False) -> bool:
        """Re-show the question on screen before; False when no questionnaire is under way."""
        progress = self.journey.progress
        if progress is None:
            return False
        await self.question(event, progress, reprompt=reprompt)
        return True

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
