"""Qorgau: a Telegram bot for victims of domestic violence and the defenders who help them."""
