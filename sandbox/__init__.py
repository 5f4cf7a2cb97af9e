"""The stand-in Bot API (`sandbox.fakeapi`) and the terminal sandbox (`sandbox.terminal`).

Not Telegram wiring: a program of its own that the end-to-end tests and `qorgau sandbox` share.
"""
