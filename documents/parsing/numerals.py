"""Chinese numerals as printed in plan numbering (一 … 九十九) and dates (二〇二一)."""

# Every full stop a number may be printed with: 1. 1． 1﹒ (U+FE52) 1、 一、 一．
DOTS = ".．﹒、"
# ① … ⑳ (U+2460…) are read as 1 … 20; the task keeps the arabic number.
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(s: str) -> int:
    """一 → 1, 十三 → 13, 二十 → 20, 一百零二 → 102; digits pass through."""
    if len(s) == 1 and s in CIRCLED:
        return CIRCLED.index(s) + 1
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            raise ValueError(s)
    return total + current


def cn_digits_to_int(s: str) -> int:
    """Digit-by-digit years (二〇二一 → 2021); month/day forms go through cn_to_int."""
    if len(s) == 4 and all(c in _DIGITS for c in s):
        return int("".join(str(_DIGITS[c]) for c in s))
    return cn_to_int(s)
