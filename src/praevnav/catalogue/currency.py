"""Currency (Aktualität) of offers: pure date rules, no ORM.

An offer is *current* until ``confirmed + interval``; from then on it is *overdue* and
flagged for its editors; ``grace_days`` later it leaves public search and the planning
statistics (``hidden_from``), staying visible to its editors.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from praevnav.catalogue.enums import CurrencyState

DUE_SOON_DAYS = 30


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def currency_dates(*, confirmed: date, interval_months: int, grace_days: int) -> tuple[date, date]:
    """``(due, hidden_from)``: the day confirmation expires and the day the offer hides."""
    due = add_months(confirmed, max(1, interval_months))
    return due, due + timedelta(days=max(0, grace_days))


def currency_state(*, due: date | None, hidden_from: date | None, today: date) -> CurrencyState:
    """The state shown to editors and planners for an offer on ``today``."""
    if due is None:
        return CurrencyState.CURRENT
    if hidden_from is not None and today >= hidden_from:
        return CurrencyState.HIDDEN
    if today >= due:
        return CurrencyState.OVERDUE
    if (due - today).days <= DUE_SOON_DAYS:
        return CurrencyState.DUE_SOON
    return CurrencyState.CURRENT
