"""Acronyms a report defines, either way round: "Rapat Koordinasi (Rakor)", "Pemerintah
Kabupaten Kutai Timur (Pemkab Kutim)", "tugas pokok dan fungsi (tupoksi)", "PKP (Perumahan dan
Kawasan Permukiman)".

The long form is found by the letters: an acronym is built from the starts of the words of its
long form, so its letters appear, in order, in those words, starting with the first letter of
the first word. Among the word runs before the parenthesis that pass, the one whose word
initials the acronym uses most wins; the shortest on a tie."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The text in parentheses that may be an acronym: letters (and digits), maybe two words.
ACRONYM = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9\-]{0,14}(?:\s[A-Z][A-Za-z0-9]{1,10})?)\s*\)")
# "ABC (Long Form Of It)": an acronym followed by its long form in parentheses.
REVERSED = re.compile(r"\b([A-Z][A-Za-z0-9]{1,11})\s*\(\s*([A-Za-z][^()]{4,120}?)\s*\)")
WORD = re.compile(r"[A-Za-z0-9][\w\-]*", re.UNICODE)
NOT_ACRONYMS = {
    "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "redaksi", "red", "adv",
    "foto", "ist", "istimewa", "dok", "humas", "prokopim", "diskominfo", "tim", "team", "hms",
    "persero", "tbk", "ltd", "inc",
}
MAX_LONG_WORDS = 9


@dataclass(frozen=True)
class Acronym:
    short: str
    long: str
    start: int  # of the long form in the text
    end: int


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _initial_cover(short: str, words: list[str]) -> int:
    """How many words start with the next unused letter of the acronym (greedy)."""
    i = 0
    cover = 0
    for word in words:
        if i < len(short) and word[:1].lower() == short[i]:
            cover += 1
            i += 1
            # the rest of the word may supply the following letters ("Pem|kab")
            rest = word[1:].lower()
            while i < len(short) and short[i] in rest:
                rest = rest[rest.index(short[i]) + 1:]
                i += 1
    return cover


def fits(short: str, words: list[str]) -> bool:
    letters = _letters(short)
    joined = _letters("".join(words))
    return (bool(letters) and bool(words) and words[0][:1].lower() == letters[0]
            and _subsequence(letters, joined))


def long_form_before(short: str, before: str) -> tuple[str, int] | None:
    """The long form of `short` at the end of `before` (the text up to the parenthesis), and
    where it starts in `before`."""
    # Stop at the end of the previous clause.
    cut = max(before.rfind(ch) for ch in ".;:!?\"()\n")
    segment_start = cut + 1
    tail = before[segment_start:]
    words = [(m.group(0), segment_start + m.start()) for m in WORD.finditer(tail)]
    if not words:
        return None
    best: tuple[tuple[int, int], str, int] | None = None
    letters = _letters(short)
    for n in range(1, min(MAX_LONG_WORDS, len(words)) + 1):
        run = words[-n:]
        texts = [w for w, _ in run]
        if not fits(short, texts):
            continue
        # Connectors do not start a long form ("dan fungsi").
        if texts[0].lower() in {"dan", "dari", "di", "ke", "untuk", "yang", "serta", "atau", "dengan"}:
            continue
        score = (_initial_cover(letters, texts), -n)
        if best is None or score > best[0]:
            best = (score, " ".join(texts), run[0][1])
    if best is None:
        # The letters do not spell it out ("Sekretariat Daerah (Setkab)"): the shortest run
        # of capitalised words starting with the acronym's first letter.
        for n in range(2, min(5, len(words)) + 1):
            run = words[-n:]
            texts = [w for w, _ in run]
            if texts[0][:1].lower() == letters[:1] and all(w[:1].isupper() for w in texts):
                return " ".join(texts), run[0][1]
        return None
    start = best[2]
    return before[start:].strip(" ,"), start


def _plausible_short(short: str) -> bool:
    """Letters (and digits), not a weekday, a credit or too long; whether it stands for the
    words before it is decided by the letter test of its long form ("tupoksi" passes)."""
    letters = _letters(short)
    return (bool(letters) and not letters.isdigit() and short.lower() not in NOT_ACRONYMS
            and len(letters) <= 14)


def find(text: str) -> list[Acronym]:
    found: dict[str, Acronym] = {}
    for match in ACRONYM.finditer(text):
        short = match.group(1).strip()
        if not _plausible_short(short):
            continue
        long = long_form_before(short, text[:match.start()])
        if not long:
            continue
        long_text, start = long
        if _letters(long_text) == _letters(short) or len(long_text) <= len(short):
            continue
        found.setdefault(short, Acronym(short, long_text, start, match.start()))
    for match in REVERSED.finditer(text):
        short, long_text = match.group(1), match.group(2).strip()
        if short in found or not _plausible_short(short) or not re.search(r"[A-Z].*[A-Z]", short):
            continue
        long_words = WORD.findall(long_text)
        if len(long_words) < 2 or not fits(short, long_words):
            continue
        if _initial_cover(_letters(short), long_words) < max(2, len(_letters(short)) // 2):
            continue
        found.setdefault(short, Acronym(short, long_text, match.start(2), match.end(2)))
    return list(found.values())
