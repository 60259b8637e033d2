"""Careful reading of single HSDS values: every wrong type or value becomes a ``Problem``.

The mapping code walks a service object (parsed JSON, or one assembled from the tabular
CSV files) and asks a ``Reader`` for values. A ``Reader`` knows where the object came
from: a JSON path (``$[3].service_at_locations[0].location``), or a CSV row
(``locations.csv, Zeile 2``) stored in the object under ``SOURCE``. Problems name that
place, the field and, in ``record``, the service they belong to.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from praevnav.exchange.records import Problem, Severity

# Key under which objects assembled from CSV rows remember their file and row.
SOURCE = "\x00source"

_TYPE_NAMES = {
    dict: "ein Objekt",
    list: "eine Liste",
    bool: "ein Wahrheitswert",
    str: "ein Text",
    int: "eine Zahl",
    float: "eine Zahl",
    type(None): "leer (null)",
}


def type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def short(value: Any, limit: int = 60) -> str:
    """A value for a message, cut to ``limit`` characters."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Collector:
    """The problems of one parse, each tied to the service (``record``) being read."""

    problems: list[Problem] = field(default_factory=list)
    record: str = ""

    def add(self, source: str, field_: str, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(source, field_, message, severity, record=self.record))


@dataclass
class Reader:
    """Reads the fields of one object ``obj`` found at ``path``."""

    obj: dict
    path: str
    out: Collector

    def where(self, key: str | None = None) -> str:
        """The source of ``key``: the CSV row, or the JSON path of the field."""
        if SOURCE in self.obj:
            return self.obj[SOURCE]
        return f"{self.path}.{key}" if key else self.path

    def problem(self, key: str, message: str, severity: Severity = "error") -> None:
        self.out.add(self.where(key), key, message, severity)

    def child(self, key: str) -> Reader | None:
        """The object under ``key`` as a reader (None when absent; error if no object)."""
        value = self.obj.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, f"Erwartet wird ein Objekt, gefunden wurde {type_name(value)}.")
            return None
        return Reader(value, f"{self.path}.{key}", self.out)

    def items(self, key: str) -> list[Reader]:
        """The objects of the list under ``key``; wrong entries are reported and skipped."""
        value = self.obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, f"Erwartet wird eine Liste, gefunden wurde {type_name(value)}.")
            return []
        readers = []
        for index, item in enumerate(value):
            path = f"{self.path}.{key}[{index}]"
            if isinstance(item, dict):
                readers.append(Reader(item, path, self.out))
            else:
                source = self.obj.get(SOURCE, path)
                self.out.add(
                    source, key, f"Erwartet wird ein Objekt, gefunden wurde {type_name(item)}."
                )
        return readers

    def text(self, key: str, *, max_length: int | None = None, cut: bool = False) -> str:
        """A text value, trimmed; numbers are taken as text, other types are errors.

        Longer than ``max_length``: an error, or (``cut``) a warning and the text cut.
        """
        value = self.obj.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(key, f"Erwartet wird ein Text, gefunden wurde {type_name(value)}.")
            return ""
        text = str(value).strip()
        if max_length is not None and len(text) > max_length:
            if cut:
                self.problem(
                    key,
                    f"Der Text ist länger als {max_length} Zeichen und wurde gekürzt.",
                    "warning",
                )
                return text[: max_length - 1].rstrip() + "…"
            self.problem(
                key, f"Der Text ist {len(text)} Zeichen lang; erlaubt sind höchstens {max_length}."
            )
            return text[:max_length]
        return text

    def number(self, key: str) -> float | None:
        """A number; numeric text (also with a decimal comma) is accepted."""
        value = self.obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.problem(key, "Erwartet wird eine Zahl, gefunden wurde ein Wahrheitswert.")
            return None
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                self.problem(key, f"„{short(value)}“ ist keine Zahl.")
                return None
        else:
            self.problem(key, f"Erwartet wird eine Zahl, gefunden wurde {type_name(value)}.")
            return None
        if not math.isfinite(number):
            self.problem(key, f"„{short(value)}“ ist keine endliche Zahl.")
            return None
        return number

    def date(self, key: str) -> dt.date | None:
        """An ISO date (YYYY-MM-DD); a date-time is cut to its date."""
        text = self.text(key)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            self.problem(key, f"„{short(text)}“ ist kein Datum im Format JJJJ-MM-TT.")
            return None

    def time(self, key: str) -> str | None:
        """A time of day as ``HH:MM``; seconds and a time-zone suffix are dropped."""
        text = self.text(key)
        if not text:
            return None
        match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", text)
        if not match or int(match[1]) > 24 or int(match[2]) > 59:
            self.problem(key, f"„{short(text)}“ ist keine Uhrzeit im Format HH:MM.")
            return None
        hours, minutes = int(match[1]), int(match[2])
        if hours == 24:
            if minutes:
                self.problem(key, f"„{short(text)}“ ist keine Uhrzeit im Format HH:MM.")
                return None
            hours, minutes = 23, 59  # 24:00 (end of day) as the last minute of the day
        return f"{hours:02d}:{minutes:02d}"


def url_ok(value: str) -> bool:
    return bool(re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value, flags=re.IGNORECASE))


def email_ok(value: str) -> bool:
    return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value))
