"""Rights and duties (Art. 12 of the Law on special social services, as the manual gives it)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot import keyboards
from bot.callbacks import Go, RightsPage, Screen
from bot.content import LegalContent
from bot.i18n import Translator
from bot.render import Templates
from bot.screens import show

router = Router(name="rights")
router.callback_query.filter(F.message.chat.type == "private")


@router.callback_query(Go.filter(F.to == Screen.RIGHTS))
async def on_rights(query: CallbackQuery, t: Translator, content: LegalContent,
                    templates: Templates) -> None:
    edition = content.rights
    text = templates.render("rights_index.html.j2", t=t, locale=t.locale, edition=edition)
    titles = [s.title.get(t.locale) for s in edition.sections]
    await show(query, text, keyboards.rights_index(t, titles))


@router.callback_query(RightsPage.filter(F.s >= 0))
async def on_rights_section(query: CallbackQuery, callback_data: RightsPage, t: Translator,
                            content: LegalContent, templates: Templates,
                            callback_answer: CallbackAnswer) -> None:
    edition = content.rights
    if callback_data.s >= len(edition.sections):  # forged or from an old edition
        callback_answer.text = str(t("stale-button"))
        await on_rights(query, t, content, templates)
        return
    section = edition.sections[callback_data.s]
    text = templates.render("section.html.j2", t=t, locale=t.locale, edition=edition,
                            heading=edition.title, section=section)
    await show(query, text, keyboards.rights_section(t, callback_data.s, len(edition.sections)))
