"""The main menu, shared by every journey that returns to it."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext

from bot import keyboards
from bot.content import LegalContent
from bot.i18n import Translator
from bot.routers.assessment import load_progress
from bot.screens import Event, show
from dialogs import questionnaire


async def resume_label(t: Translator, state: FSMContext, content: LegalContent) -> str | None:
    """'Continue the pre-assessment (question 5 of 16)' while one is under way, else None."""
    progress = await load_progress(state, content)
    if progress is None:
        return None
    return str(t("btn-assess-resume", number=progress.position + 1,
                 total=questionnaire.total(content.assessment)))


async def show_menu(event: Event, t: Translator, state: FSMContext, content: LegalContent,
                    *, intro: str = "menu-title") -> None:
    label = await resume_label(t, state, content)
    await show(event, t(intro), keyboards.main_menu(t, label))
