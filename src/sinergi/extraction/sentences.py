"""Sentences of Indonesian news text: a full stop ends a sentence unless it belongs to an
abbreviation (Pj., Dr., S.H., H., No., an initial)."""

from __future__ import annotations

import functools
import re

ABBREVIATIONS = {
    "pj", "pjs", "plt", "plh", "dr", "dra", "drs", "ir", "prof", "h", "hj", "no", "kab", "prov",
    "kec", "jl", "tn", "ny", "st", "sd", "s.d", "dll", "dsb", "dkk", "a.n", "u.p", "tgl", "hlm", "rp",
    "bpk", "yth", "sdr", "kh", "hi", "ust", "m", "s",
}
BOUNDARY = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"']?[A-Z0-9])|\n+")


def sentences(text: str) -> list[tuple[str, int]]:
    """(sentence, start offset) in order."""
    return list(_sentences(text))  # the follow-ups and the statements read the same text


@functools.lru_cache(maxsize=4)
def _sentences(text: str) -> tuple[tuple[str, int], ...]:
    out: list[tuple[str, int]] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        before = text[max(start, match.start() - 80):match.start()]  # the last word: bounded time
        last = re.search(r"([\w.]+)[.!?][\"']?$", before)
        if match.group(0).strip() == "" or "\n" in match.group(0):
            pass
        if last and "\n" not in match.group(0):
            word = last.group(1).lower().rstrip(".")
            if word in ABBREVIATIONS or (re.fullmatch(r"(?:[a-z]\.)*[a-z]", word) and len(word) <= 4 \
                    and "." in last.group(0)[:-1]) or re.fullmatch(r"[a-z]", word):
                continue  # "Pj. Bupati", "S.H., M.M.", "Leonard S. Ampung"
        sentence = text[start:match.start()].strip()
        if sentence:
            out.append((sentence, start))
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append((tail, start))
    return tuple(out)
