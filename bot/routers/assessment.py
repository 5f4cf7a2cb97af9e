"""The cruel-treatment pre-assessment: introduction, one question at a time, the result."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot import keyboards
from bot.callbacks import AnswerPress, Go, QuestionAction, QuestionPress, Screen
from bot.content import LegalContent
from bot.i18n import Translator
from bot.render import Templates
from bot.screens import Event, show
from dialogs import questionnaire
from dialogs.questionnaire import Progress
from dialogs.scoring import Answer, score
from dialogs.states import Assessment

router = Router(name="assessment")
MESSAGE_LIMIT = 4000  # Telegram takes 4096 characters; HTML tags only make the count safer
router.callback_query.filter(F.message.chat.type == "private")


async def load_progress(state: FSMContext, content: LegalContent) -> Progress | None:
    """The questionnaire under way, if any, for the edition in force."""
    if await state.get_state() != Assessment.answering.state:
        return None
    progress = Progress.from_data((await state.get_data()).get("assessment", {}))
    if progress is None or progress.edition != content.assessment.id:
        return None
    return progress


async def save_progress(state: FSMContext, progress: Progress, finished: bool = False) -> None:
    await state.set_state(Assessment.finished if finished else Assessment.answering)
    await state.update_data(assessment=progress.to_data())


async def show_intro(event: Event, t: Translator, content: LegalContent,
                     templates: Templates) -> None:
    edition = content.assessment
    text = templates.render("assessment_intro.html.j2", t=t, edition=edition, locale=t.locale,
                            total=questionnaire.total(edition))
    await show(event, text, keyboards.assessment_intro(t))


async def show_question(event: Event, t: Translator, content: LegalContent, templates: Templates,
                        progress: Progress, *, legal: bool = False, reprompt: bool = False,
                        urgent: bool = False) -> None:
    edition = content.assessment
    here = questionnaire.current(edition, progress)
    if here is None:
        return
    block, criterion = here
    text = templates.render(
        "question.html.j2", t=t, locale=t.locale, edition=edition, block=block,
        criterion=criterion, number=progress.position + 1, total=questionnaire.total(edition),
        legal=legal, reprompt=reprompt, urgent=urgent,
        previous=progress.answers.get(criterion.id),
    )
    await show(event, text, keyboards.question(t, progress.position, legal_shown=legal))


async def show_result(event: Event, t: Translator, content: LegalContent, templates: Templates,
                      progress: Progress) -> None:
    edition = content.assessment
    result = score(edition, progress.answers, progress.skipped)
    urgent = any(progress.answers.get(c.id) == Answer.YES for c in edition.criteria if c.urgent)
    values = dict(t=t, locale=t.locale, edition=edition, result=result, urgent=urgent,
                  blocks={b.id: b.title.get(t.locale) for b in edition.blocks},
                  questions={c.id: c.question.get(t.locale) for c in edition.criteria})
    text = templates.render("assessment_result.html.j2", unsure_detail=True, **values)
    if len(text) > MESSAGE_LIMIT:  # many "not sure" answers: count them instead of listing
        text = templates.render("assessment_result.html.j2", unsure_detail=False, **values)
    guidance = content.guidance
    kinds = [(b.block_id, kind.title.get(t.locale)) for b in result.blocks
             if b.points > 0 and (kind := guidance.kind_by_id(b.block_id)) is not None]
    await show(event, text, keyboards.result(t, kinds))


async def show_where_we_are(event: Event, t: Translator, state: FSMContext,
                            content: LegalContent, templates: Templates,
                            *, reprompt: bool = False) -> bool:
    """Re-show the question on screen before; False when no questionnaire is under way."""
    progress = await load_progress(state, content)
    if progress is None:
        return False
    await show_question(event, t, content, templates, progress, reprompt=reprompt)
    return True


@router.callback_query(Go.filter(F.to == Screen.ASSESS))
async def on_intro(query: CallbackQuery, t: Translator, content: LegalContent,
                   templates: Templates) -> None:
    await show_intro(query, t, content, templates)


@router.callback_query(Go.filter(F.to == Screen.RESUME))
async def on_resume(query: CallbackQuery, t: Translator, state: FSMContext,
                    content: LegalContent, templates: Templates) -> None:
    if not await show_where_we_are(query, t, state, content, templates):
        await show_intro(query, t, content, templates)


@router.callback_query(QuestionPress.filter(F.act.in_({QuestionAction.START,
                                                       QuestionAction.RESTART})))
async def on_start(query: CallbackQuery, callback_data: QuestionPress, t: Translator,
                   state: FSMContext, content: LegalContent, templates: Templates) -> None:
    progress = await load_progress(state, content)
    if progress is None or callback_data.act == QuestionAction.RESTART:
        progress = Progress(edition=content.assessment.id)
        await save_progress(state, progress)
    await show_question(query, t, content, templates, progress)


async def _current_or_stale(
    query: CallbackQuery, position: int, t: Translator, state: FSMContext,
    content: LegalContent, templates: Templates, callback_answer: CallbackAnswer,
) -> Progress | None:
    """The progress if the press belongs to the question on screen; otherwise say the button
    is old, show where the person really is, and return None."""
    progress = await load_progress(state, content)
    if progress is not None and progress.position == position:
        return progress
    callback_answer.text = str(t("stale-button"))
    if progress is not None:
        await show_question(query, t, content, templates, progress)
    else:
        await show_intro(query, t, content, templates)
    return None


@router.callback_query(AnswerPress.filter(F.v.in_({a.value for a in Answer})))
async def on_answer(query: CallbackQuery, callback_data: AnswerPress, t: Translator,
                    state: FSMContext, content: LegalContent, templates: Templates,
                    callback_answer: CallbackAnswer) -> None:
    progress = await _current_or_stale(query, callback_data.q, t, state, content, templates,
                                       callback_answer)
    if progress is None:
        return
    edition = content.assessment
    here = questionnaire.current(edition, progress)
    answer = Answer(callback_data.v)
    # A yes to a criterion that means danger to life brings the emergency numbers at once.
    urgent = here is not None and here[1].urgent and answer == Answer.YES
    progress = questionnaire.answer(edition, progress, answer)
    await _advance(query, t, state, content, templates, progress, urgent=urgent)


async def _advance(query: CallbackQuery, t: Translator, state: FSMContext,
                   content: LegalContent, templates: Templates, progress: Progress,
                   *, urgent: bool = False) -> None:
    finished = questionnaire.is_finished(content.assessment, progress)
    await save_progress(state, progress, finished=finished)
    if finished:
        await show_result(query, t, content, templates, progress)
    else:
        await show_question(query, t, content, templates, progress, urgent=urgent)


@router.callback_query(QuestionPress.filter(F.act.in_({QuestionAction.BACK, QuestionAction.SKIP,
                                                       QuestionAction.LEGAL,
                                                       QuestionAction.PLAIN})))
async def on_question_action(query: CallbackQuery, callback_data: QuestionPress, t: Translator,
                             state: FSMContext, content: LegalContent, templates: Templates,
                             callback_answer: CallbackAnswer) -> None:
    progress = await _current_or_stale(query, callback_data.q, t, state, content, templates,
                                       callback_answer)
    if progress is None:
        return
    edition = content.assessment
    match callback_data.act:
        case QuestionAction.LEGAL | QuestionAction.PLAIN:
            await show_question(query, t, content, templates, progress,
                                legal=callback_data.act == QuestionAction.LEGAL)
        case QuestionAction.SKIP:
            await _advance(query, t, state, content, templates,
                           questionnaire.skip_block(edition, progress))
        case _:
            previous = questionnaire.back(progress, edition)
            if previous is None:
                await show_intro(query, t, content, templates)
            else:
                await save_progress(state, previous)
                await show_question(query, t, content, templates, previous)
