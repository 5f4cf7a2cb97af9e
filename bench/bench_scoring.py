"""Pure logic speed: scoring and questionnaire steps on the shipped edition. Prints numbers."""

from __future__ import annotations

import random
import time

from bot.kit.content import load_content
from dialogs import questionnaire
from dialogs.questionnaire import Progress
from dialogs.scoring import Answer, score

EDITION = load_content("kz2014", "ssl2008", "app3").assessment
ROUNDS = 20_000


def main() -> None:
    rng = random.Random(7)
    ids = [c.id for c in EDITION.criteria]
    answer_sets = [{i: rng.choice(list(Answer)).value for i in ids} for _ in range(ROUNDS)]
    start = time.perf_counter()
    for answers in answer_sets:
        score(EDITION, answers)
    elapsed = time.perf_counter() - start
    print(f"score(): {ROUNDS / elapsed:,.0f} full answer sets/s "
          f"({elapsed / ROUNDS * 1e6:.1f} µs each)")

    start = time.perf_counter()
    for _ in range(ROUNDS // 10):
        progress = Progress(edition=EDITION.id)
        while not questionnaire.is_finished(EDITION, progress):
            progress = questionnaire.answer(EDITION, progress, Answer.YES)
        Progress.from_data(progress.to_data())
    elapsed = time.perf_counter() - start
    steps = ROUNDS // 10 * len(ids)
    print(f"questionnaire.answer(): {steps / elapsed:,.0f} steps/s "
          f"({elapsed / steps * 1e6:.1f} µs each, incl. JSON round trip per run)")


if __name__ == "__main__":
    main()
