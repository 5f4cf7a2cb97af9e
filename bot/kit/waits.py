"""Waiting for a typed answer (the safety plan's, the journal's): when a message is the answer.

Waiting must never swallow a message meant for something else: a message to a defender, or what
someone types on a phone after a quick exit. So a message is the answer only while the prompt
is the last thing in the chat (no message came after it, by either side: the chat log keeps
the ids of both for 48 hours) and for WAIT_SECONDS after the prompt was shown.
"""

from __future__ import annotations

from collections.abc import Iterable

WAIT_SECONDS = 30 * 60


def answers_prompt(since: int, last: int, message_id: int, chat_ids: Iterable[int],
                   at: int) -> bool:
    """`since`: when the prompt was shown; `last`: the newest message of the exchange (the
    prompt, or an answer deleted since); `chat_ids`: the ids the chat log holds now."""
    if at - since > WAIT_SECONDS:
        return False
    return not any(i > last and i != message_id for i in chat_ids)
