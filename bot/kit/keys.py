"""FSM data keys that more than one feature reads."""

# Words typed outside a prompt, kept until the person presses "send it to the defender"
# (bot.handoff.typed); quick exit (bot.safety) drops them with the chat.
PENDING_KEY = "typed"

# The journal's entry being written, not yet stored, and the wait for a typed answer
# (bot.journal): quick exit drops them too, so nothing of an unsaved entry can be reopened.
JOURNAL_DRAFT_KEY = "journal"
JOURNAL_WAIT_KEY = "journal_wait"

GONE_AT_EXIT = (PENDING_KEY, JOURNAL_DRAFT_KEY, JOURNAL_WAIT_KEY)
