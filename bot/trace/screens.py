"""Keep this chat hidden: one screen, its pages edited in place."""

from __future__ import annotations

from bot.kit.screens import Screens
from bot.kit.show import Event, show
from bot.trace.keyboards import trace_tips

# Keep this chat hidden (texts/locales/*/trace.ftl): auto-delete and the 48 hours of quick exit;
# deleting, archiving, a passcode, notifications; signs of spyware and Telegram's devices.
TRACE_PAGES = ("trace-page-1", "trace-page-2", "trace-page-3")


async def trace(screens: Screens, event: Event, page: int, *, first: bool) -> None:
    """Keep this chat hidden: one screen, its pages edited in place."""
    t, count = screens.t, len(TRACE_PAGES)
    page = min(max(page, 0), count - 1)
    where = t("trace-page", number=page + 1, total=count)
    text = (f"<b>{t('trace-title')}</b> · {where}\n\n"
            f"{t(TRACE_PAGES[page])}\n\n<i>{t('trace-general')}</i>")
    await show(event, text, trace_tips(t, page, count, first=first))
