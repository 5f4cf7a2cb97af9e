"""The button data features link to one another by (the menu's destinations, quick exit, a
language, the "someone else" pages the check links to, the guidance's pages the result links
to, news and safe contact from "More"), as aiogram CallbackData factories with short prefixes.
A feature's own button data lives in its package (bot/<feature>/callbacks.py).

Telegram allows 64 bytes of callback data; prefixes are one or two letters and values are short
ids. A forged or malformed press fails to unpack, matches no handler and reaches the fallback.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


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
    JOURNAL = "journal"  # the evidence journal (/journal)
    DIRECTORY = "directory"  # where to get help, by region or nearest (/directory)
    MYDATA = "mydata"  # what the bot keeps about the person (/mydata)
    RED_FLAGS = "flags"  # signs of serious danger (/danger)
    SOMEONE = "someone"  # worried about someone else (/someone)
    DEFENDER_OTHER = "defo"  # the intake for a request about someone else
    SAFE_NOW = "safe"  # the greeting's "not in danger now": the trace tips once, else the menu
    HIDE = "hide"  # keep this chat hidden: the trace tips (/hide)
    MORE = "more"  # the menu's less used entries: language, news, hiding the chat, erasing


class Go(CallbackData, prefix="go"):
    to: Screen


class QuickExit(CallbackData, prefix="x"):
    pass


class PickLanguage(CallbackData, prefix="l"):
    code: str
    greeting: bool = False  # chosen from the greeting: show it again, in the new language


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


class ContactAction(StrEnum):
    """Safe contact (bot/handoff/contact.py)."""

    NOT_NOW = "n"  # under a defender's message: pause contact
    SAFE = "s"  # it is safe now: what waits is delivered, in order
    DROP = "d"  # do not deliver what waits
    SETTINGS = "o"  # the contact settings screen
    SOUND = "m"  # toggle sound
    HOURS = "h"  # choose safe hours (value: a dialogs.contact.SAFE_HOURS key, or "any")


class ContactPress(CallbackData, prefix="ct"):
    a: ContactAction
    v: str = ""
