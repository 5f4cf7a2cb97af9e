"""When a message the person did not just ask for may reach them: their safe hours (a daily
window, Kazakhstan time: one zone, UTC+5, since 1 March 2024) and the presets they choose from."""

from __future__ import annotations

KZ_OFFSET = 5 * 3600  # seconds east of UTC
DAY = 86400

# The windows offered (minutes after midnight); a person picks one, or "any time". Presets,
# not typing: a frightened person taps, and a typo never silences a defender for a day.
SAFE_HOURS: dict[str, tuple[int, int]] = {
    "morning": (9 * 60, 12 * 60),
    "day": (12 * 60, 17 * 60),
    "evening": (17 * 60, 21 * 60),
}


def wait_for_window(at: float, window: tuple[int, int] | None) -> float:
    """Seconds from `at` (epoch) until the window is open: 0 inside it or with no window. A
    window may run past midnight (start > end)."""
    if window is None:
        return 0.0
    start, end = (minute * 60 for minute in window)
    local = (at + KZ_OFFSET) % DAY
    inside = start <= local < end if start < end else (local >= start or local < end)
    if inside or start == end:
        return 0.0
    return (start - local) % DAY


def describe(window: tuple[int, int]) -> str:
    """"17:00–21:00": digits read the same in every language."""
    start, end = window
    return f"{start // 60:02}:{start % 60:02}–{end // 60:02}:{end % 60:02}"
