"""The journal's draft documents as text and as PDF (issue #26). The wording is data:
texts/drafts/<kind>.<locale>.j2 (plain text, no HTML; the sources in sources.toml).

The PDF is made with fpdf2 and the repository's DejaVu Sans (texts/fonts: every Kazakh and
Russian letter; only the letters used are embedded), in a thread: a few pages are tens of
milliseconds of CPU that the event loop must not spend. Nothing is downloaded at run time."""

from __future__ import annotations

import asyncio
import html
from collections import Counter
from importlib import resources

from fpdf import FPDF
from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.journal.screens import KINDS, PLACES, when_text
from bot.kit.i18n import Translator
from dialogs.journal import Police
from dialogs.journal_draft import DraftKind
from storage.journal import StoredEntry
from storage.journal_files import Attachment

_ENV = Environment(loader=PackageLoader("texts", "drafts"), autoescape=False,  # noqa: S701
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   auto_reload=False)  # plain text: escaped where it is put in a message
_TEMPLATES = {DraftKind.POLICE: "police", DraftKind.ORDER: "order"}


def plain(markup: object) -> str:
    """A Fluent text (safe HTML) as plain text."""
    return html.unescape(str(markup))


def draft_text(kind: DraftKind, t: Translator, entries: list[StoredEntry],
               files: dict[int, list[Attachment]]) -> str:
    """The draft in `t`'s language (kk or ru), entries in the order they happened."""
    def order(stored: StoredEntry) -> tuple[str, int]:
        when = stored.entry.when
        return (when.day.isoformat() if when else "9999", stored.number)

    shown = []
    for stored in sorted(entries, key=order):
        entry = stored.entry
        shown.append({
            "when": plain(when_text(t, entry.when)) if entry.when else plain(
                t("journal-share-no-date")),
            "place": plain(t(PLACES[entry.place])).lower() if entry.place else None,
            "what": entry.what, "injuries": entry.injuries, "witnesses": entry.witnesses,
            "police": entry.police == Police.CALLED if entry.police else None})
    kinds = Counter(item.kind for stored in entries for item in files.get(stored.number, []))
    evidence = ", ".join(f"{plain(t(KINDS.get(kind, 'journal-kind-document'))).lower()} – {n}"
                         for kind, n in sorted(kinds.items()))
    numbers = ", ".join(f"№{stored.number}" for stored in sorted(entries, key=order))
    return _ENV.get_template(f"{_TEMPLATES[kind]}.{t.locale}.j2").render(
        entries=shown, evidence=evidence, numbers=numbers).strip() + "\n"


def _font(name: str) -> str:
    return str(resources.files("texts") / "fonts" / name)


def _pdf(text: str, footer: str) -> bytes:
    class Draft(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", size=8)
            self.set_text_color(110)
            self.cell(0, 10, f"{footer}  ·  {self.page_no()}/{{nb}}", align="C")

    pdf = Draft(format="A4")
    pdf.set_title(text.splitlines()[0][:60] if text else "")
    pdf.set_creator("Qorgau")
    pdf.add_font("DejaVu", "", _font("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", _font("DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(22, 20, 18)
    pdf.add_page()
    lines = text.splitlines()
    titles = {i for i, line in enumerate(lines) if line.strip() in ("ЗАЯВЛЕНИЕ", "АРЫЗ")}
    # the title, with the line that says what about (just before it or after it): centred
    centred = titles | {j for i in titles for j in (i - 1, i + 1)
                        if 0 <= j < len(lines) and lines[j].strip()}
    addressed = True  # the first block, to whom and from whom: on the right, as is usual
    for index, line in enumerate(lines):
        addressed = addressed and bool(line.strip())
        pdf.set_font("DejaVu", "B" if index in titles else "", 12 if index in titles else 11)
        if addressed:
            pdf.set_x(pdf.w / 2 - 10)
            pdf.multi_cell(pdf.w / 2 - 8, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.multi_cell(0, 6, line or " ", align="C" if index in centred else "L",
                       new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def draft_pdf(text: str, footer: str) -> bytes:
    return await asyncio.to_thread(_pdf, text, footer)
