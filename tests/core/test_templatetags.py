"""Form fields in KERN markup: labels, hints and errors linked for assistive technology."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class SampleForm(forms.Form):
    title = forms.CharField(label="Titel", help_text="So, wie Familien es kennen.")
    kind = forms.ChoiceField(label="Art", choices=[("a", "A"), ("b", "B")])
    childcare = forms.BooleanField(label="Kinderbetreuung", required=False)
    languages = forms.MultipleChoiceField(
        label="Sprachen",
        choices=[("de", "Deutsch"), ("tr", "Türkisch")],
        widget=forms.CheckboxSelectMultiple,
    )


def _tag(html: str, element_id: str) -> str:
    return re.search(rf"<(input|select)[^>]*id=\"{element_id}\"[^>]*>", html).group(0)


def test_fields_without_errors_link_only_their_hints():
    html = render_to_string("includes/form_fields.html", {"form": SampleForm()})

    title = _tag(html, "id_title")
    assert 'class="kern-form-input__input"' in title
    assert 'aria-describedby="id_title_helptext"' in title
    assert "aria-invalid" not in title
    assert '<div class="kern-hint" id="id_title_helptext">' in html
    assert '<label class="kern-label" for="id_kind">' in html
    assert '<div class="kern-form-input__select-wrapper"><select' in html
    assert 'class="kern-form-check__checkbox"' in _tag(html, "id_childcare")
    assert '<span class="kern-label__optional">– optional</span>' in html
    assert "<legend" in html and 'for="id_languages_1"' in html


def test_fields_with_errors_are_marked_invalid_and_point_to_the_message():
    form = SampleForm(data={"title": "", "kind": "x"})
    form.is_valid()

    html = render_to_string("includes/form_fields.html", {"form": form})
    summary = render_to_string("includes/form_errors.html", {"form": form})

    title = _tag(html, "id_title")
    assert 'aria-invalid="true"' in title
    assert 'aria-describedby="id_title_helptext id_title_error"' in title
    assert 'class="kern-form-input__input kern-form-input__input--error"' in title
    assert 'id="id_title_error"' in html
    assert 'aria-invalid="true"' in _tag(html, "id_kind")
    assert re.search(r'<fieldset[^>]*aria-describedby="id_languages_error"', html)
    # The summary links every error to its field; a group links to its first option.
    assert 'href="#id_title"' in summary
    assert 'href="#id_kind"' in summary
    assert 'href="#id_languages_0"' in summary
