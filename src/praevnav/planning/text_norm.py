"""German normalisation of the fields duplicate detection compares (pure, no ORM).

Every function maps the many ways people type the same thing to one key:
``fold("Straße & Söhne")`` → ``"strasse soehne"``, ``norm_phone("+49 (211) 89-12")`` →
``"021189 12"`` without the space, ``norm_url("https://www.x.de/a/")`` → ``"x.de/a"``.
Empty input gives an empty key, and empty keys never match anything.
"""

from __future__ import annotations

import re
import unicodedata

_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ẞ", "ss"), ("æ", "ae"))


def _spell_out(text: str) -> str:
    # chained replace: several times faster than str.translate with a dict
    if text.isascii():
        return text
    for char, spelled in _UMLAUTS:
        if char in text:
            text = text.replace(char, spelled)
    return text


_NON_ALNUM = re.compile(r"[\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_STREET_ALONE = re.compile(r"\b(?:str\.?|strasse)(?=\s|\d|$)")
_STREET_SUFFIX = re.compile(r"(?<=[a-z])(?:str\.?|strasse)(?=\s|\d|$)")
_PLATZ = re.compile(r"(?<=[a-z])pl\.(?=\s|\d|$)|\bpl\.(?=\s|\d|$)")
_HOUSE_NUMBER = re.compile(r"(\d+)\s*([a-z]?)\b")
_DIGIT_TOKEN = re.compile(r"\d")


def fold(text: str | None) -> str:
    """Casefolded, umlauts and ß spelled out, other accents removed, every run of
    punctuation or space turned into one space."""
    if not text:
        return ""
    text = _spell_out(text.casefold())
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NON_ALNUM.sub(" ", text).strip()


def tokens(text: str | None) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def sorted_token_key(text: str | None) -> str:
    """Folded words in alphabetical order: "Kurs Eltern" and "Eltern-Kurs" agree."""
    return " ".join(sorted(tokens(text)))


def number_tokens(text: str | None) -> frozenset[str]:
    """The words of ``text`` containing a digit ("A1", "2025", "3"): two courses that
    differ only there ("Deutschkurs A1" / "A2") are different offers."""
    return frozenset(t for t in tokens(text) if _DIGIT_TOKEN.search(t))


def norm_street(street: str | None) -> str:
    """Key of a street address: "Kölner Str. 5a", "Kölner Straße 5 a" and
    "Koelnerstrasse 5A" all give ``"koelnerstrasse5a"``."""
    if not street:
        return ""
    text = _spell_out(street.casefold())
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = _STREET_SUFFIX.sub("strasse", text)
    text = _STREET_ALONE.sub("strasse", text)
    text = _PLATZ.sub("platz", text)
    text = _HOUSE_NUMBER.sub(lambda m: m.group(1) + m.group(2), text)
    return _NON_ALNUM.sub("", text)


def norm_phone(phone: str | None, *, country: str = "49") -> str:
    """Digits of a phone number with the national trunk prefix: "+49 211 89-12",
    "0049 (0)211 8912", "(0211) 89 12" and "0211/8912" all give ``"02118912"``.

    Numbers with fewer than 5 digits are no key (an extension alone says nothing).
    """
    if not phone:
        return ""
    text = phone.strip()
    text = text.replace("(0)", "")  # "+49 (0)211": the optional trunk zero
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        national = digits.startswith(country)
        digits = "0" + digits[len(country) :] if national else "00" + digits
    elif digits.startswith("00" + country):
        digits = "0" + digits[2 + len(country) :]
    if len(digits) < 5:
        return ""
    return digits


def norm_email(email: str | None) -> str:
    """Lower-case address without ``mailto:`` and surrounding space."""
    if not email:
        return ""
    text = email.strip().casefold()
    if text.startswith("mailto:"):
        text = text[7:]
    return text if "@" in text else ""


def norm_url(url: str | None) -> str:
    """Host and path without scheme, ``www.``, query, fragment and trailing slash."""
    if not url:
        return ""
    text = url.strip().casefold()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0]
    if text.startswith("www."):
        text = text[4:]
    text = text.rstrip("/")
    if text.endswith("/index.html") or text.endswith("/index.php"):
        text = text.rsplit("/", 1)[0]
    return text if "." in text else ""


__all__ = [
    "fold",
    "norm_email",
    "norm_phone",
    "norm_street",
    "norm_url",
    "number_tokens",
    "sorted_token_key",
    "tokens",
]
