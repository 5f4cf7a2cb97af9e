"""Every inline button's data, as aiogram CallbackData factories with short prefixes.

Telegram allows 64 bytes of callback data; prefixes are one or two letters and values are short
ids. A forged or malformed press fails to unpack, matches no handler and reaches the fallback.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from dialogs.intake import Step


class Screen(StrEnum):
    MENU = "menu"
    SOS = "sos"  # emergency numbers
    LANGUAGE = "lang"
    GREETING_LANGUAGE = "glang"  # the chooser opened from the greeting leads back to it
    ASSESS = "assess"  # the pre-assessment's introduction
    RESUME = "resume"  # back to the question on screen before
    RIGHTS = "rights"
    GUIDE = "guide"
    TALK = "talk"
    DEFENDER = "def"  # talk to a social defender: the intake, or the case already open
    FORGET = "forget"
    PLAN = "plan"  # the safety plan (/plan)
    DIRECTORY = "directory"  # where to get help, by region or nearest (/directory)
    MYDATA = "mydata"  # what the bot keeps about the person (/mydata)
    RED_FLAGS = "flags"  # signs of serious danger (/danger)
    SOMEONE = "someone"  # worried about someone else (/someone)
    DEFENDER_OTHER = "defo"  # the intake for a request about someone else
    SAFE_NOW = "safe"  # the greeting's "not in danger now": the trace tips once, else the menu
    HIDE = "hide"  # keep this chat hidden: the trace tips (/hide)


class Go(CallbackData, prefix="go"):
    to: Screen


class QuickExit(CallbackData, prefix="x"):
    pass


class TracePage(CallbackData, prefix="tr"):
    s: int  # the page of the "keep this chat hidden" tips
    first: bool  # on first contact: the way on is "Skip"/"Got it" to the menu


class PickLanguage(CallbackData, prefix="l"):
    code: str
    greeting: bool = False  # chosen from the greeting: show it again, in the new language


class AnswerPress(CallbackData, prefix="a"):
    q: int  # the question's position, so a press on an old screen is recognised as stale
    v: str


class QuestionAction(StrEnum):
    START = "start"
    BACK = "back"
    SKIP = "skip"
    LEGAL = "legal"  # show the act's wording
    PLAIN = "plain"  # hide it again
    RESTART = "again"
    OTHER = "other"  # a check about someone else (from the "someone else" section)


class QuestionPress(CallbackData, prefix="q"):
    q: int
    act: QuestionAction


class RightsPage(CallbackData, prefix="r"):
    s: int  # section index


class SomeonePart(StrEnum):
    TALK = "t"  # how to talk to the person
    WHO = "w"  # who may apply for them (the rights section "who")
    REPORT = "r"  # how to report
    CHILD = "c"  # when a child is harmed
    CHECK = "k"  # the pre-assessment, worded about the person


class SomeonePage(CallbackData, prefix="so"):
    p: SomeonePart


class GuidePage(CallbackData, prefix="g"):
    k: str  # kind id (matches an assessment block id)
    s: int  # section index, -1 for the kind's overview


class EraseConfirm(CallbackData, prefix="f"):
    yes: bool


class IntakeAnswer(CallbackData, prefix="ha"):
    s: Step  # the question on screen: a press on an older screen is recognised as stale
    v: str


class IntakeAction(StrEnum):
    BACK = "b"
    CANCEL = "x"
    SKIP = "k"  # no description
    CHANGE = "c"  # from the preview: choose an answer to change
    SEND = "s"  # from the preview: open the case


class IntakePress(CallbackData, prefix="hp"):
    act: IntakeAction
    s: Step


class IntakeEdit(CallbackData, prefix="he"):
    s: Step  # the question to change


class CaseAction(StrEnum):
    CLOSE = "c"  # asks first
    CLOSE_YES = "y"
    KEEP = "k"


class MyCase(CallbackData, prefix="mc"):
    act: CaseAction


class NewsAction(StrEnum):
    OPEN = "o"
    SUBSCRIBE_SILENT = "s"
    SUBSCRIBE_LOUD = "l"
    # Changes to an active subscription only: a stale screen's press never resubscribes.
    MUTE = "m"
    UNMUTE = "n"
    STOP = "u"


class NewsPress(CallbackData, prefix="nw"):
    act: NewsAction
