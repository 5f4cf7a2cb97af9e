"""What to do, by kind of violence (the manual's Appendix 3, corrected where the law changed)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.guidance import keyboards as guide_keys
from bot.kit.callbacks import Go, GuidePage, Screen
from bot.kit.screens import Screens
from bot.kit.show import show


async def on_guide(query: CallbackQuery, screens: Screens) -> None:
    edition, t = screens.content.guidance, screens.t
    kinds = [(k.id, k.title.get(t.locale)) for k in edition.kinds]
    await show(query, screens.render("guide_index.html.j2", edition=edition),
               guide_keys.guide_index(t, kinds))


async def on_guide_page(query: CallbackQuery, callback_data: GuidePage, screens: Screens,
                        callback_answer: CallbackAnswer) -> None:
    edition, t = screens.content.guidance, screens.t
    kind = edition.kind_by_id(callback_data.k)
    if kind is None or callback_data.s >= len(kind.sections):  # forged or from an old edition
        callback_answer.text = str(t("stale-button"))
        await on_guide(query, screens)
        return
    if callback_data.s < 0:  # the kind's overview
        titles = [s.title.get(t.locale) for s in kind.sections]
        await show(query, screens.render("guide_kind.html.j2", edition=edition, kind=kind),
                   guide_keys.guide_kind(t, kind.id, titles))
        return
    text = screens.render("section.html.j2", edition=edition, heading=kind.title,
                          section=kind.sections[callback_data.s])
    await show(query, text,
               guide_keys.guide_section(t, kind.id, callback_data.s, len(kind.sections)))


def make_router() -> Router:
    router = Router(name="guidance")
    router.callback_query.register(on_guide, Go.filter(F.to == Screen.GUIDE))
    router.callback_query.register(on_guide_page, GuidePage.filter())
    return router
