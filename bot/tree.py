"""The router tree. Each branch is filtered once, at its root; the first match wins:

    errors     one handler for every failure
    safety     private chats, in every state: numbers, quick exit, /forget, /cancel
    admin      private chats of ADMIN_IDS: the broadcast composer (commands and its own steps)
    private    private chats: start & menu, pre-assessment, rights, guidance, handoff, relay
    defenders  the organisations' groups (ORGANISATIONS_FILE or DEFENDERS_CHAT_ID)
    fallback   a gentle re-prompt for anything else

This is the only module that knows every feature's router: features never import one another,
and what several show lives in `bot.kit`. The tree is built afresh each call: aiogram attaches a
router to one parent only, and tests build the app more than once in a process.

Every router whose presses all carry a prefix gets a door that lets only those in
(`bot.kit.filters.gate_presses`), so a press is not unpacked by every handler on its way.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Router

from bot.assessment import router as assessment
from bot.broadcast import composer, controls
from bot.directory import admin as directory_admin
from bot.directory import router as directory
from bot.guidance import rights
from bot.guidance import router as guidance
from bot.handoff import admin as cases
from bot.handoff import blocked, contact, conversation, intake, note
from bot.handoff import group as defenders
from bot.journal import lock as journal_lock
from bot.journal import router as journal
from bot.journal.lock import guard
from bot.kit.callbacks import Screen
from bot.kit.filters import ChatIn, FromUserIn, PrivateChat, gate_presses, only
from bot.news import router as news
from bot.pipeline import errors, fallback
from bot.privacy import router as mydata
from bot.red_flags import router as red_flags
from bot.safety import router as safety
from bot.safety_plan import router as safety_plan
from bot.settings import Settings
from bot.someone_else import router as someone
from bot.start import router as start
from bot.trace import router as trace


def private_router() -> Router:
    """The journeys of a private chat: start & menu, legal news, pre-assessment, rights,
    guidance, and the handoff to a social defender (the intake, then one's open case)."""
    router = Router(name="private")
    # trace, news and mydata right after start: /hide, /subscribe and /mydata work in the
    # middle of the intake, as /help does
    # contact first: a paused person's /start, menu and typed words meet the paused screen
    # the journal's PIN stands before the journal, the safety plan and /mydata (once set)
    router.include_routers(contact.make_router(), start.make_router(), trace.make_router(),
                           news.make_router(), journal_lock.make_router(),
                           guard(mydata.make_router(), Screen.MYDATA),
                           assessment.make_router(),
                           rights.make_router(), guidance.make_router(),
                           red_flags.make_router(), someone.make_router(),
                           guard(safety_plan.make_router(), Screen.PLAN),
                           guard(journal.make_router(), Screen.JOURNAL),
                           directory.make_router(), intake.make_router(),
                           blocked.make_router(),
                           conversation.make_router(),  # what no journey took goes to a case
                           # what nothing took: someone new, typed words, a stale press
                           start.first_contact_router(), note.make_router(),
                           assessment.stale_router())
    return router


def admin_router() -> Router:
    """Admins in a private chat (the tree filters this branch to ADMIN_IDS): NGO broadcasts,
    the directory's import, and lifting a block from a case (/unblock).

    The controls come first: /broadcasts and /unblock work in the middle of composing one."""
    router = Router(name="admin")
    router.include_routers(cases.make_router(), controls.make_router(),
                           directory_admin.make_router(), composer.make_router())
    return router


def build_router_tree(settings: Settings,
                      defenders_groups: Callable[[int], bool] | None = None) -> Router:
    """`defenders_groups` says whether a chat is an organisation's group as it is now
    (Telegram may migrate a group to a new id); by default, the settings' groups."""
    if defenders_groups is None:
        configured = {o.chat_id for o in settings.organisations()}
        defenders_groups = configured.__contains__
    root = Router(name="root")
    root.include_routers(
        errors.make_router(),
        only(safety.make_router(), PrivateChat()),
        # admins first: their composer's steps must not be taken for a person's messages
        only(admin_router(), PrivateChat(), FromUserIn(settings.admin_ids)),
        only(private_router(), PrivateChat()),
        only(defenders.make_router(), ChatIn(defenders_groups)),
        fallback.make_router(),  # filters per handler: private chats differ from the rest
    )
    return gate_presses(root)
