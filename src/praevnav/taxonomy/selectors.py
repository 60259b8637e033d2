"""Reads of the taxonomy.

How often a term is used is read through the relations other apps declare on
``Term`` and ``Transition`` (today: the offer record). The taxonomy sits below the
catalogue in the app graph and must not import it, so the relations are found in
the model registry instead of being named here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import Count

from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Synonym, Term, Transition

# German URL path segment per vocabulary (URL paths German, names English).
VOCABULARY_SLUGS: dict[str, str] = {
    Vocabulary.DIMENSION: "dimensionen",
    Vocabulary.PREVENTION_LEVEL: "praeventionsebenen",
    Vocabulary.PARTICIPANT: "teilnehmende",
    Vocabulary.TARGET_GROUP: "zielgruppen",
    Vocabulary.TOPIC: "themen",
    Vocabulary.SETTING: "settings",
    Vocabulary.FORMAT: "formate",
    Vocabulary.ACCESS: "zugang-und-kosten",
    Vocabulary.LANGUAGE: "sprachen",
    Vocabulary.ACCESSIBILITY: "barrierefreiheit",
    Vocabulary.FUNDING: "foerderprogramme",
    Vocabulary.EVIDENCE_PROGRAMME: "evidenzbasierte-programme",
}
VOCABULARY_BY_SLUG: dict[str, str] = {slug: v for v, slug in VOCABULARY_SLUGS.items()}


def life_phases_for_tenant(*, tenant_id: int) -> list[LifePhase]:
    """The tenant's life phases in chain order."""
    return list(LifePhase.all_tenants.filter(tenant_id=tenant_id).order_by("position"))


def transitions_for_tenant(*, tenant_id: int) -> list[Transition]:
    return list(
        Transition.all_tenants.filter(tenant_id=tenant_id)
        .select_related("from_phase", "to_phase")
        .order_by("position")
    )


def terms_by_code(*, tenant_id: int, vocabulary: Vocabulary | str) -> dict[str, Term]:
    """All terms of one vocabulary, keyed by code."""
    return {t.code: t for t in Term.all_tenants.filter(tenant_id=tenant_id, vocabulary=vocabulary)}


# --- usage ------------------------------------------------------------------------------


def _referencing_fields(model: type[models.Model]) -> Iterator[models.ForeignKey]:
    """Every foreign key of another model that points at ``model``.

    Many-to-many links are found through their through tables (one row per link),
    so each row counted is one record using the target. The tree's own ``parent``
    link is not a use.
    """
    for rel in model._meta.get_fields(include_hidden=True):
        if isinstance(rel, models.ManyToOneRel) and rel.related_model is not model:
            yield rel.field


def _usage_counts(model: type[models.Model], *, tenant_id: int, **filters) -> dict[int, int]:
    """Target id → rows referencing it; ``filters`` apply to the target (the term)."""
    counts: dict[int, int] = {}
    for field in _referencing_fields(model):
        lookups = {f"{field.name}__{key}": value for key, value in filters.items()}
        rows = (
            field.model._base_manager.filter(**{f"{field.name}__tenant_id": tenant_id}, **lookups)
            .values(field.attname)
            .annotate(n=Count("pk"))
        )
        for row in rows:
            pk = row[field.attname]
            counts[pk] = counts.get(pk, 0) + row["n"]
    return counts


def term_usage_counts(*, tenant_id: int, vocabulary: str | None = None) -> dict[int, int]:
    """Term id → number of records (today: offers) using it; unused terms are missing.

    A fixed number of queries (one per relation to ``Term``), whatever the number of terms.
    """
    filters = {"vocabulary": vocabulary} if vocabulary else {}
    return _usage_counts(Term, tenant_id=tenant_id, **filters)


def term_usage_count(*, term: Term) -> int:
    """How many records (today: offers) use ``term``."""
    total = 0
    for field in _referencing_fields(Term):
        total += field.model._base_manager.filter(**{field.attname: term.pk}).count()
    return total


def transition_usage_counts(*, tenant_id: int) -> dict[int, int]:
    """Transition id → number of offers supporting it."""
    return _usage_counts(Transition, tenant_id=tenant_id)


#: Functions ``(tenant_id, phase) -> int`` that count rows falling into a life phase.
#: The catalogue registers its offers in ``CatalogueConfig.ready`` (the taxonomy app
#: does not import the catalogue; the derivation query lives next to the offers).
LIFE_PHASE_COUNTERS: list[Callable[[int, LifePhase], int]] = []


def register_life_phase_counter(counter: Callable[[int, LifePhase], int]) -> None:
    if counter not in LIFE_PHASE_COUNTERS:
        LIFE_PHASE_COUNTERS.append(counter)


def life_phase_usage_counts(*, tenant_id: int) -> dict[int, int]:
    """Life phase id → number of offers whose derived life phases include it.

    Derived on every call from the offers' age ranges (never stored), so an edited age
    range shows its effect at once.
    """
    return {
        phase.pk: sum(counter(tenant_id, phase) for counter in LIFE_PHASE_COUNTERS)
        for phase in life_phases_for_tenant(tenant_id=tenant_id)
    }


# --- vocabularies -----------------------------------------------------------------------


@dataclass(frozen=True)
class VocabularySummary:
    vocabulary: str
    label: str
    slug: str
    terms: int
    active: int


def vocabulary_overview(*, tenant_id: int) -> list[VocabularySummary]:
    """Every vocabulary with its number of terms (all and active), in the enum's order."""
    rows = (
        Term.all_tenants.filter(tenant_id=tenant_id)
        .values("vocabulary")
        .annotate(total=Count("pk"), active=Count("pk", filter=models.Q(is_active=True)))
    )
    by_vocabulary = {r["vocabulary"]: r for r in rows}
    return [
        VocabularySummary(
            vocabulary=v.value,
            label=str(v.label),
            slug=VOCABULARY_SLUGS[v.value],
            terms=by_vocabulary.get(v.value, {}).get("total", 0),
            active=by_vocabulary.get(v.value, {}).get("active", 0),
        )
        for v in Vocabulary
    ]


@dataclass
class TermRow:
    term: Term
    depth: int
    usage: int

    @property
    def indent(self) -> str:
        """A visual marker of the depth in the tree (the parent column says it in words)."""
        return "— " * self.depth


def _tree_order(terms: list[Term]) -> list[tuple[Term, int]]:
    """Terms depth-first by position, each with its depth (0 = top level).

    Terms whose parent is missing from ``terms`` are shown at the top level.
    """
    ids = {t.pk for t in terms}
    children: dict[int | None, list[Term]] = {}
    for t in terms:
        key = t.parent_id if t.parent_id in ids else None
        children.setdefault(key, []).append(t)
    result: list[tuple[Term, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for t in children.get(parent_id, []):
            result.append((t, depth))
            walk(t.pk, depth + 1)

    walk(None, 0)
    return result


def vocabulary_terms(*, tenant_id: int, vocabulary: str) -> list[TermRow]:
    """The terms of one vocabulary in tree order, with depth and usage count."""
    terms = list(
        Term.all_tenants.filter(tenant_id=tenant_id, vocabulary=vocabulary)
        .select_related("parent")
        .order_by("position", "name")
    )
    usage = term_usage_counts(tenant_id=tenant_id, vocabulary=vocabulary)
    return [TermRow(t, depth, usage.get(t.pk, 0)) for t, depth in _tree_order(terms)]


def parent_choices(*, tenant_id: int, vocabulary: str, exclude: Term | None = None) -> list:
    """``(id, indented name)`` of the terms that may become ``exclude``'s parent.

    Leaves out the term itself and its descendants (a cycle otherwise).
    """
    terms = list(
        Term.all_tenants.filter(tenant_id=tenant_id, vocabulary=vocabulary).order_by(
            "position", "name"
        )
    )
    banned = descendant_ids(term=exclude) | {exclude.pk} if exclude is not None else set()
    return [
        (t.pk, f"{'— ' * depth}{t.name}") for t, depth in _tree_order(terms) if t.pk not in banned
    ]


def descendant_ids(*, term: Term) -> set[int]:
    """Ids of every term below ``term`` in its tree."""
    found: set[int] = set()
    frontier = [term.pk]
    while frontier:
        frontier = [
            pk
            for pk in Term.all_tenants.filter(parent_id__in=frontier).values_list("pk", flat=True)
            if pk not in found
        ]
        found.update(frontier)
    return found


# --- synonyms ---------------------------------------------------------------------------


def synonym_groups(*, tenant_id: int) -> list[Synonym]:
    """All synonym groups of the tenant, active ones first."""
    return list(Synonym.all_tenants.filter(tenant_id=tenant_id).order_by("-is_active", "terms"))


def active_synonym_groups(*, tenant_id: int) -> list[list[str]]:
    """The words the search treats as the same, one list per active group.

    Words keep the spelling the planners entered (trimmed); callers normalise case and
    diacritics as their analyser does. Example: ``[["Kita", "Kindertagesstätte", …], …]``.
    """
    return [
        group.term_list
        for group in Synonym.all_tenants.filter(tenant_id=tenant_id, is_active=True).order_by(
            "terms"
        )
        if len(group.term_list) > 1
    ]
