"""Offer kinds: the templates the generator writes offers from.

One kind is one recognisable type of prevention offer (“PEKiP-Gruppe”,
“Schuldnerberatung”, “Demenzcafé”) with title variants, description sentences
and the structured fields that fit it. Text lists are written as ``"a|b|c"``
to keep the data modules compact; codes are space-separated term codes of the
default taxonomy. ``{ort}`` is replaced by the area name (Stadtteil or Gemeinde),
``{traeger}`` by the provider's short name, ``{stadt}`` by the municipality,
``{pass}`` by the name of the local social pass, ``{zentrum}`` by the local name
of senior centres, ``{schule}`` by the school. A title ending in ``@n`` only goes
with intro number ``n`` (for kinds whose titles name different activities).
"""

from __future__ import annotations

from dataclasses import dataclass

Y = 12  # months per year; age ranges are in months, upper bound exclusive


@dataclass(frozen=True)
class OfferKind:
    key: str
    titles: tuple[str, ...]
    intros: tuple[str, ...]
    details: tuple[str, ...]
    topics: tuple[str, ...]
    dims: tuple[str, ...]
    ages: tuple[tuple[int | None, int | None], ...]
    providers: tuple[str, ...]
    participants: tuple[str, ...] = ("kind",)
    pregnancy: bool = False
    targets: tuple[str, ...] = ()
    settings: tuple[str, ...] = ("beratungsstelle",)
    formats: tuple[str, ...] = ("beratung",)
    levels: tuple[str, ...] = ("universell",)
    access: tuple[str, ...] = ("kostenlos",)
    fee: bool = False
    transitions: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    funding: tuple[str, ...] = ("kommunal",)
    service: tuple[str, ...] = ("locations",)
    schedule: str = "office"
    weight: float = 1.0
    childcare: float = 0.0
    capacity: tuple[int, int] | None = None
    languages: tuple[str, ...] = ()
    plain: tuple[str, ...] = ()


def _split(value: str | tuple, sep: str) -> tuple:
    if isinstance(value, tuple):
        return value
    return tuple(part.strip() for part in value.split(sep) if part.strip())


def kind(key: str, **fields) -> OfferKind:
    """Build an :class:`OfferKind` from the compact notation of the data modules."""
    text_fields = {"titles", "intros", "details", "plain"}
    code_fields = {
        "topics", "dims", "providers", "participants", "targets", "settings", "formats",
        "levels", "access", "transitions", "evidence", "funding", "service", "languages",
    }  # fmt: skip
    for name, value in list(fields.items()):
        if name in text_fields:
            fields[name] = _split(value, "|")
        elif name in code_fields:
            fields[name] = _split(value, " ")
    return OfferKind(key=key, **fields)


def all_kinds() -> tuple[OfferKind, ...]:
    from praevnav.catalogue.demo import kinds_adult, kinds_early, kinds_senior, kinds_youth

    return kinds_early.KINDS + kinds_youth.KINDS + kinds_adult.KINDS + kinds_senior.KINDS
