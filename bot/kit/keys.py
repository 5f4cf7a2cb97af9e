"""FSM data keys that more than one feature reads."""

# Words typed outside a prompt, kept until the person presses "send it to the defender"
# (bot.handoff.typed); quick exit (bot.safety) drops them with the chat.
PENDING_KEY = "typed"
