"""The pre-assessment's dialog states (their names, as stored, are also in
dialogs.questionnaire for the features that read where a person is)."""

from aiogram.fsm.state import State, StatesGroup


class Assessment(StatesGroup):
    answering = State()  # a question of the pre-assessment is on screen
    finished = State()  # the result has been shown; the answers stay until /forget or a restart
