"""Safe contact, as the person controls it: "not now" under a defender's message, the screen a
person whose contact is paused meets when they come back (show what waits, or delete it
unread), and their settings (sound, safe hours: /contact).

A paused person's /start, menu press or typed message meets the paused screen first: what the
defender wrote must not appear before they say it is safe, and what they type is not passed on
while they have not said so. The check is one indexed read, paid only by those three kinds of
update.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart, Filter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, TelegramObject, User
from aiogram.utils.callback_answer import CallbackAnswer

from bot.handoff import contact_screens as ui
from bot.handoff.desk import CaseDesk
from bot.kit import keyboards
from bot.kit.callbacks import ContactAction, ContactPress, Go, Screen
from bot.kit.i18n import Translator
from bot.kit.show import Event, show
from dialogs.contact import SAFE_HOURS, describe


class Paused(Filter):
    """The person's contact is paused. `typed`: only for what they type (not commands)."""

    def __init__(self, typed: bool = False) -> None:
        self.typed = typed

    async def __call__(self, event: TelegramObject, desk: CaseDesk | None = None,
                       event_from_user: User | None = None) -> bool:
        if desk is None or event_from_user is None:
            return False
        if self.typed and isinstance(event, Message) and (event.text or "").startswith("/"):
            return False
        return (await desk.contact.get(event_from_user.id)).paused


async def on_paused(event: Event, t: Translator, desk: CaseDesk) -> None:
    waiting = await desk.contact.held(event.from_user.id) if event.from_user else 0
    await show(event, t("contact-paused", count=waiting), ui.paused(t, waiting))


async def on_not_now(query: CallbackQuery, t: Translator, desk: CaseDesk,
                     callback_answer: CallbackAnswer) -> None:
    await desk.pause_contact(query.from_user.id, "not_now")
    callback_answer.text = str(t("contact-not-now-done"))


async def on_safe(query: CallbackQuery, callback_data: ContactPress, t: Translator,
                  desk: CaseDesk) -> None:
    drop = callback_data.a == ContactAction.DROP
    waiting = await desk.resume_contact(query.from_user.id, drop=drop)
    if drop:
        text = t("contact-dropped", count=waiting)
    else:  # how they will come: silently unless the person chose sound
        sound = (await desk.contact.get(query.from_user.id)).sound
        text = t("contact-resumed", sound=t("contact-sound-on" if sound else "contact-sound-off"))
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=[
        [keyboards.button(t("btn-contact-settings"), ContactPress(a=ContactAction.SETTINGS))],
        [keyboards.go(t, "btn-menu", Screen.MENU)]]))


async def show_settings(event: Event, t: Translator, desk: CaseDesk) -> None:
    contact = await desk.contact.get(event.from_user.id) if event.from_user else None
    if contact is None:
        return
    hours = describe(contact.safe_hours) if contact.safe_hours else t("contact-any-time")
    text = t("contact-settings", sound=t("contact-sound-on" if contact.sound
                                         else "contact-sound-off"), hours=hours)
    await show(event, text, ui.settings(t, contact.sound, contact.safe_hours))


async def on_setting(query: CallbackQuery, callback_data: ContactPress, t: Translator,
                     desk: CaseDesk) -> None:
    person = query.from_user.id
    if callback_data.a == ContactAction.SOUND:
        await desk.contact.set_sound(person, not (await desk.contact.get(person)).sound)
    elif callback_data.a == ContactAction.HOURS:
        await desk.contact.set_safe_hours(person, SAFE_HOURS.get(callback_data.v))
    await show_settings(query, t, desk)


def make_router() -> Router:
    router = Router(name="contact")
    router.callback_query.register(on_not_now, ContactPress.filter(F.a == ContactAction.NOT_NOW))
    router.callback_query.register(on_safe, ContactPress.filter(
        F.a.in_({ContactAction.SAFE, ContactAction.DROP})))
    router.callback_query.register(on_setting, ContactPress.filter(
        F.a.in_({ContactAction.SOUND, ContactAction.HOURS})))
    router.callback_query.register(show_settings,
                                   ContactPress.filter(F.a == ContactAction.SETTINGS))
    router.message.register(show_settings, Command("contact"))
    router.message.register(on_paused, CommandStart(), Paused())
    router.callback_query.register(on_paused, Go.filter(F.to == Screen.MENU), Paused())
    router.message.register(on_paused, Paused(typed=True))
    return router
