"""Every dialog state in one place, so the journey graph reads at a glance."""

from aiogram.fsm.state import State, StatesGroup


class Assessment(StatesGroup):
    answering = State()  # a question of the pre-assessment is on screen
    finished = State()  # the result has been shown; the answers stay until /forget or a restart

