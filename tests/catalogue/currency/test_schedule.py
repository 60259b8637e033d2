"""The reminder schedule: which step is due on which day (pure)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from praevnav.catalogue.enums import ReminderKind
from praevnav.catalogue.services_currency import reminder_kind_due

DUE = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("days_before", "sent", "expected"),
    [
        (31, set(), None),
        (30, set(), ReminderKind.DAYS_30),
        (29, set(), ReminderKind.DAYS_30),  # missed day: still the 30-day reminder
        (29, {ReminderKind.DAYS_30}, None),
        (8, {ReminderKind.DAYS_30}, None),
        (7, {ReminderKind.DAYS_30}, ReminderKind.DAYS_7),
        (6, set(), ReminderKind.DAYS_7),  # inside 7 days: no outdated 30-day reminder
        (1, {ReminderKind.DAYS_7}, None),
        (0, {ReminderKind.DAYS_7}, ReminderKind.EXPIRED),
        (-12, set(), ReminderKind.EXPIRED),  # after expiry: only the expiry reminder
        (-12, {ReminderKind.EXPIRED}, None),
    ],
)
def test_reminder_kind_due_follows_the_latest_applicable_step(days_before, sent, expected):
    today = DUE - timedelta(days=days_before)
    assert reminder_kind_due(due=DUE, today=today, sent=set(sent)) == expected
