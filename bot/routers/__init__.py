"""The router tree. Each branch is filtered once, at its root; the first match wins:

    errors     one handler for every failure
    safety     private chats, in every state: numbers, quick exit, /forget, /cancel
    admin      private chats of ADMIN_IDS: the broadcast composer (commands and its own steps)
    private    private chats: start & menu, pre-assessment, rights, guidance, handoff, relay
    defenders  the defenders' chat (DEFENDERS_CHAT_ID); nothing while unset
    fallback   a gentle re-prompt for anything else

Routers never import one another; what several show lives in `bot.ui.screens`. The tree is
built afresh each call: aiogram attaches a router to one parent only, and tests build the app
more than once in a process.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Router

from bot.filters import ChatIs, FromUserIn, PrivateChat, only
from bot.routers import admin, defenders, errors, fallback, private, safety
from bot.settings import Settings


def build_router_tree(settings: Settings,
                      defenders_chat: Callable[[], int | None] | None = None) -> Router:
    """`defenders_chat` gives the defenders' group id as it is now (Telegram may migrate the
    group to a new id); by default, DEFENDERS_CHAT_ID."""
    root = Router(name="root")
    root.include_routers(
        errors.make_router(),
        only(safety.make_router(), PrivateChat()),
        # admins first: their composer's steps must not be taken for a person's messages
        only(admin.make_router(), PrivateChat(), FromUserIn(settings.admin_ids)),
        only(private.make_router(), PrivateChat()),
        only(defenders.make_router(),
             ChatIs(defenders_chat or (lambda: settings.defenders_chat_id))),
        fallback.make_router(),  # filters per handler: private chats differ from the rest
    )
    return root
