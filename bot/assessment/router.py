"""The cruel-treatment pre-assessment: introduction, one question at a time, the result."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.assessment import screens as check
from bot.assessment.callbacks import AnswerPress, QuestionAction, QuestionPress
from bot.assessment.journey import Journey
from bot.kit.callbacks import Go, Screen, SomeonePage, SomeonePart
from bot.kit.screens import Screens
from dialogs import questionnaire
from dialogs.legal import Localized
from dialogs.questionnaire import Progress
from dialogs.scoring import Answer
from dialogs.urgency import answer_is_urgent


async def on_intro(query: CallbackQuery, screens: Screens) -> None:
    await check.intro(screens, query)


async def on_resume(query: CallbackQuery, screens: Screens) -> None:
    if not await check.where_we_are(screens, query):
        await check.intro(screens, query)


async def on_start(query: CallbackQuery, callback_data: QuestionPress, journey: Journey,
                   screens: Screens, callback_answer: CallbackAnswer) -> None:
    """Start, or go on with the check under way; "again" starts anew. A check about someone
    else (OTHER) goes on with one about someone else under way, and otherwise starts anew: one
    questionnaire is kept at a time, and its introduction said so."""
    progress, act = journey.progress, callback_data.act
    other = act == QuestionAction.OTHER and screens.content.assessment.third_person
    if (other and progress is not None and not progress.other
            and callback_data.q != progress.position + 1):
        # a press from a screen that did not say it replaces the check about oneself under
        # way (older, or forged): nothing is replaced; the introduction that says so instead
        callback_answer.text = str(screens.t("stale-button"))
        await check.intro(screens, query, other=True)
        return
    if (progress is None or act == QuestionAction.RESTART
            or (act == QuestionAction.OTHER and progress.other != other)):
        progress = Progress(edition=screens.content.assessment.id, other=other)
        await journey.save(progress)
    await check.question(screens, query, progress)


async def _current_or_stale(query: CallbackQuery, position: int, journey: Journey,
                            screens: Screens, callback_answer: CallbackAnswer) -> Progress | None:
    """The progress if the press belongs to the question on screen; otherwise say the button
    is old, show where the person really is, and return None."""
    progress = journey.progress
    if progress is not None and progress.position == position:
        return progress
    callback_answer.text = str(screens.t("stale-button"))
    if not await check.where_we_are(screens, query):
        await check.intro(screens, query)
    return None


async def _advance(query: CallbackQuery, progress: Progress, journey: Journey, screens: Screens,
                   *, urgent: bool = False, support: Localized | None = None) -> None:
    finished = questionnaire.is_finished(screens.content.assessment, progress)
    await journey.save(progress, finished=finished)
    if finished:
        # the result repeats the numbers and the support
        await check.result(screens, query, progress)
    else:
        await check.question(screens, query, progress, urgent=urgent, support=support)


async def on_answer(query: CallbackQuery, callback_data: AnswerPress, journey: Journey,
                    screens: Screens, callback_answer: CallbackAnswer) -> None:
    progress = await _current_or_stale(query, callback_data.q, journey, screens, callback_answer)
    if progress is None:
        return
    edition, answer = screens.content.assessment, Answer(callback_data.v)
    # A yes that may mean danger to life brings the emergency numbers at once, and a yes to
    # a criterion with support (2.2, suicide) the lines to talk to someone.
    urgent = answer_is_urgent(edition, progress, answer)
    support = questionnaire.support_after(edition, progress, answer)
    await _advance(query, questionnaire.answer(edition, progress, answer), journey, screens,
                   urgent=urgent, support=support)


async def on_question_action(query: CallbackQuery, callback_data: QuestionPress,
                             journey: Journey, screens: Screens,
                             callback_answer: CallbackAnswer) -> None:
    progress = await _current_or_stale(query, callback_data.q, journey, screens, callback_answer)
    if progress is None:
        return
    edition = screens.content.assessment
    match callback_data.act:
        case QuestionAction.LEGAL | QuestionAction.PLAIN:
            await check.question(screens, query, progress,
                                   legal=callback_data.act == QuestionAction.LEGAL)
        case QuestionAction.SKIP:
            await _advance(query, questionnaire.skip_block(edition, progress), journey, screens)
        case _:
            previous = questionnaire.back(progress, edition)
            if previous is None:
                await check.intro(screens, query, other=progress.other)
            else:
                await journey.save(previous)
                await check.question(screens, query, previous)


async def on_someone_check(query: CallbackQuery, screens: Screens) -> None:
    """The check worded about someone else, from the "someone else" section (bot.someone_else)."""
    await check.intro(screens, query, other=True)


async def on_unknown_button(query: CallbackQuery, screens: Screens,
                            callback_answer: CallbackAnswer) -> None:
    """A forged or outdated button in a private chat: say so briefly and show where the person
    really is (the question on screen before, else the menu)."""
    callback_answer.text = str(screens.t("stale-button"))
    if not await check.where_we_are(screens, query):
        await screens.menu(query)


def stale_router() -> Router:
    """The last router of the private branch for presses (bot/tree.py)."""
    router = Router(name="stale")
    router.callback_query.register(on_unknown_button)
    return router


def make_router() -> Router:
    router = Router(name="assessment")
    router.callback_query.register(on_someone_check,
                                   SomeonePage.filter(F.p == SomeonePart.CHECK))
    router.callback_query.register(on_intro, Go.filter(F.to == Screen.ASSESS))
    router.callback_query.register(on_resume, Go.filter(F.to == Screen.RESUME))
    router.callback_query.register(on_start, QuestionPress.filter(
        F.act.in_({QuestionAction.START, QuestionAction.RESTART, QuestionAction.OTHER})))
    router.callback_query.register(on_answer,
                                   AnswerPress.filter(F.v.in_({a.value for a in Answer})))
    router.callback_query.register(on_question_action, QuestionPress.filter(
        F.act.in_({QuestionAction.BACK, QuestionAction.SKIP, QuestionAction.LEGAL,
                   QuestionAction.PLAIN})))
    return router
