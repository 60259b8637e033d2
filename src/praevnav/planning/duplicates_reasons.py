"""Human-readable texts for the reason codes of duplicate and overlap detection.

The calculations return codes with a value (``{"code": "same_phone", "value": "…"}``)
so that JSON output stays stable; this renders them in the active language
("gleiche Telefonnummer (02115551234)" in German once the catalogue is translated).
"""

from __future__ import annotations

from django.utils.translation import get_language, gettext, gettext_noop

_TEXTS = {
    "title_similar": gettext_noop("Title very similar ({value})"),
    "description_similar": gettext_noop("Description similar ({value})"),
    "same_organisation": gettext_noop("Same organisation ({value})"),
    "similar_organisation_name": gettext_noop("Similar organisation name ({value})"),
    "same_address": gettext_noop("Same address ({value})"),
    "same_place": gettext_noop("Same place ({value} m apart)"),
    "same_phone": gettext_noop("Same phone number ({value})"),
    "same_email": gettext_noop("Same e-mail address ({value})"),
    "same_url": gettext_noop("Same web address ({value})"),
    "different_address": gettext_noop("Different addresses ({value})"),
    "title_numbers_differ": gettext_noop("Numbers in the title differ ({value})"),
    "different_providers": gettext_noop("Different providers ({value})"),
    "same_area": gettext_noop("Same area ({value})"),
    "same_life_phase": gettext_noop("Same life phase ({value})"),
    "topics_overlap": gettext_noop("Topics overlap ({value})"),
    "target_groups_overlap": gettext_noop("Target groups overlap ({value})"),
}


_translated: dict[str, dict[str, str]] = {}


def _templates() -> dict[str, str]:
    """The reason templates in the active language, translated once per language
    (a page lists tens of thousands of reasons)."""
    language = get_language() or ""
    table = _translated.get(language)
    if table is None:
        table = _translated[language] = {code: gettext(t) for code, t in _TEXTS.items()}
    return table


def reason_text(reason: dict, templates: dict[str, str] | None = None) -> str:
    """The reason in the active language; unknown codes are shown as they are."""
    template = (templates if templates is not None else _templates()).get(reason.get("code", ""))
    if template is None:
        return f"{reason.get('code', '')}: {reason.get('value', '')}"
    return template.format(value=reason.get("value", ""))


def reasons_with_text(reasons) -> list[dict]:
    """Each reason with its rendered ``text`` added (for the CLI JSON and the views)."""
    templates = _templates()
    return [{**r, "text": reason_text(r, templates)} for r in reasons]


__all__ = ["reason_text", "reasons_with_text"]
