"""Every dialog state in one place, so the journey graph reads at a glance."""

from aiogram.fsm.state import State, StatesGroup


class Assessment(StatesGroup):
    answering = State()  # a question of the pre-assessment is on screen
    finished = State()  # the result has been shown; the answers stay until /forget or a restart



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
