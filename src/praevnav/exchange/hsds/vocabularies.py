"""HSDS ``taxonomy`` and ``taxonomy_term`` objects for every vocabulary of ours.

Our taxonomies are named ``praevnav:<vocabulary>`` (the twelve vocabularies of the offer
record, ``praevnav:life_phase``, ``praevnav:transition``) plus ``praevnav:field``, whose
terms name the offer fields HSDS has no place for (their values travel as attribute
values, see docs/api.md). Foreign taxonomies come from ``Offer.external_terms`` and keep
their own names. Loaded in three queries for a whole tenant scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation

from praevnav.core.models import Tenant
from praevnav.exchange.hsds import ids
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Term, Transition

PREFIX = "praevnav:"
LIFE_PHASE = "life_phase"
TRANSITION = "transition"
FIELD = "field"
# Field terms are the same in every installation and tenant: one fixed id space.
SHARED_SLUG = "praevnav"

# Offer fields carried as attribute values of the ``praevnav:field`` taxonomy.
FIELD_TERMS = {
    "external_id": "Original external id of the offer (when it is not the HSDS id).",
    "summary_plain": "Summary in plain language (Einfache Sprache).",
    "pregnancy": "For pregnancy and birth (true/false).",
    "age_min_months": "Lower age bound in months (inclusive).",
    "age_max_months": "Upper age bound in months (exclusive).",
    "childcare": "Childcare during the offer (true/false).",
    "service_area_kind": "Service area: locations, whole, areas or outreach.",
    "service_area": "A served area as <level>:<official code>.",
    "schedule_note": "Note on the schedule.",
    "by_appointment": "By appointment (true/false).",
    "closed_on_public_holidays": "Closed on public holidays (true/false).",
    "valid_from": "Valid from (YYYY-MM-DD).",
    "valid_until": "Valid until (YYYY-MM-DD).",
    "capacity_per_year": "Places per year.",
    "public_contact_name": "Public contact person.",
    "translation": "A translation: JSON {language, title, description, summary_plain}.",
}


def taxonomy_name(key: str) -> str:
    return f"{PREFIX}{key}"


@dataclass
class Vocab:
    """Taxonomies and terms of one tenant scope, with lookups for the serialiser."""

    slug: str
    taxonomies: dict[str, dict] = field(default_factory=dict)  # name → taxonomy object
    terms: dict[str, dict] = field(default_factory=dict)  # HSDS id → term object
    term_by_pk: dict[int, dict] = field(default_factory=dict)
    transition_by_pk: dict[int, dict] = field(default_factory=dict)
    phases_by_tenant: dict[int, list] = field(default_factory=dict)  # LifePhase rows
    phase_term: dict[int, dict] = field(default_factory=dict)  # LifePhase pk → term
    field_terms: dict[str, dict] = field(default_factory=dict)

    def taxonomy(self, name: str, description: str, *, slug: str | None = None) -> dict:
        """The taxonomy called ``name`` (created on first use)."""
        found = self.taxonomies.get(name)
        if found is None:
            found = {
                "id": ids.taxonomy_id(slug or self.slug, name),
                "name": name,
                "description": description,
                "version": "1",
            }
            self.taxonomies[name] = found
        return found

    def _term(self, taxonomy: dict, *, term_id: str, code: str, name: str, description: str):
        term = {
            "id": term_id,
            "code": code,
            "name": name,
            "description": description,
            "taxonomy": taxonomy["name"],
            "taxonomy_id": taxonomy["id"],
            "language": "de",
        }
        self.terms[term_id] = term
        return term

    def external_term(self, taxonomy_name_: str, code: str, name: str) -> dict:
        """The term of a foreign taxonomy an import brought along."""
        key = f"external:{taxonomy_name_}"
        taxonomy = self.taxonomy(
            taxonomy_name_, f"Foreign taxonomy kept from an import: {taxonomy_name_}"
        )
        term_id = ids.term_id(self.slug, key, code)
        return self.terms.get(term_id) or self._term(
            taxonomy, term_id=term_id, code=code, name=name or code, description=name or code
        )


def load_vocab(*, tenant: Tenant, scope_ids: list[int], slugs: dict[int, str]) -> Vocab:
    """Every term, life phase and transition of the tenant scope as HSDS objects.

    ``slugs`` maps tenant ids to slugs (ids are derived per owning tenant).
    """
    vocab = Vocab(slug=tenant.slug)
    with translation.override("de"):
        labels = {v.value: str(v.label) for v in Vocabulary}
        rows = list(
            Term.all_tenants.filter(tenant_id__in=scope_ids)
            .order_by("tenant_id", "vocabulary", "position", "code")
            .values(
                "pk",
                "tenant_id",
                "vocabulary",
                "code",
                "name",
                "description",
                "parent_id",
                "hsds_id",
            )
        )
        for row in rows:
            slug = slugs[row["tenant_id"]]
            name = taxonomy_name(row["vocabulary"])
            taxonomy = vocab.taxonomy(
                name, f"Präventionsnavigator: {labels.get(row['vocabulary'], row['vocabulary'])}"
            )
            term = vocab._term(
                taxonomy,
                term_id=ids.term_id(slug, name, row["code"], row["hsds_id"]),
                code=row["code"],
                name=row["name"],
                description=row["description"] or row["name"],
            )
            vocab.term_by_pk[row["pk"]] = term
        for row in rows:  # parents after all ids are known
            if row["parent_id"] in vocab.term_by_pk:
                vocab.term_by_pk[row["pk"]]["parent_id"] = vocab.term_by_pk[row["parent_id"]]["id"]

        phase_tax = vocab.taxonomy(
            taxonomy_name(LIFE_PHASE),
            "Präventionsnavigator: Lebensphase (abgeleitet aus der Altersspanne)",
        )
        for phase in LifePhase.all_tenants.filter(tenant_id__in=scope_ids).order_by(
            "tenant_id", "position"
        ):
            vocab.phases_by_tenant.setdefault(phase.tenant_id, []).append(phase)
            vocab.phase_term[phase.pk] = vocab._term(
                phase_tax,
                term_id=ids.term_id(
                    slugs[phase.tenant_id], phase_tax["name"], phase.code, phase.hsds_id
                ),
                code=phase.code,
                name=phase.name,
                description=phase.description or phase.name,
            )
        transition_tax = vocab.taxonomy(taxonomy_name(TRANSITION), "Präventionsnavigator: Übergang")
        for tr in Transition.all_tenants.filter(tenant_id__in=scope_ids).order_by(
            "tenant_id", "position"
        ):
            vocab.transition_by_pk[tr.pk] = vocab._term(
                transition_tax,
                term_id=ids.term_id(
                    slugs[tr.tenant_id], transition_tax["name"], tr.code, tr.hsds_id
                ),
                code=tr.code,
                name=tr.name,
                description=tr.description or tr.name,
            )
    field_tax = vocab.taxonomy(
        taxonomy_name(FIELD),
        "Präventionsnavigator: offer fields without an HSDS column; the attribute value "
        "holds the field's value.",
        slug=SHARED_SLUG,
    )
    for code, description in FIELD_TERMS.items():
        vocab.field_terms[code] = vocab._term(
            field_tax,
            term_id=ids.term_id(SHARED_SLUG, field_tax["name"], code),
            code=code,
            name=code,
            description=description,
        )
    return vocab
