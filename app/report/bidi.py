# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A small, self-contained Unicode Bidirectional Algorithm (UAX #9) for report text.

Why our own: python-bidi 0.6 exposes embedding levels only through a debug string, does no bracket
mirroring, and its legacy pure-Python version rejects isolates. A report needs exactly the three
things those lack: per-character levels for the *whole paragraph* (so lines can be broken in
logical order first and reordered one by one afterwards, rules L1–L2), mirroring (L4), and
isolates (LRI/RLI/FSI … PDI) around handles, phone numbers, URLs, hashes and dates.

What is implemented: paragraph level (P2–P3) or a given base direction; isolates (X5a–X5c, X6a);
isolating run sequences (X10, BD13); weak types W1–W7; paired brackets N0 (BD16, for ``()[]{}``);
neutrals N1–N2; implicit levels I1–I2; per line L1 and L2, as level runs in visual order
(:func:`visual_runs`): HarfBuzz lays each run out and mirrors its brackets (L4). Embeddings and
overrides (LRE … PDF) count as removed (X9): ``app.textsafety.clean_untrusted`` strips them from
untrusted text and we never emit them. Text is one paragraph: split on newlines first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from itertools import groupby

from bidi.mirror import MIRRORED

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_INITIATORS = frozenset({"LRI", "RLI", "FSI"})
_REMOVED = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "BN"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})
_STRONG = frozenset({"L", "R", "AL"})
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
# Characters that are not drawn: bidi controls and marks (fonts often lack glyphs for them).
CONTROLS = "\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u200c\u200d"


def bidi_class(ch: str) -> str:
    """The Bidi_Class of ``ch`` (unassigned code points count as L)."""
    return unicodedata.bidirectional(ch) or "L"


def first_strong(text: str, start: int = 0, *, in_isolate: bool = False) -> str | None:
    """``"L"`` or ``"R"`` for the first strong character (P2), skipping isolated content.

    With ``in_isolate`` (FSI, X5c) the search stops at the PDI closing the isolate.
    """
    depth = 0
    for ch in text[start:]:
        cls = bidi_class(ch)
        if cls in _INITIATORS:
            depth += 1
        elif cls == "PDI":
            if depth == 0:
                if in_isolate:
                    return None  # end of the isolate whose direction we are looking for
                continue  # an unmatched PDI at paragraph level is ignored
            depth -= 1
        elif depth == 0 and cls in _STRONG:
            return "L" if cls == "L" else "R"
    return None


def paragraph_level(text: str, base: str | None = None) -> int:
    """0 for LTR, 1 for RTL: ``base`` ("L"/"R") when given, else from the first strong character."""
    if base in ("L", "R"):
        return 0 if base == "L" else 1
    return 1 if first_strong(text) == "R" else 0


def _explicit(text: str, types: list[str], para: int) -> tuple[list[int], dict[int, int]]:
    """X1–X8 for isolates only. Returns levels and the initiator → matching PDI map."""
    n = len(text)
    levels = [para] * n
    stack: list[tuple[int, int]] = [(para, -1)]  # (level, index of initiator)
    matches: dict[int, int] = {}
    for i, cls in enumerate(types):
        level = stack[-1][0]
        if cls in _INITIATORS:
            levels[i] = level
            if cls == "FSI":
                inner = first_strong(text, i + 1, in_isolate=True)
                cls = "RLI" if inner == "R" else "LRI"
            new = (level + 1) | 1 if cls == "RLI" else (level + 2) & ~1
            if new <= 125:
                stack.append((new, i))
            else:
                stack.append((level, i))
        elif cls == "PDI":
            if len(stack) > 1:
                _, opener = stack.pop()
                matches[opener] = i
            levels[i] = stack[-1][0]
        else:
            levels[i] = level
    return levels, matches


def _sequences(types: list[str], levels: list[int], matches: dict[int, int]) -> list[list[int]]:
    """Isolating run sequences (BD13) as lists of indices, removed characters left out."""
    runs: list[list[int]] = []
    for i, cls in enumerate(types):
        if cls in _REMOVED:
            continue
        same_level = bool(runs) and levels[runs[-1][-1]] == levels[i]
        if same_level and not _ends_isolate(runs[-1], types, matches):
            runs[-1].append(i)
        else:
            runs.append([i])
    pdi_owner = {pdi: opener for opener, pdi in matches.items()}
    seqs: list[list[int]] = []
    by_opener: dict[int, list[int]] = {}
    for run in runs:
        first = run[0]
        if types[first] == "PDI" and first in pdi_owner and pdi_owner[first] in by_opener:
            seq = by_opener.pop(pdi_owner[first])
            seq.extend(run)
        else:
            seq = list(run)
            seqs.append(seq)
        last = run[-1]
        if types[last] in _INITIATORS and last in matches:
            by_opener[last] = seq
    return seqs


def _ends_isolate(run: list[int], types: list[str], matches: dict[int, int]) -> bool:
    last = run[-1]
    return types[last] in _INITIATORS and last in matches


def _neighbour_level(levels: list[int], types: list[str], i: int, step: int, para: int) -> int:
    i += step
    while 0 <= i < len(types):
        if types[i] not in _REMOVED:
            return levels[i]
        i += step
    return para


# UAX #9 rules W1-W7, N1-N2 and I1-I2, one branch each, in the standard's order.
def _resolve_sequence(seq: list[int], text: str, orig: list[str], types: list[str],  # noqa: PLR0912, PLR0917
                      levels: list[int], matches: dict[int, int], para: int) -> None:
    level = levels[seq[0]]
    before = _neighbour_level(levels, orig, seq[0], -1, para)
    last = seq[-1]
    after = para if (orig[last] in _INITIATORS) else _neighbour_level(levels, orig, last, 1, para)
    sos = "R" if max(level, before) % 2 else "L"
    eos = "R" if max(level, after) % 2 else "L"
    t = [types[i] for i in seq]
    n = len(t)
    # W1
    prev = sos
    for k in range(n):
        if t[k] == "NSM":
            t[k] = "ON" if prev in _INITIATORS or prev == "PDI" else prev
        prev = t[k]
    # W2 + W3
    last_strong = sos
    for k in range(n):
        if t[k] in _STRONG:
            last_strong = t[k]
            if t[k] == "AL":
                t[k] = "R"
        elif t[k] == "EN" and last_strong == "AL":
            t[k] = "AN"
    # W4
    for k in range(1, n - 1):
        if t[k] == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    # W5
    k = 0
    while k < n:
        if t[k] == "ET":
            j = k
            while j < n and t[j] == "ET":
                j += 1
            if (k > 0 and t[k - 1] == "EN") or (j < n and t[j] == "EN"):
                for m in range(k, j):
                    t[m] = "EN"
            k = j
        else:
            k += 1
    # W6
    for k in range(n):
        if t[k] in ("ES", "ET", "CS"):
            t[k] = "ON"
    # W7
    last_strong = sos
    for k in range(n):
        if t[k] in ("L", "R"):
            last_strong = t[k]
        elif t[k] == "EN" and last_strong == "L":
            t[k] = "L"
    embedding = "R" if level % 2 else "L"
    _brackets(seq, text, orig, t, sos, embedding)
    # N1 + N2
    k = 0
    while k < n:
        if t[k] in _NEUTRAL:
            j = k
            while j < n and t[j] in _NEUTRAL:
                j += 1
            left = sos if k == 0 else ("R" if t[k - 1] in ("R", "EN", "AN") else "L")
            right = eos if j == n else ("R" if t[j] in ("R", "EN", "AN") else "L")
            fill = left if left == right else embedding
            for m in range(k, j):
                t[m] = fill
            k = j
        else:
            k += 1
    # I1 + I2
    for k, i in enumerate(seq):
        cls = t[k]
        if level % 2 == 0:
            if cls == "R":
                levels[i] = level + 1
            elif cls in ("AN", "EN"):
                levels[i] = level + 2
        elif cls in ("L", "EN", "AN"):
            levels[i] = level + 1


def _strong_dir(cls: str) -> str | None:
    if cls == "L":
        return "L"
    if cls in ("R", "AN", "EN"):
        return "R"
    return None


def _brackets(seq: list[int], text: str, orig: list[str], t: list[str], sos: str,
              embedding: str) -> None:
    """N0: paired brackets take the direction of their content (or of the context)."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for k, i in enumerate(seq):
        ch = text[i]
        if t[k] != "ON":
            continue
        if ch in _OPEN:
            if len(stack) >= 63:
                break
            stack.append((ch, k))
        elif ch in _CLOSE:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == _CLOSE[ch]:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    opposite = "L" if embedding == "R" else "R"
    for open_k, close_k in sorted(pairs):
        inside = {_strong_dir(t[m]) for m in range(open_k + 1, close_k)} - {None}
        if embedding in inside:
            chosen = embedding
        elif opposite in inside:
            context = sos
            for m in range(open_k - 1, -1, -1):
                d = _strong_dir(t[m])
                if d:
                    context = d
                    break
            chosen = opposite if context == opposite else embedding
        else:
            continue
        t[open_k] = t[close_k] = chosen
        for k in (open_k, close_k):  # NSMs after a changed bracket follow it
            m = k + 1
            while m < len(seq) and orig[seq[m]] == "NSM":
                t[m] = chosen
                m += 1


_RTL_ONLY_OK = frozenset({"R", "AL", "NSM", "WS", "ON", "CS", "ES", "ET", "S", "B", "BN"})
_LTR_INNER_OK = frozenset({"L", "EN", "NSM", "WS", "ON", "CS", "ES", "ET", "BN"})


def _fast_levels(orig: list[str], para: int) -> list[int] | None:
    """Levels for the three shapes most report strings have, or None to run the full algorithm.

    * LTR paragraph with nothing right-to-left: all 0.
    * RTL paragraph with no L, EN, AN or isolates (plain Arabic): all 1 (sos = eos = R, N1).
    * RTL paragraph that is one LRI…PDI holding only left-to-right material (a hash, a date, a
      URL, a handle): 1 for the controls, 2 inside (sos = eos = L for the isolate, W7, N1).
    """
    n = len(orig)
    kinds = set(orig)
    if para == 0:
        if not kinds & {"R", "AL", "AN", "LRI", "RLI", "FSI", "PDI"}:
            return [0] * n
        return None
    if kinds <= _RTL_ONLY_OK:
        return [1] * n
    if n >= 2 and orig[0] == "LRI" and orig[-1] == "PDI" and set(orig[1:-1]) <= _LTR_INNER_OK:
        return [1] + [2] * (n - 2) + [1]
    return None


def embedding_levels(text: str, base: str | None = None) -> tuple[list[int], int]:
    """Resolved levels (after I1–I2, before L1) of every character, and the paragraph level."""
    para = paragraph_level(text, base)
    orig = [bidi_class(ch) for ch in text]
    fast = _fast_levels(orig, para)
    if fast is not None:
        return fast, para
    levels, matches = _explicit(text, orig, para)
    types = list(orig)
    for seq in _sequences(orig, levels, matches):
        _resolve_sequence(seq, text, orig, types, levels, matches, para)
    for i, cls in enumerate(orig):  # removed characters follow their neighbour (X9 retention)
        if cls in _REMOVED:
            levels[i] = levels[i - 1] if i else para
    return levels, para


_TRAILING = frozenset({"WS", "LRI", "RLI", "FSI", "PDI", "BN"})


def _line_levels(text: str, levels: Sequence[int], para: int) -> list[int]:
    """L1: separators, and whitespace and isolate controls before them or at the end, to para."""
    lv = list(levels)
    classes = [bidi_class(ch) for ch in text]
    for end in [k for k, c in enumerate(classes) if c in ("S", "B")] + [len(text)]:
        lv[end:end + 1] = [para] * len(lv[end:end + 1])
        m = end - 1
        while m >= 0 and classes[m] in _TRAILING:
            lv[m] = para
            m -= 1
    return lv


def visual_runs(text: str, levels: Sequence[int], para: int) -> list[tuple[int, int, int]]:
    """The level runs ``(start, end, level)`` of ONE line, in visual order (L1, L2).

    A run at an odd level is drawn right to left *inside* (HarfBuzz does that, and mirrors its
    brackets, L4); ``levels`` are the paragraph's, from :func:`embedding_levels`.
    """
    lv = _line_levels(text, levels, para)
    runs: list[tuple[int, int, int]] = []
    for level, group in groupby(lv):
        start = runs[-1][1] if runs else 0
        runs.append((start, start + len(list(group)), level))
    for level in range(max(lv, default=0), (min(lv, default=1) | 1) - 1, -1):
        k = 0
        while k < len(runs):  # reverse each maximal sequence of runs at ``level`` or higher
            j = k
            while j < len(runs) and runs[j][2] >= level:
                j += 1
            runs[k:j] = runs[k:j][::-1]
            k = j + 1
    return runs


def reorder_line(text: str, levels: Sequence[int], para: int, *, mirror: bool = True) -> str:
    """ONE line as characters in visual order (odd runs reversed and, L4, mirrored), no controls.

    The PDF writer does not use it (HarfBuzz reverses and mirrors runs); tests and tools do.
    """
    out = [text[a:b] if level % 2 == 0 else
           "".join(MIRRORED.get(ch, ch) if mirror else ch for ch in reversed(text[a:b]))
           for a, b, level in visual_runs(text, levels, para)]
    return "".join(out).translate(_STRIP)


_STRIP = dict.fromkeys(map(ord, CONTROLS))


def display(text: str, base: str | None = None, *, mirror: bool = True) -> str:
    """Visual order of a single-line ``text`` (controls stripped, brackets mirrored)."""
    levels, para = embedding_levels(text, base)
    return reorder_line(text, levels, para, mirror=mirror)
