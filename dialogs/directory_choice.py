"""Choosing from the directory of help: a region's entries, the nearest to a location, pages
that fit a message (the entries themselves and their CSV: dialogs/directory.py)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dialogs.directory import EARTH_RADIUS_KM, Entry


# -- choosing ------------------------------------------------------------------------------------
def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Near:
    entry: Entry
    km: float


def nearest(entries: Iterable[Entry], lat: float, lon: float, count: int) -> list[Near]:
    """The `count` entries with a place on the map nearest to (lat, lon), nearest first (the
    file's order between equals)."""
    located = [(distance_km(lat, lon, e.lat, e.lon), i, e)  # type: ignore[arg-type]
               for i, e in enumerate(entries) if e.located]
    located.sort(key=lambda x: (x[0], x[1]))
    return [Near(e, km) for km, _, e in located[:count]]


def paginate(sizes: Sequence[int], budget: int) -> list[list[int]]:
    """Indexes of items grouped into pages, in order, each page's sizes (plus one separator
    each) within `budget`; an item bigger than the budget gets a page of its own."""
    pages: list[list[int]] = []
    page: list[int] = []
    used = 0
    for i, size in enumerate(sizes):
        if page and used + size + 2 > budget:
            pages.append(page)
            page, used = [], 0
        page.append(i)
        used += size + 2
    if page:
        pages.append(page)
    return pages
