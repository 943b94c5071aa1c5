"""How much the wording of choice options gives the answer away, measured over a whole bank.

Shuffling the displayed order hides the position of the right option, but not its length
or its hedging: a participant who always picks the longest, most qualified option should
not pass. These figures measure that leak on the authored content (independent of the
order in which options are shown).

Run: python tests/option_stats.py [data/exercises]   (prints the figures)
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

_QUALIFIERS = re.compile(r"[,;:()]| - |\b(?:but|only|also|unless|except|when|if|while|so)\b", re.I)


def qualifiers(text: str) -> int:
    """A rough count of clauses and hedges: punctuation that adds a clause, and hedging words."""
    return len(_QUALIFIERS.findall(text))


@dataclass(frozen=True)
class ChoiceStats:
    """Leak figures for single-choice and multiple-select exercises of one bank."""

    single: int
    single_right_first: int
    single_right_longest: int
    single_right_shortest: int
    single_right_most_qualified: int
    single_mean_length_ratio: float   # mean over exercises of right length / mean distractor length
    single_length_ranks: tuple[int, ...]  # how many right options are the 1st, 2nd, ... longest (ties share the best rank)
    single_chance_longest: float      # the share expected if length said nothing (1 / options)
    multi: int
    multi_right_first: int            # exercises whose right options all come before the wrong ones
    multi_longest_is_right: int       # exercises whose longest option is a right one
    multi_chance_longest: float       # the share expected if length said nothing (right / options)
    multi_right_in_top: float         # share of right options among the k longest (k = number right)
    multi_chance_top: float           # the same share expected by chance
    multi_mean_length_ratio: float    # mean over exercises of mean right length / mean wrong length

    @property
    def single_longest_share(self) -> float:
        return self.single_right_longest / self.single if self.single else 0.0

    @property
    def multi_longest_share(self) -> float:
        return self.multi_longest_is_right / self.multi if self.multi else 0.0

    def report(self) -> str:
        pct = lambda part, whole: f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "0/0"  # noqa: E731
        return "\n".join([
            f"single_choice: {self.single} exercises",
            f"  right option listed first:            {pct(self.single_right_first, self.single)}",
            f"  right option is the longest:          {pct(self.single_right_longest, self.single)}"
            f"   (chance: {100 * self.single_chance_longest:.0f} %)",
            f"  right option is the shortest:         {pct(self.single_right_shortest, self.single)}",
            f"  right option has the most qualifiers: {pct(self.single_right_most_qualified, self.single)}",
            f"  mean length right / distractors:      {self.single_mean_length_ratio:.2f}",
            "  right option's length rank (1 = longest): "
            + ", ".join(f"{rank}: {n}" for rank, n in enumerate(self.single_length_ranks, 1)),
            f"multiple_select: {self.multi} exercises",
            f"  right options listed first:           {pct(self.multi_right_first, self.multi)}",
            f"  longest option is a right one:        {pct(self.multi_longest_is_right, self.multi)}"
            f"   (chance: {100 * self.multi_chance_longest:.0f} %)",
            f"  right options among the k longest:    {100 * self.multi_right_in_top:.0f} %"
            f"   (chance: {100 * self.multi_chance_top:.0f} %)",
            f"  mean length right / wrong:            {self.multi_mean_length_ratio:.2f}",
        ])


def _is_max(value: int, others: list[int]) -> bool:
    """Ties count (as the longest, or the shortest): the strict reading of the figure."""
    return all(value >= o for o in others)


def choice_stats(bank: dict) -> ChoiceStats:
    """The figures for every single-choice and multiple-select exercise of ``bank`` (id -> Exercise)."""
    singles = [e for e in bank.values() if e.kind == "single_choice"]
    multis = [e for e in bank.values() if e.kind == "multiple_select"]

    s_first = s_long = s_short = s_qual = 0
    s_chance = s_ratio = 0.0
    ranks = [0] * max((len(e.options) for e in singles), default=0)
    for ex in singles:
        texts = [o.text for o in ex.options]
        right = ex.spec["answer"]
        others = [t for t in texts if t != right]
        s_first += texts[0] == right
        s_long += _is_max(len(right), [len(t) for t in others])
        s_short += _is_max(-len(right), [-len(t) for t in others])
        s_ratio += len(right) / (sum(map(len, others)) / len(others))
        ranks[sum(len(t) > len(right) for t in others)] += 1
        s_qual += qualifiers(right) > max(qualifiers(t) for t in others)
        s_chance += 1 / len(texts)

    m_first = m_long = 0
    m_chance = m_top = m_top_chance = m_ratio = 0.0
    for ex in multis:
        texts = [o.text for o in ex.options]
        right = set(ex.spec["answer"])
        k = len(right)
        flags = [t in right for t in texts]
        m_first += flags == sorted(flags, reverse=True)
        longest = max(len(t) for t in texts)
        m_long += any(len(t) == longest for t in right)
        m_chance += k / len(texts)
        by_length = sorted(texts, key=len, reverse=True)[:k]
        m_top += sum(t in right for t in by_length) / k
        m_top_chance += k / len(texts)
        wrong = [t for t in texts if t not in right]
        m_ratio += (sum(map(len, right)) / k) / (sum(map(len, wrong)) / len(wrong)) if wrong else 1.0

    n = len(multis) or 1
    return ChoiceStats(
        single=len(singles), single_right_first=s_first, single_right_longest=s_long,
        single_right_shortest=s_short, single_right_most_qualified=s_qual,
        single_mean_length_ratio=s_ratio / (len(singles) or 1), single_length_ranks=tuple(ranks),
        single_chance_longest=s_chance / (len(singles) or 1),
        multi=len(multis), multi_right_first=m_first, multi_longest_is_right=m_long,
        multi_chance_longest=m_chance / n, multi_right_in_top=m_top / n,
        multi_chance_top=m_top_chance / n, multi_mean_length_ratio=m_ratio / n,
    )


if __name__ == "__main__":
    from workbook.exercises.loader import load_bank_from

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "data" / "exercises"
    print(choice_stats(load_bank_from(folder)).report())
