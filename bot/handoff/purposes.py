"""What the case desk queues, one kind each (bot/pipeline/purpose.py): the queue hands them
back, typed, with each row's outcome."""

from __future__ import annotations

from dataclasses import dataclass

from bot.pipeline.purpose import Purpose

STREAM = "case"  # the outbox rows of cases (their `kind`); the row's ref is the case id


@dataclass(frozen=True)
class Summary(Purpose, stream=STREAM, tag="summary"):
    """A case's summary, the first message of its topic."""


@dataclass(frozen=True)
class Howto(Purpose, stream=STREAM, tag="howto"):
    """How to answer the person, after each summary (then pinned)."""


@dataclass(frozen=True)
class Pin(Purpose, stream=STREAM, tag="pin"):
    """Pinning the how-to in the topic."""


@dataclass(frozen=True)
class TopicNotice(Purpose, stream=STREAM, tag="notice"):
    """A line for the defenders in the case's topic."""


@dataclass(frozen=True)
class General(Purpose, stream=STREAM, tag="general"):
    """A line in the group's general topic (reminders, the record of an erased topic)."""


@dataclass(frozen=True)
class Erase(Purpose, stream=STREAM, tag="erase"):
    """Deleting a case's topic with all its messages."""


@dataclass(frozen=True)
class CloseTopic(Purpose, stream=STREAM, tag="close-topic"):
    """Closing a case's topic in the group it left (bot/handoff/transfer.py)."""


@dataclass(frozen=True)
class PersonNotice(Purpose, stream=STREAM, tag="person-notice"):
    """A notice to the person (taken, closed, nobody has taken it yet)."""


@dataclass(frozen=True)
class Relayed(Purpose, stream=STREAM, tag="relay"):
    """The person's message(s) copied into the topic; `person` are their ids in the person's
    chat, mapped to the copies once sent; `album` collects an album's parts in one row."""

    person: tuple[int, ...] = ()
    album: str | None = None


@dataclass(frozen=True)
class Reply(Purpose, stream=STREAM, tag="reply"):
    """A defender's reply copied to the person; `topic` is its id in the topic, `last` whether
    it is the last part (then the defender's message gets 👍)."""

    topic: int = 0
    last: bool = True


@dataclass(frozen=True)
class Edit(Purpose, stream=STREAM, tag="edit"):
    """An edited message's copy following the original."""


@dataclass(frozen=True)
class React(Purpose, stream=STREAM, tag="react"):
    """👍 on a defender's reply: the person got it."""


@dataclass(frozen=True)
class Hint(Purpose, stream=STREAM, tag="hint"):
    """The one-time hint to a defender who wrote a plain message in the topic."""


# no outcome hook
PLAIN = (Howto, TopicNotice, General, Erase, CloseTopic, PersonNotice, Edit, React, Hint)
