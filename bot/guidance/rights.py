"""Rights and duties (Art. 12 of the Law on special social services, as the manual gives it)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.guidance import keyboards as guide_keys
from bot.guidance.callbacks import RightsPage
from bot.kit.callbacks import Go, Screen
from bot.kit.screens import Screens
from bot.kit.show import show


async def on_rights(query: CallbackQuery, screens: Screens) -> None:
    edition, t = screens.content.rights, screens.t
    titles = [s.title.get(t.locale) for s in edition.sections]
    await show(query, screens.render("rights_index.html.j2", edition=edition),
               guide_keys.rights_index(t, titles))


async def on_rights_section(query: CallbackQuery, callback_data: RightsPage, screens: Screens,
                            callback_answer: CallbackAnswer) -> None:
    edition, t = screens.content.rights, screens.t
    if callback_data.s >= len(edition.sections):  # forged or from an old edition
        callback_answer.text = str(t("stale-button"))
        await on_rights(query, screens)
        return
    section = edition.sections[callback_data.s]
    text = screens.render("section.html.j2", edition=edition, heading=edition.title,
                          section=section)
    await show(query, text, guide_keys.rights_section(t, callback_data.s, len(edition.sections)))


def make_router() -> Router:
    router = Router(name="rights")
    router.callback_query.register(on_rights, Go.filter(F.to == Screen.RIGHTS))
    router.callback_query.register(on_rights_section, RightsPage.filter(F.s >= 0))
    return router
