"""/planung/dubletten/ and /planung/doppelstrukturen/: permissions, actions, history."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory
from praevnav.catalogue.enums import OfferStatus
from praevnav.planning.models import DuplicateDismissal, OverlapAssessment
from praevnav.planning.selectors_findings import overlap_key
from praevnav.taxonomy.models import Term

pytestmark = pytest.mark.django_db
PAIRS, OVERLAPS = "/planung/dubletten/", "/planung/doppelstrukturen/"
TEXT = (
    "Offener Treff für Eltern mit Babys im ersten Lebensjahr: Austausch, Beratung durch "
    "eine Familienhebamme, Spielanregungen und Informationen zu Schlaf und Ernährung."
)


def _offer(tenant, org, location, title, **kw):
    offer = OfferFactory(
        tenant=tenant, organisation=org, title=title, description=kw.pop("description", TEXT),
        age_min_months=0, age_max_months=12, **kw,
    )  # fmt: skip
    offer.locations.set([location])
    offer.topics.set(
        [Term.all_tenants.get(tenant=tenant, vocabulary="topic", code="fruehe-hilfen")]
    )
    return offer


@pytest.fixture
def catalogue(tenant):
    """A duplicate pair (one provider) and an overlap (another provider, same Stadtteil)."""
    bezirk = AreaFactory(tenant=tenant, level="stadtbezirk", code="03", name="Bezirk 3")
    oberbilk = AreaFactory(
        tenant=tenant, level="stadtteil", code="037", name="Oberbilk", parent=bezirk
    )
    here = LocationFactory(tenant=tenant, street="Kölner Straße 5", latitude=51.21, longitude=6.80)
    there = LocationFactory(
        tenant=tenant, street="Ellerstraße 90", latitude=51.215, longitude=6.805
    )
    here.areas.set([oberbilk])
    there.areas.set([oberbilk])
    sonne = OrganisationFactory(tenant=tenant, name="Familienzentrum Sonnenblume")
    mond = OrganisationFactory(tenant=tenant, name="Kinderschutzbund Mondschein")
    original = _offer(tenant, sonne, here, "Babytreff am Vormittag", public_phone="0211 555 12 34",
                      public_email="treff@sonnenblume.de")  # fmt: skip
    twin = _offer(tenant, sonne, here, "Baby-Treff am Vormittag", public_phone="0211/5551234",
                  public_email="treff@sonnenblume.de", website="https://sonnenblume.de/treff")  # fmt: skip  # noqa: E501
    other = _offer(tenant, mond, there, "Elterncafé mit Baby", public_phone="0211 777 88 99")
    for i in range(6):  # unrelated offers, so that the text weights are meaningful
        _offer(tenant, mond, there, f"Schuldnerberatung {i}",
               description=f"Hilfe bei Mietschulden und Inkasso, Termin {i}.")  # fmt: skip
    return {"original": original, "twin": twin, "other": other}


def _pair_ids(html):
    import re

    return {frozenset(map(int, m)) for m in re.findall(r'data-a="(\d+)" data-b="(\d+)"', html)}


@pytest.mark.parametrize(
    "persona, sees, acts",
    [("fachkraft", False, False), ("traeger_editor", False, False), ("koordination", True, False),
     ("planer", True, True), ("admin", True, True)],
)  # fmt: skip
def test_duplicates_page_by_persona(persona_client, catalogue, persona, sees, acts):
    response = persona_client(persona).get(PAIRS)
    assert response.status_code == (200 if sees else 403)
    html = response.content.decode()
    expected = frozenset((catalogue["original"].pk, catalogue["twin"].pk))
    assert (expected in _pair_ids(html)) is sees
    assert ('action="/planung/dubletten/zusammenfuehren/"' in html) is acts


def test_comparison_shows_both_records_side_by_side(persona_client, catalogue):
    html = persona_client("planer").get(PAIRS).content.decode()
    assert "0211 555 12 34" in html and "0211/5551234" in html
    assert 'data-code="same_phone"' in html and 'data-code="same_email"' in html
    assert "Kölner Straße 5" in html


@pytest.mark.parametrize("persona", ["koordination", "fachkraft"])
def test_only_mergers_may_merge_or_dismiss(persona_client, catalogue, persona):
    client = persona_client(persona)
    a, b = catalogue["original"], catalogue["twin"]
    assert client.post(PAIRS + "zusammenfuehren/", {"keep": a.pk, "drop": b.pk}).status_code == 403
    assert client.post(PAIRS + "keine-dublette/", {"a": a.pk, "b": b.pk}).status_code == 403
    b.refresh_from_db()
    assert b.status == OfferStatus.PUBLISHED
    assert not DuplicateDismissal.all_tenants.exists()


def test_merge_from_the_page_archives_and_both_histories_stay_readable(persona_client, catalogue):
    client = persona_client("planer")
    keep, drop = catalogue["original"], catalogue["twin"]
    response = client.post(PAIRS + "zusammenfuehren/", {"keep": keep.pk, "drop": drop.pk})
    assert response.status_code == 302
    drop.refresh_from_db()
    assert drop.status == OfferStatus.ARCHIVED
    # the pair is gone: an archived offer is never suggested again
    assert frozenset((keep.pk, drop.pk)) not in _pair_ids(client.get(PAIRS).content.decode())
    kept_history = client.get(f"/verwaltung/pruefung/angebote/{keep.pk}/verlauf/").content.decode()
    assert 'data-kind="approved"' in kept_history  # the takeover is a recorded version
    assert "https://sonnenblume.de/treff" in kept_history  # … with the field it took over
    assert 'data-kind="merge_keep"' in kept_history
    dropped_history = client.get(
        f"/verwaltung/pruefung/angebote/{drop.pk}/verlauf/"
    ).content.decode()
    assert 'data-kind="archive"' in dropped_history
    assert 'data-kind="merge"' in dropped_history
    assert f"no. {keep.pk}" in dropped_history or f"Nr. {keep.pk}" in dropped_history


def test_not_a_duplicate_hides_the_pair(persona_client, catalogue):
    client = persona_client("planer")
    a, b = catalogue["original"], catalogue["twin"]
    assert frozenset((a.pk, b.pk)) in _pair_ids(client.get(PAIRS).content.decode())
    client.post(PAIRS + "keine-dublette/", {"a": b.pk, "b": a.pk})
    assert DuplicateDismissal.all_tenants.filter(offer_a=min(a, b, key=lambda o: o.pk)).exists()
    assert frozenset((a.pk, b.pk)) not in _pair_ids(client.get(PAIRS).content.decode())


def test_merge_of_another_tenants_offer_is_not_found(persona_client, catalogue, other_tenant):
    stranger = OfferFactory(tenant=other_tenant)
    response = persona_client("planer").post(
        PAIRS + "zusammenfuehren/", {"keep": catalogue["original"].pk, "drop": stranger.pk}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == OfferStatus.PUBLISHED


def _overlap_ids(catalogue):
    # the twin overlaps the other provider's offer too: one group of three
    return sorted(catalogue[k].pk for k in ("original", "twin", "other"))


def _group(html, offer_ids):
    import re

    for match in re.finditer(r'<li class="pn-section" id="overlap-[^"]*" data-key="([0-9a-f]+)" '
                             r'data-area="([^"]*)" data-life-phase="([^"]*)" data-verdict="([^"]*)"', html):  # fmt: skip  # noqa: E501
        key, area, phase, verdict = match.groups()
        if key == overlap_key(offer_ids, area, phase):
            return {"key": key, "area": area, "phase": phase, "verdict": verdict}
    return None


def test_overlap_is_listed_with_verdict_form_and_measure_link(persona_client, catalogue):
    ids = _overlap_ids(catalogue)
    client = persona_client("planer")
    html = client.get(OVERLAPS).content.decode()
    group = _group(html, ids)
    assert group == {"key": group["key"], "area": "037", "phase": "0-3", "verdict": "open"}
    assert 'action="/planung/doppelstrukturen/bewertung/"' in html
    try:  # the measure form is built by another part; link only when it exists
        from django.urls import reverse

        measure = reverse("planning:measure_create")
    except Exception:  # noqa: BLE001 - NoReverseMatch
        assert "pn-measure-link" not in html
    else:
        offers = "%2C".join(map(str, ids))
        assert (
            f"{measure}?source=overlap&amp;area=037&amp;life_phase=0-3&amp;offers={offers}" in html
        )
    # filters
    assert _group(client.get(OVERLAPS + "?area=038").content.decode(), ids) is None
    assert _group(client.get(OVERLAPS + "?life_phase=6-10").content.decode(), ids) is None
    assert _group(client.get(OVERLAPS + "?area=037&life_phase=0-3").content.decode(), ids)


def test_verdict_is_stored_and_shown(persona_client, catalogue):
    client = persona_client("planer")
    ids = _overlap_ids(catalogue)
    response = client.post(
        OVERLAPS + "bewertung/",
        {"prefix": "g0", "g0-offers": ",".join(map(str, ids)), "g0-area": "037",
         "g0-life_phase": "0-3", "g0-verdict": "intended", "g0-note": "Zwei Träger, gewollt"},
    )  # fmt: skip
    assert response.status_code == 302
    stored = OverlapAssessment.all_tenants.get(key=overlap_key(ids, "037", "0-3"))
    assert (stored.verdict, stored.note) == ("intended", "Zwei Träger, gewollt")
    html = client.get(OVERLAPS).content.decode()
    assert _group(html, ids)["verdict"] == "intended"
    assert "Zwei Träger, gewollt" in html
    assert _group(client.get(OVERLAPS + "?verdict=open").content.decode(), ids) is None


@pytest.mark.parametrize("persona", ["koordination", "traeger_editor"])
def test_verdict_needs_planning_manage(persona_client, catalogue, persona):
    ids = _overlap_ids(catalogue)
    response = persona_client(persona).post(
        OVERLAPS + "bewertung/",
        {"g0-offers": ",".join(map(str, ids)), "prefix": "g0", "g0-area": "037",
         "g0-life_phase": "0-3", "g0-verdict": "resolved"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not OverlapAssessment.all_tenants.exists()


@pytest.mark.parametrize("url", [PAIRS, OVERLAPS])
def test_pages_query_count_does_not_grow_with_offers(persona_client, tenant, catalogue, url):
    # The detection is cached; measure the uncached path both times.
    from praevnav.planning import selectors_findings

    client = persona_client("planer")
    client.get(url)
    cache.clear()
    selectors_findings.clear_cache()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    org = OrganisationFactory(tenant=tenant, name="Noch ein Träger")
    location = catalogue["other"].locations.first()
    for i in range(15):
        _offer(tenant, org, location, f"Elterncafé {i}")
    cache.clear()
    selectors_findings.clear_cache()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries) <= 30


def test_dismissal_takes_effect_although_the_detection_is_cached(tenant, catalogue):
    from praevnav.planning.selectors_findings import findings

    pairs = findings(tenant=tenant, overlaps=False).duplicates
    assert pairs, "the fixture plants at least one duplicate pair"
    a, b = sorted((pairs[0].a.id, pairs[0].b.id))
    DuplicateDismissal.all_tenants.create(tenant=tenant, offer_a_id=a, offer_b_id=b)
    after = findings(tenant=tenant, overlaps=False).duplicates
    assert {(p.a.id, p.b.id) for p in after} == {(p.a.id, p.b.id) for p in pairs} - {(a, b), (b, a)}


def test_detection_is_reused_in_the_process_and_redone_after_a_change(tenant, catalogue):
    from praevnav.planning import selectors_findings
    from praevnav.planning.selectors_findings import findings

    selectors_findings.clear_cache()
    first = findings(tenant=tenant)
    cache.clear()  # Django's cache gone: the process still holds the detection
    with CaptureQueriesContext(connection) as reused:
        again = findings(tenant=tenant)
    assert [(p.a.id, p.b.id) for p in again.duplicates] == [
        (p.a.id, p.b.id) for p in first.duplicates
    ]
    assert not any("catalogue_offer_topics" in q["sql"] for q in reused.captured_queries)
    # A new offer changes the catalogue version: detected afresh, the new pair appears.
    original = catalogue["other"]
    copy = _offer(tenant, original.organisation, original.locations.first(), original.title)
    later = findings(tenant=tenant)
    assert any(copy.pk in (p.a.id, p.b.id) for p in later.duplicates)
