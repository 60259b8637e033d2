"""``GET /api/v1/taxonomy``: vocabularies, life phases and transitions of the tenant."""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest
from ninja import Router

from praevnav.api.common import COMMON_PARAMS, request_tenant, response_language
from praevnav.api.schemas import Error, Taxonomy
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term
from praevnav.taxonomy.selectors import life_phases_for_tenant, transitions_for_tenant

router = Router(tags=["taxonomy"])


def _terms_in_tree_order(terms: list[Term]) -> list[dict]:
    """Parents before their children, siblings by position and name; with depth."""
    by_id = {t.pk: t for t in terms}
    children: dict[int | None, list[Term]] = defaultdict(list)
    for term in terms:
        parent_id = term.parent_id if term.parent_id in by_id else None
        children[parent_id].append(term)
    out: list[dict] = []
    stack: list[tuple[Term, int]] = [(t, 0) for t in reversed(children[None])]
    seen: set[int] = set()
    while stack:
        term, depth = stack.pop()
        if term.pk in seen:  # a cycle typed by hand must not loop forever
            continue
        seen.add(term.pk)
        parent = by_id.get(term.parent_id) if term.parent_id else None
        out.append(
            {
                "code": term.code,
                "name": term.name,
                "name_en": term.name_en,
                "label": term.label,
                "parent": parent.code if parent else None,
                "depth": depth,
                "hsds_id": term.hsds_id,
            }
        )
        stack.extend((child, depth + 1) for child in reversed(children[term.pk]))
    return out


@router.get(
    "/taxonomy",
    response={200: Taxonomy, 404: Error, 400: Error},
    summary="Vocabularies, life phases and transitions",
    description=(
        "Every controlled vocabulary of the offer record with its active terms in tree "
        "order (the topic vocabulary, Themen, is a tree: `parent` and `depth`), the life "
        "phases (Lebensphasen, the links of the prevention chain) with their age ranges in "
        "months, and the transitions (Übergänge) between them. Term codes are the values "
        "of the filters of `/offers` (`dimension`, `topic`, `language`, …); life phase "
        "codes those of `life_phase`, transition codes those of `transition`."
    ),
    openapi_extra={"parameters": COMMON_PARAMS},
)
def taxonomy(request: HttpRequest):
    tenant = request_tenant(request)
    with response_language(request):
        terms_by_vocab: dict[str, list[Term]] = defaultdict(list)
        for term in Term.all_tenants.filter(tenant_id=tenant.pk, is_active=True).order_by(
            "vocabulary", "position", "name"
        ):
            terms_by_vocab[term.vocabulary].append(term)
        vocabularies = [
            {
                "code": vocab.value,
                "label": str(vocab.label),
                "terms": _terms_in_tree_order(terms_by_vocab.get(vocab.value, [])),
            }
            for vocab in Vocabulary
        ]
        life_phases = [
            {
                "code": p.code,
                "name": p.name,
                "name_en": p.name_en,
                "label": p.label,
                "is_pregnancy": p.is_pregnancy,
                "min_age_months": p.min_age_months,
                "max_age_months": p.max_age_months,
                "age_label": p.age_label,
                "hsds_id": p.hsds_id,
            }
            for p in life_phases_for_tenant(tenant_id=tenant.pk)
        ]
        transitions = [
            {
                "code": t.code,
                "name": t.name,
                "name_en": t.name_en,
                "label": t.label,
                "from_phase": t.from_phase.code if t.from_phase else None,
                "to_phase": t.to_phase.code if t.to_phase else None,
                "hsds_id": t.hsds_id,
            }
            for t in transitions_for_tenant(tenant_id=tenant.pk)
        ]
    return {
        "vocabularies": vocabularies,
        "life_phases": life_phases,
        "transitions": transitions,
    }
