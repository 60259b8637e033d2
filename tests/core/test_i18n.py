"""The German catalogue is complete; German is the default, English is one click away."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from core.pagetext import headings
from praevnav.core.i18ncheck import problems

LOCALE = Path(__file__).resolve().parents[2] / "src" / "praevnav" / "locale"


def test_german_catalogue_has_no_missing_or_fuzzy_entry():
    po = LOCALE / "de" / "LC_MESSAGES" / "django.po"

    assert problems(po.read_text(encoding="utf-8")) == []


def test_problems_reports_missing_and_fuzzy_entries():
    po = 'msgid ""\nmsgstr ""\n\nmsgid "Offer"\nmsgstr ""\n\n#, fuzzy\nmsgid "Area"\nmsgstr "Ort"\n'

    assert problems(po) == ["untranslated: 'Offer'", "fuzzy: 'Area'"]


@pytest.mark.django_db
def test_start_page_is_german_by_default(client, tenant):
    html = client.get(reverse("catalogue:home")).content.decode()

    assert '<html lang="de">' in html
    assert headings(html, "h1") == ["Präventionskette – Landeshauptstadt Düsseldorf"]
    assert "Zum Inhalt springen" in html


@pytest.mark.django_db
def test_start_page_is_english_after_switching(client, tenant):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(reverse("catalogue:home")).content.decode()

    assert '<html lang="en">' in html
    assert headings(html, "h1") == ["Prevention chain – Landeshauptstadt Düsseldorf"]
    assert "Skip to main content" in html
    assert "Präventionskette" not in html
