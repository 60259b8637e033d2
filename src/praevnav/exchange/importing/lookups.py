"""What the pipeline resolves against, loaded once per import with a few queries."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from praevnav.accounts.models import Organisation
from praevnav.catalogue.models import Offer
from praevnav.core.models import Tenant
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term, TermMapping, Transition

CHUNK = 900  # below SQLite's parameter limit
PK_ID_RE = re.compile(r"^pn-(\d+)$")

# Offer field → vocabulary of its terms ("transition": the Transition model).
FIELD_VOCABULARY = {
    "dimensions": Vocabulary.DIMENSION,
    "prevention_level": Vocabulary.PREVENTION_LEVEL,
    "participants": Vocabulary.PARTICIPANT,
    "transitions": "transition",
    "target_groups": Vocabulary.TARGET_GROUP,
    "topics": Vocabulary.TOPIC,
    "settings": Vocabulary.SETTING,
    "formats": Vocabulary.FORMAT,
    "access_options": Vocabulary.ACCESS,
    "languages": Vocabulary.LANGUAGE,
    "accessibility": Vocabulary.ACCESSIBILITY,
    "funding_programmes": Vocabulary.FUNDING,
    "evidence_programme": Vocabulary.EVIDENCE_PROGRAMME,
}
VOCABULARY_FIELD = {v: k for k, v in FIELD_VOCABULARY.items()}
SINGLE_FIELDS = ("prevention_level", "evidence_programme")


def chunks(items: Iterable, size: int = CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Vocabularies:
    """Codes and (case-insensitive) names of the tenant's terms and transitions."""

    def __init__(self, tenant: Tenant) -> None:
        self.by_code: dict[tuple[str, str], int] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        self.codes: dict[str, list[str]] = defaultdict(list)
        self.vocabulary_of: dict[int, str] = {}
        for pk, vocabulary, code, name, name_en in Term.all_tenants.filter(
            tenant_id=tenant.pk
        ).values_list("pk", "vocabulary", "code", "name", "name_en"):
            self._add(vocabulary, pk, code, name, name_en)
            self.vocabulary_of[pk] = vocabulary
        for pk, code, name, name_en in Transition.all_tenants.filter(
            tenant_id=tenant.pk
        ).values_list("pk", "code", "name", "name_en"):
            self._add("transition", pk, code, name, name_en)

    def _add(self, vocabulary: str, pk: int, code: str, name: str, name_en: str) -> None:
        self.by_code[vocabulary, code] = pk
        self.by_code.setdefault((vocabulary, code.casefold()), pk)
        self.codes[vocabulary].append(code)
        for label in (name, name_en):
            if label:
                self.by_name.setdefault((vocabulary, label.casefold().strip()), pk)

    def resolve(self, vocabulary: str, value: str) -> int | None:
        return (
            self.by_code.get((vocabulary, value))
            or self.by_code.get((vocabulary, value.casefold()))
            or self.by_name.get((vocabulary, value.casefold().strip()))
        )


class Areas:
    """The tenant's areas (and its lineage's) by ``level:code`` and by bare code."""

    def __init__(self, tenant: Tenant) -> None:
        self.by_level_code: dict[tuple[str, str], int] = {}
        self.by_code: dict[str, list[int]] = defaultdict(list)
        for pk, level, code in Area.all_tenants.filter(
            tenant_id__in=tenant.lineage_ids()
        ).values_list("pk", "level", "code"):
            self.by_level_code[level, code] = pk
            self.by_code[code].append(pk)

    def resolve(self, value: str) -> int | None:
        if ":" in value:
            level, code = value.split(":", 1)
            return self.by_level_code.get((level.strip(), code.strip()))
        found = self.by_code.get(value.strip(), [])
        return found[0] if len(found) == 1 else None


def term_mappings(tenant: Tenant) -> dict[tuple[str, str], int | None]:
    return {
        (taxonomy, code): term_id
        for taxonomy, code, term_id in TermMapping.all_tenants.filter(
            tenant_id=tenant.pk
        ).values_list("taxonomy", "code", "term_id")
    }


def existing_offers(tenant: Tenant, external_ids: Iterable[str]) -> dict[str, Offer]:
    """Offers of the tenant's scope by external id; ``pn-<pk>`` (our export's id for an
    offer without one) finds that offer when it has no external id."""
    scope = tenant.scope_ids()
    ids = set(external_ids)
    found: dict[str, Offer] = {}
    for chunk in chunks(ids):
        for offer in Offer.all_tenants.filter(tenant_id__in=scope, external_id__in=chunk):
            found[offer.external_id] = offer
    by_pk = {int(m[1]): ext for ext in ids - set(found) if (m := PK_ID_RE.match(ext))}
    for chunk in chunks(by_pk):
        for offer in Offer.all_tenants.filter(tenant_id__in=scope, pk__in=chunk, external_id=""):
            found[by_pk[offer.pk]] = offer
    return found


class Organisations:
    def __init__(self, tenant: Tenant) -> None:
        self.by_external_id: dict[str, Organisation] = {}
        self.by_name: dict[str, Organisation] = {}
        scope = set(tenant.scope_ids()) | set(tenant.lineage_ids())
        for org in Organisation.all_tenants.filter(tenant_id__in=scope).order_by("pk"):
            if org.external_id:
                self.by_external_id.setdefault(org.external_id, org)
            self.by_name.setdefault(org.name, org)


class Locations:
    def __init__(self, tenant: Tenant, external_ids: Iterable[str], org_ids: Iterable[int]) -> None:
        scope = tenant.scope_ids()
        self.by_external_id: dict[str, Location] = {}
        for chunk in chunks(set(external_ids)):
            for loc in Location.all_tenants.filter(tenant_id__in=scope, external_id__in=chunk):
                self.by_external_id[loc.external_id] = loc
        self.by_address: dict[tuple[int, str, str], Location] = {}
        for chunk in chunks(set(org_ids)):
            for loc in Location.all_tenants.filter(
                tenant_id__in=scope, organisation_id__in=chunk
            ).order_by("pk"):
                key = (loc.organisation_id, loc.name.casefold(), loc.street.casefold())
                self.by_address.setdefault(key, loc)
