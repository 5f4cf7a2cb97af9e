"""The organisations as the running bot sees them: each one's group id as it is now (Telegram
gives a group a new id when it becomes a supergroup, and the bot follows), which group a chat
is, and which organisation reads a new request (dialogs/organisations.py has the rules)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from bot.settings import Settings, SettingsError
from dialogs.organisations import SINGLE, Organisation, choices, route
from storage.bot_state import BotState
from storage.cases import CasesRepo
from storage.db import Database

MIGRATED = "defenders_chat_migrated"  # {"from": old, "to": new}, or a list of such moves


class Organisations:
    def __init__(self, orgs: Iterable[Organisation], moved: Mapping[int, int] | None = None,
                 ) -> None:
        self.all = list(orgs)
        self._by_key = {o.key: o for o in self.all}
        moves = moved or {}
        self._chats = {o.key: follow(o.chat_id, moves) for o in self.all}
        self._by_chat = {chat: self._by_key[key] for key, chat in self._chats.items()}
        # the ids groups had before Telegram moved them: a row read with one is still theirs
        self._former = {old: self._by_key[o.key] for o in self.all for old in moves
                        if follow(old, moves) == self._chats[o.key]}

    @property
    def available(self) -> bool:
        """Whether cases can be opened: some organisation's group is configured."""
        return bool(self.all)

    @property
    def single(self) -> Organisation | None:
        """The only organisation, when there is one (its hours are everyone's)."""
        return self.all[0] if len(self.all) == 1 else None

    def get(self, key: str) -> Organisation | None:
        return self._by_key.get(key)

    def chat(self, key: str) -> int | None:
        """The group of the organisation `key` as it is now."""
        return self._chats.get(key)

    def of_chat(self, chat_id: int | None) -> Organisation | None:
        """The organisation whose group `chat_id` is (None: no organisation's)."""
        return self._by_chat.get(chat_id) if chat_id is not None else None

    def is_group(self, chat_id: int | None) -> bool:
        return chat_id in self._by_chat

    def __contains__(self, chat_id: object) -> bool:
        return chat_id in self._by_chat

    def admins_of(self, chat_id: int) -> frozenset[int]:
        """The organisation's own admins (ADMIN_IDS are added by bot.pipeline.members)."""
        org = self._by_chat.get(chat_id)
        return org.admins if org is not None else frozenset()

    def moved(self, old_chat_id: int, new_chat_id: int) -> bool:
        """A group migrated: from now on its organisation's messages go to the new id.
        Returns whether it was one of the organisations' groups."""
        org = self._by_chat.pop(old_chat_id, None)
        if org is None:
            return False
        self._chats[org.key], self._by_chat[new_chat_id] = new_chat_id, org
        self._former[old_chat_id] = org
        return True

    def owner(self, chat_id: int) -> Organisation | None:
        """The organisation whose group `chat_id` is or was (before Telegram moved it)."""
        return self._by_chat.get(chat_id) or self._former.get(chat_id)

    def choices(self, place: str) -> list[Organisation]:
        return choices(self.all, place)

    def route(self, place: str, locale: str, at: float, untaken: Mapping[str, int],
              ) -> Organisation | None:
        return route(self.all, place, locale, at, untaken)


def follow(chat_id: int, moved: Mapping[int, int]) -> int:
    seen = set()
    while chat_id in moved and chat_id not in seen:
        seen.add(chat_id)
        chat_id = moved[chat_id]
    return chat_id


async def load_moves(db: Database) -> dict[int, int]:
    """Every group migration the bot has followed (one move in the format before #27)."""
    value = await BotState(db).get(MIGRATED)
    if value is None:
        return {}
    data = json.loads(value)
    moves = data if isinstance(data, list) else [data]
    return {int(m["from"]): int(m["to"]) for m in moves if "from" in m and "to" in m}


async def save_move(db: Database, old_chat_id: int, new_chat_id: int) -> None:
    moves = await load_moves(db)
    moves[old_chat_id] = new_chat_id
    await BotState(db).put(MIGRATED, json.dumps([{"from": a, "to": b} for a, b in moves.items()]))


async def organisations_of(settings: Settings, db: Database) -> Organisations:
    """The organisations of the settings, their groups followed where Telegram moved them, and
    the cases of the single group (DEFENDERS_CHAT_ID alone, or from before organisations) given
    to the organisation whose group it is: DEFENDERS_CHAT_ID's. Without it there is no
    telling, and the start stops with one line."""
    orgs = Organisations(settings.organisations(), await load_moves(db))
    cases = CasesRepo(db)
    home = orgs.single if settings.organisations_file is None else \
        next((o for o in orgs.all if o.chat_id == settings.defenders_chat_id), None)
    older = await cases.unadopted(home.key if home is not None else SINGLE)
    if older and orgs.available:
        if home is None:
            raise SettingsError(
                f"setting DEFENDERS_CHAT_ID is missing: {older} case(s) were opened before "
                "ORGANISATIONS_FILE; set it to the group they are in, one of the "
                "organisations' groups")
        await cases.adopt(home.key)
    return orgs
