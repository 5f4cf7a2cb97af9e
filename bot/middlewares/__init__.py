"""Outer middlewares, in the order an update meets them: flood limit, who is this, chat log."""
