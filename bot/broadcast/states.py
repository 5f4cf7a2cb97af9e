"""The admin's broadcast composer, one state per step."""

from aiogram.fsm.state import State, StatesGroup


class Broadcast(StatesGroup):
    audience = State()  # all subscribers or one language
    version = State()  # waiting for the message in one language
    confirm = State()  # previews sent, the summary with Send now / Schedule on screen
    when = State()  # waiting for the time to schedule it at
