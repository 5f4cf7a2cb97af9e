"""The questionnaire's screens: its introduction, a question, the result, and "where we are"
after a stale press. They show on the shared `Screens` of the update (bot.kit.screens)."""

from __future__ import annotations

from bot.assessment import keyboards as check_keys
from bot.kit.screens import Screens
from bot.kit.show import Event, show
from dialogs import questionnaire
from dialogs.fit import fit
from dialogs.legal import Localized
from dialogs.questionnaire import Progress
from dialogs.scoring import score
from dialogs.urgency import any_urgent


async def intro(screens: Screens, event: Event, *, other: bool = False) -> None:
    """The check's introduction; `other`: the check about someone else, which says so
    when a check about oneself is under way (starting this one replaces it)."""
    edition = screens.content.assessment
    other = other and edition.third_person
    progress = screens.journey.progress
    replaces = other and progress is not None and not progress.other
    text = screens.render("assessment_intro.html.j2", edition=edition, other=other,
                       replaces=replaces, total=questionnaire.total(edition))
    # its Start names the check it replaces, so an older press cannot replace one
    replacing = progress.position + 1 if replaces and progress is not None else 0
    await show(event, text, check_keys.assessment_intro(screens.t, other=other,
                                                       replacing=replacing))


async def question(screens: Screens, event: Event, progress: Progress, *, legal: bool = False,
                   reprompt: bool = False, urgent: bool = False,
                   support: Localized | None = None) -> None:
    edition = screens.content.assessment
    here = questionnaire.current(edition, progress)
    if here is None:
        return
    block, criterion = here
    text = screens.render(
        "question.html.j2", edition=edition, block=block, criterion=criterion,
        question=questionnaire.question(criterion, progress), other=progress.other,
        number=progress.position + 1, total=questionnaire.total(edition), legal=legal,
        reprompt=reprompt, urgent=urgent, previous=progress.answers.get(criterion.id),
        support=support,
    )
    await show(event, text, check_keys.question(screens.t, progress.position, legal_shown=legal))


async def result(screens: Screens, event: Event, progress: Progress) -> None:
    edition, locale = screens.content.assessment, screens.t.locale
    result = score(edition, progress.answers, progress.skipped)
    # A yes or a "not sure" in a block is worth that kind's guidance.
    kinds = [(k.id, k.title.get(locale)) for b in result.blocks
             if b.touched and (k := screens.content.guidance.kind_by_id(b.block_id))]
    values = dict(edition=edition, result=result, guide=bool(kinds),
                  other=progress.other,
                  urgent=any_urgent(edition, progress.answers),
                  support=questionnaire.supports(edition, progress.answers, progress.other),
                  blocks={b.id: b.title.get(locale) for b in edition.blocks},
                  questions={c.id: questionnaire.question(c, progress).get(locale)
                             for c in edition.criteria})
    # Many "not sure" answers may not fit listed one by one: then they are counted.
    text = fit(lambda detail: screens.render("assessment_result.html.j2",
                                          unsure_detail=detail, **values))
    await show(event, text, check_keys.result(screens.t, kinds, screens.defenders,
                                             other=progress.other))


async def where_we_are(screens: Screens, event: Event) -> bool:
    """Re-show the question on screen before (after a stale press); False when no
    questionnaire is under way. A typed message never comes here: the fallback's note
    leaves the screen where it is (bot/pipeline/fallback.py)."""
    progress = screens.journey.progress
    if progress is None:
        return False
    await question(screens, event, progress)
    return True
