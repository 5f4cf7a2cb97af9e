"""The buttons on a case's summary in the defenders' topic, and their callback data."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.kit.i18n import Translator


class CaseAction(StrEnum):
    TAKE = "take"
    RELEASE = "rel"
    CLOSE = "close"  # asks first, as a block does: closing tells the person
    CLOSE_YES = "closy"
    CLOSE_NO = "closn"
    REOPEN = "open"
    BLOCK = "blk"  # asks first: a block stops the person's conversation
    BLOCK_YES = "blky"
    BLOCK_NO = "blkn"
    UNBLOCK = "unblk"  # NGO admins only; shown to everyone, refused with an alert
    TRANSFER = "xfer"  # to another organisation: asks which (bot/handoff/transfer.py)
    TRANSFER_NO = "xfern"


class CasePress(CallbackData, prefix="cs"):
    c: int  # the case id
    a: CaseAction


class CaseTransfer(CallbackData, prefix="cx"):
    c: int  # the case id
    o: str  # the organisation it goes to (dialogs.organisations.KEY: up to 24 characters)


def case_buttons(t: Translator, case_id: int, state: str, blocked: bool = False,
                 confirm_block: bool = False, confirm_close: bool = False,
                 transfer: bool = False) -> InlineKeyboardMarkup:
    """What can be done with the case in its state: take a new one, release or close a taken
    one (closing asked first), reopen a closed one; block its person (asked first), or lift a
    block (admins). Who may press what is checked on the press (bot/handoff/authority.py):
    everyone in the topic sees the same buttons."""
    def button(label: str, action: CaseAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=str(t(label)),
                                    callback_data=CasePress(c=case_id, a=action).pack())

    if confirm_block:
        return InlineKeyboardMarkup(inline_keyboard=[
            [button("case-btn-block-yes", CaseAction.BLOCK_YES)],
            [button("case-btn-block-no", CaseAction.BLOCK_NO)]])
    if confirm_close:
        return InlineKeyboardMarkup(inline_keyboard=[
            [button("case-btn-close-yes", CaseAction.CLOSE_YES)],
            [button("case-btn-close-no", CaseAction.CLOSE_NO)]])
    rows = {
        "new": [[button("case-btn-take", CaseAction.TAKE),
                 button("case-btn-close", CaseAction.CLOSE)]],
        "taken": [[button("case-btn-release", CaseAction.RELEASE),
                   button("case-btn-close", CaseAction.CLOSE)]],
        "closed": [[button("case-btn-reopen", CaseAction.REOPEN)]],
    }[state]
    rows.append([button("case-btn-unblock", CaseAction.UNBLOCK) if blocked
                 else button("case-btn-block", CaseAction.BLOCK)])
    if transfer and state != "closed":  # another organisation could take it
        rows.append([button("case-btn-transfer", CaseAction.TRANSFER)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def transfer_buttons(t: Translator, case_id: int, orgs: list[tuple[str, str]],
                     ) -> InlineKeyboardMarkup:
    """The organisations a case may go to, (key, name) each, and a way back."""
    rows = [[InlineKeyboardButton(text=f"↪ {name}", callback_data=CaseTransfer(
        c=case_id, o=key).pack())] for key, name in orgs]
    rows.append([InlineKeyboardButton(text=str(t("case-btn-transfer-no")), callback_data=CasePress(
        c=case_id, a=CaseAction.TRANSFER_NO).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)
