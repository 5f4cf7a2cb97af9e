"""The commands shown in Telegram's menu, each with the Fluent id of its description."""

COMMANDS = {
    "start": "cmd-start",
    "help": "cmd-help",
    "sos": "cmd-sos",
    "danger": "cmd-danger",
    "language": "cmd-language",
    "subscribe": "cmd-subscribe",
    "unsubscribe": "cmd-unsubscribe",
    "cancel": "cmd-cancel",
    "mydata": "cmd-mydata",
    "plan": "cmd-plan",
    "forget": "cmd-forget",
    "exit": "cmd-exit",
}

# Shown in addition to the above, only in the private chats of ADMIN_IDS.
ADMIN_COMMANDS = {
    "broadcast": "cmd-broadcast",
    "broadcasts": "cmd-broadcasts",
    "unblock": "cmd-unblock",
}
