"""The commands shown in Telegram's menu, each with the Fluent id of its description."""

COMMANDS = {
    "start": "cmd-start",
    "help": "cmd-help",
    "sos": "cmd-sos",
    "danger": "cmd-danger",
    "someone": "cmd-someone",
    "language": "cmd-language",
    "subscribe": "cmd-subscribe",
    "unsubscribe": "cmd-unsubscribe",
    "cancel": "cmd-cancel",
    "mydata": "cmd-mydata",
    "plan": "cmd-plan",
    "journal": "cmd-journal",
    "directory": "cmd-directory",
    "hide": "cmd-hide",
    "contact": "cmd-contact",
    "forget": "cmd-forget",
    "exit": "cmd-exit",
}

# Shown in addition to the above, only in the private chats of ADMIN_IDS.
ADMIN_COMMANDS = {
    "broadcast": "cmd-broadcast",
    "directory_export": "cmd-directory-export",
    "directory_import": "cmd-directory-import",
    "directory_template": "cmd-directory-template",
    "broadcasts": "cmd-broadcasts",
    "unblock": "cmd-unblock",
}
