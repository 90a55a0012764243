"""Text measurement and wrapping for diagram shapes, without a font library.

Widths are estimated per character from the proportions of common sans-serif faces (DejaVu
Sans, the widest of those a viewer is likely to substitute, so the estimate errs wide). The
estimate only has to keep text inside its shape; it is deterministic, so the same statement
always wraps the same way.
"""

from __future__ import annotations

FONT_SIZE = 12.0
NOTE_FONT_SIZE = 10.0
LINE_HEIGHT = 1.3  # em

_NARROW = set("ijlI.,:;'!|()[]{} ")
_SEMI = set('frt-/\\"')
_WIDE = set("mwMW@%")


def char_width(ch: str, size: float) -> float:
    if ch in _NARROW:
        return 0.32 * size
    if ch in _SEMI:
        return 0.42 * size
    if ch in _WIDE:
        return 0.92 * size
    if ch.isupper() or ch.isdigit():
        return 0.7 * size
    return 0.62 * size


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return sum(char_width(ch, size) for ch in text)


def wrap(text: str, max_width: float, size: float = FONT_SIZE) -> list[str]:
    """Greedy word wrap to `max_width`; a word longer than a line is split where it must be."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size) > max_width:
                cut = _fit(word, max_width, size)
                hyphen = word.rfind("-", 0, cut)
                if hyphen > 0:  # break after a hyphen rather than inside a word
                    cut = hyphen + 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _fit(word: str, max_width: float, size: float) -> int:
    width = 0.0
    for i, ch in enumerate(word):
        width += char_width(ch, size)
        if width > max_width:
            return max(1, i)
    return len(word)
