"""Read the structure of a rendered page: headings and table cells, as text."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.rows: list[list[str]] = []
        self._heading: str | None = None
        self._text: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading, self._text = tag, []
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []
        elif tag == "span" and "kern-sr-only" in (dict(attrs).get("class") or ""):
            self._hidden_depth += 1

    def handle_endtag(self, tag):
        if tag == self._heading:
            self.headings.append((tag, _squash("".join(self._text))))
            self._heading = None
        elif tag in {"td", "th"} and self._cell is not None and self._row is not None:
            self._row.append(_squash("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "span" and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data):
        if self._heading is not None:
            self._text.append(data)
        if self._cell is not None and not self._hidden_depth:
            self._cell.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def headings(html: str, level: str | None = None) -> list[str]:
    return [text for tag, text in parse(html).headings if level is None or tag == level]


def table_rows(html: str) -> list[list[str]]:
    return parse(html).rows
