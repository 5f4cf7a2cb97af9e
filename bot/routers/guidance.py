"""What to do, by kind of violence (the manual's Appendix 3, corrected where the law changed)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot import keyboards
from bot.callbacks import Go, GuidePage, Screen
from bot.content import LegalContent
from bot.i18n import Translator
from bot.render import Templates
from bot.screens import show

router = Router(name="guidance")
router.callback_query.filter(F.message.chat.type == "private")


@router.callback_query(Go.filter(F.to == Screen.GUIDE))
async def on_guide(query: CallbackQuery, t: Translator, content: LegalContent,
                   templates: Templates) -> None:
    edition = content.guidance
    text = templates.render("guide_index.html.j2", t=t, locale=t.locale, edition=edition)
    kinds = [(k.id, k.title.get(t.locale)) for k in edition.kinds]
    await show(query, text, keyboards.guide_index(t, kinds))


@router.callback_query(GuidePage.filter())
async def on_guide_page(query: CallbackQuery, callback_data: GuidePage, t: Translator,
                        content: LegalContent, templates: Templates,
                        callback_answer: CallbackAnswer) -> None:
    edition = content.guidance
    kind = edition.kind_by_id(callback_data.k)
    if kind is None or callback_data.s >= len(kind.sections):  # forged or from an old edition
        callback_answer.text = str(t("stale-button"))
        await on_guide(query, t, content, templates)
        return
    if callback_data.s < 0:
        text = templates.render("guide_kind.html.j2", t=t, locale=t.locale, edition=edition,
                                kind=kind)
        titles = [s.title.get(t.locale) for s in kind.sections]
        await show(query, text, keyboards.guide_kind(t, kind.id, titles))
        return
    section = kind.sections[callback_data.s]
    text = templates.render("section.html.j2", t=t, locale=t.locale, edition=edition,
                            heading=kind.title, section=section)
    await show(query, text,
               keyboards.guide_section(t, kind.id, callback_data.s, len(kind.sections)))
