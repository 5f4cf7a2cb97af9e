"""The handoff's dialog states: the intake, one question per state, and the conversation."""

from aiogram.fsm.state import State, StatesGroup


class Handoff(StatesGroup):
    """The intake before a case is opened: one question per state, then the preview."""

    region = State()
    children = State()
    danger = State()
    contact = State()
    phone = State()  # waiting for a number typed or shared
    description = State()
    preview = State()  # the summary exactly as the defenders will get it
    change = State()  # which answer to change
    org = State()  # which organisation reads it


class Talk(StatesGroup):
    """In the conversation with one's social defender: what the person types goes to them.

    Entered on the screens that say so (the request just sent, one's open request, a message
    just sent on a press); any press or command ends it (bot.handoff.end_talk), so a message
    typed anywhere else is never passed on without the person's press."""

    open = State()
