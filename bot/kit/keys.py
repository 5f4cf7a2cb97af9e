"""FSM data keys that more than one feature reads."""

# Words typed outside a prompt, kept until the person presses "send it to the defender"
# (bot.handoff.typed); quick exit (bot.safety) drops them with the chat.
PENDING_KEY = "typed"

# The journal's entry being written, not yet stored, and the wait for a typed answer
# (bot.journal): quick exit drops them too, so nothing of an unsaved entry can be reopened.
JOURNAL_DRAFT_KEY = "journal"
JOURNAL_WAIT_KEY = "journal_wait"
JOURNAL_SHARE_KEY = "journal_share"  # the entries chosen to share with the defender
JOURNAL_DOC_KEY = "journal_doc"  # the entries chosen for a draft document
JOURNAL_PASSWORD_KEY = "journal_password"  # noqa: S105 (when the export asked, and where)

# The journal's PIN (bot.journal.lock): the digits pressed so far, a new PIN's first entry,
# where to go once it is given, and until when it stays open; a quick exit closes it.
PIN_ENTRY_KEY = "pin_entry"
PIN_FIRST_KEY = "pin_first"
PIN_THEN_KEY = "pin_then"
PIN_OPEN_KEY = "pin_open"

GONE_AT_EXIT = (PENDING_KEY, JOURNAL_DRAFT_KEY, JOURNAL_WAIT_KEY, JOURNAL_SHARE_KEY,
                JOURNAL_DOC_KEY, JOURNAL_PASSWORD_KEY, PIN_ENTRY_KEY, PIN_FIRST_KEY, PIN_THEN_KEY,
                PIN_OPEN_KEY)

# A handler flag (aiogram's `flags=`): its press goes through the journal's PIN door even while
# the PIN is asked, as the emergency numbers on a prompt must (bot.journal.lock).
PIN_FREE = {"pin_free": True}
