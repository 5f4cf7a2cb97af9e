"""The defenders' working hours as the person reads them: on the talk screen and the intake's
first question, under "request sent", and in the one notice that nobody has taken a request yet.

Every moment is passed in (epoch seconds), so the same words come out in a test. With no hours
set (DEFENDERS_HOURS unset) nothing about hours is said, only what is true without them.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from bot.kit.i18n import Translator
from dialogs.working_hours import WorkingHours


def _hours(t: Translator, hours: WorkingHours) -> Markup:
    """The hours in words: plain text (day names, digits), escaped once into HTML."""
    return escape(hours.describe(t))


def _when(t: Translator, hours: WorkingHours, opening: float, now: float) -> Markup:
    return escape(hours.when(opening, now, t))


def paragraphs(*parts: str | None) -> str:
    return "\n\n".join(str(p) for p in parts if p)


def schedule(t: Translator, hours: WorkingHours | None, now: float) -> str | None:
    """"Social defenders work: …" and whether they are at work now, or when they are back."""
    if hours is None:
        return None
    lines = [t("hours-schedule", hours=_hours(t, hours))]
    opening = hours.next_opening(now)
    if opening == now:
        lines.append(t("hours-now-open"))
    elif opening is None:
        lines.append(t("hours-now-closed-no-date"))
    else:
        lines.append(t("hours-now-closed", when=_when(t, hours, opening, now)))
    return " ".join(str(line) for line in lines)


def sent(t: Translator, hours: WorkingHours | None, now: float, minutes: int) -> str | None:
    """Under "your request is sent" (which lists 112, 102 and 111): when it will be seen
    outside hours, and 150 for the young; inside them, that the bot tells if nobody takes it."""
    if hours is None:
        return None
    opening = hours.next_opening(now)
    if opening == now:
        return str(t("hours-sent-open", hours=_hours(t, hours), minutes=minutes))
    if opening is None:
        closed = t("hours-sent-closed-no-date", hours=_hours(t, hours))
    else:
        closed = t("hours-sent-closed", hours=_hours(t, hours),
                   when=_when(t, hours, opening, now))
    # 112, 102 and 111 (24/7) are on the confirmation already (case-intake-sent)
    return paragraphs(closed, t("hours-sent-young"))


def unclaimed(t: Translator, hours: WorkingHours | None, now: float, case_id: int) -> str:
    """The one notice that nobody has taken the request yet: when to expect it, and the lines
    that answer at any hour."""
    if hours is None:
        status = t("hours-unclaimed-unset")
    else:
        opening = hours.next_opening(now)
        if opening == now:
            status = t("hours-unclaimed-open")
        elif opening is None:
            status = t("hours-unclaimed-closed-no-date", hours=_hours(t, hours))
        else:
            status = t("hours-unclaimed-closed", hours=_hours(t, hours),
                       when=_when(t, hours, opening, now))
    return paragraphs(f"{t('hours-unclaimed', case=case_id)} {status}", t("hours-lines"))


def opened_closed(t: Translator, hours: WorkingHours | None, now: float, case_id: int,
                  ) -> str | None:
    """For the defenders' topic: this request came outside working hours (None: it did not)."""
    if hours is None:
        return None
    opening = hours.next_opening(now)
    if opening is None or opening == now:
        return None
    return str(t("hours-case-opened-closed", case=case_id, when=_when(t, hours, opening, now)))
