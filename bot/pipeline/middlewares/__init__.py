"""Outer middlewares, in the order an update meets them: the guard (what no Telegram client
could send), the flood limit, who is this, chat log."""
