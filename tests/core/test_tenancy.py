"""Tenant isolation: no query of a tenant-owned model leaks rows across tenants.

Every concrete subclass of ``TenantScopedModel`` is discovered through the app
registry and gets a row built generically (required fields filled, foreign keys
built in the same tenant), so a model added later is covered without editing
this file.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.apps import apps
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from factories import OfferFactory, OrganisationFactory, TenantFactory, UserFactory
from praevnav.accounts.models import Organisation
from praevnav.catalogue.models import Offer
from praevnav.core.middleware import SESSION_KEY, TenantMiddleware
from praevnav.core.models import Tenant, TenantKind, TenantScopedModel
from praevnav.core.tenancy import current_tenant, tenant_context
from praevnav.geography.models import Location
from praevnav.taxonomy.models import Term

pytestmark = pytest.mark.django_db

TENANT_MODELS = sorted(
    (
        m
        for m in apps.get_models()
        if issubclass(m, TenantScopedModel) and not m._meta.abstract and not m._meta.proxy
    ),
    key=lambda m: m._meta.label,
)
_counter = itertools.count(1)


def _value_for(field: models.Field, tenant: Tenant, depth: int):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target is Tenant:
            return tenant
        if issubclass(target, TenantScopedModel):
            return build_row(target, tenant, depth + 1)
        if target._meta.label == "accounts.User":
            return UserFactory()
        raise NotImplementedError(f"no value for {field}")
    n = next(_counter)
    if isinstance(field, models.EmailField):
        return f"x{n}@example.org"
    if isinstance(field, models.URLField):
        return f"https://example.org/{n}"
    if isinstance(field, models.SlugField):
        return f"s-{n}"
    if isinstance(field, models.CharField | models.TextField):
        return f"x{n}"[: field.max_length or 50]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date(2024, 1, 1)
    if isinstance(field, models.TimeField):
        return dt.time(9, 0)
    if isinstance(field, models.IntegerField):
        validators = [v for v in field.validators if hasattr(v, "limit_value")]
        lower = [v.limit_value for v in validators if type(v).__name__ == "MinValueValidator"]
        return max([n, *lower])
    if isinstance(field, models.FloatField | models.DecimalField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b"x"
    raise NotImplementedError(f"no value for {field}")


def build_row(model: type[models.Model], tenant: Tenant, depth: int = 0):
    """Save one row of ``model`` in ``tenant`` with every required field filled."""
    assert depth < 5, f"foreign keys of {model} too deep"
    kwargs = {"tenant": tenant}
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or field.name == "tenant"
            or field.null
            or field.has_default()
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
            or (field.blank and field.empty_strings_allowed)
        ):
            continue
        kwargs[field.name] = _value_for(field, tenant, depth)
    obj = model(**kwargs)
    obj.save()
    return obj


def test_tenant_scoped_models_are_discovered():
    labels = {m._meta.label for m in TENANT_MODELS}
    assert {
        "accounts.Organisation",
        "accounts.Membership",
        "taxonomy.Term",
        "taxonomy.LifePhase",
        "taxonomy.Transition",
        "geography.Area",
        "geography.Indicator",
        "geography.Location",
        "catalogue.Offer",
    } <= labels


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_default_manager_never_returns_rows_of_another_tenant(model):
    a = TenantFactory(slug="stadt-a", taxonomy=False)
    b = TenantFactory(slug="stadt-b", taxonomy=False)
    row_a, row_b = build_row(model, a), build_row(model, b)
    ours = model.all_tenants.filter(pk__in=[row_a.pk, row_b.pk])

    with tenant_context(a):
        assert set(model.objects.filter(pk__in=[row_a.pk, row_b.pk])) == {row_a}
        assert not model.objects.filter(pk=row_b.pk).exists()
        with pytest.raises(model.DoesNotExist):
            model.objects.get(pk=row_b.pk)
        assert model._default_manager.filter(pk=row_b.pk).count() == 0
        # The unscoped manager is the explicit way across tenants.
        assert set(model.all_tenants.filter(pk__in=[row_a.pk, row_b.pk])) == {row_a, row_b}
    with tenant_context(b):
        assert set(model.objects.filter(pk__in=[row_a.pk, row_b.pk])) == {row_b}
    with tenant_context(None):
        assert set(model.objects.filter(pk__in=[row_a.pk, row_b.pk])) == set(ours)


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_update_and_delete_through_default_manager_stay_in_the_tenant(model):
    a = TenantFactory(slug="stadt-a", taxonomy=False)
    b = TenantFactory(slug="stadt-b", taxonomy=False)
    row_a, row_b = build_row(model, a), build_row(model, b)
    with tenant_context(a):
        deleted, _ = model.objects.filter(pk__in=[row_a.pk, row_b.pk]).delete()
    assert deleted >= 1
    assert not model.all_tenants.filter(pk=row_a.pk).exists()
    assert model.all_tenants.filter(pk=row_b.pk).exists()


def _reverse_relations():
    """(child model, fk field) for every FK from a tenant-owned model to another."""
    pairs = []
    for model in TENANT_MODELS:
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.name != "tenant"
                and issubclass(field.related_model, TenantScopedModel)
                and field.remote_field.get_accessor_name() != "+"
                and not field.remote_field.hidden
            ):
                pairs.append(pytest.param(model, field, id=f"{model._meta.label}.{field.name}"))
    return pairs


@pytest.mark.parametrize("model,field", _reverse_relations())
def test_related_managers_are_scoped_to_the_active_tenant(model, field):
    a = TenantFactory(slug="stadt-a", taxonomy=False)
    b = TenantFactory(slug="stadt-b", taxonomy=False)
    child_b = build_row(model, b)
    parent_b = getattr(child_b, field.name)
    if parent_b is None:
        parent_b = build_row(field.related_model, b)
        setattr(child_b, field.name, parent_b)
        child_b.save()
    accessor = field.remote_field.get_accessor_name()

    with tenant_context(b):
        assert child_b in getattr(parent_b, accessor).all()
    with tenant_context(a):
        assert list(getattr(parent_b, accessor).all()) == []


def test_organisation_offers_related_manager_hides_other_tenants_offers():
    a = TenantFactory(slug="stadt-a", taxonomy=False)
    b = TenantFactory(slug="stadt-b", taxonomy=False)
    org_b = OrganisationFactory(tenant=b)
    offer_b = OfferFactory(tenant=b, organisation=org_b)
    # An offer of tenant A that (wrongly) names B's provider is still A's row.
    offer_a = OfferFactory(tenant=a, organisation=org_b)
    with tenant_context(a):
        assert list(org_b.offers.all()) == [offer_a]
    with tenant_context(b):
        assert list(org_b.offers.all()) == [offer_b]
    assert set(Offer.all_tenants.filter(organisation=org_b)) == {offer_a, offer_b}


def test_many_to_many_managers_are_scoped_to_the_active_tenant():
    a = TenantFactory(slug="stadt-a", taxonomy=False)
    b = TenantFactory(slug="stadt-b", taxonomy=False)
    offer = OfferFactory(tenant=a)
    location_b = Location.all_tenants.create(tenant=b, name="Fremder Standort")
    offer.locations.add(location_b)
    with tenant_context(a):
        assert list(offer.locations.all()) == []
    with tenant_context(b):
        assert list(offer.locations.all()) == [location_b]


@pytest.fixture
def kreis_with_towns(db):
    kreis = TenantFactory(slug="kreis-x", kind=TenantKind.KREIS, taxonomy=False)
    town1 = TenantFactory(slug="stadt-1", kind=TenantKind.GEMEINDE, parent=kreis, taxonomy=False)
    town2 = TenantFactory(slug="stadt-2", kind=TenantKind.GEMEINDE, parent=kreis, taxonomy=False)
    other = TenantFactory(slug="fremd", taxonomy=False)
    return kreis, town1, town2, other


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_kreis_sees_member_towns_but_a_town_sees_only_itself(model, kreis_with_towns):
    kreis, town1, town2, other = kreis_with_towns
    rows = {t.slug: build_row(model, t) for t in (kreis, town1, town2, other)}
    ids = [r.pk for r in rows.values()]

    with tenant_context(kreis):
        assert set(model.objects.filter(pk__in=ids)) == {
            rows["kreis-x"],
            rows["stadt-1"],
            rows["stadt-2"],
        }
    with tenant_context(town1):
        assert set(model.objects.filter(pk__in=ids)) == {rows["stadt-1"]}
    with tenant_context(town2):
        assert set(model.objects.filter(pk__in=ids)) == {rows["stadt-2"]}


def test_scope_and_lineage_ids(kreis_with_towns):
    kreis, town1, town2, other = kreis_with_towns
    assert set(kreis.scope_ids()) == {kreis.pk, town1.pk, town2.pk}
    assert town1.scope_ids() == [town1.pk]
    assert set(town1.lineage_ids()) == {town1.pk, kreis.pk}
    assert other.scope_ids() == [other.pk] == other.lineage_ids()


def test_new_row_saved_inside_tenant_context_gets_that_tenant(tenant):
    with tenant_context(tenant):
        organisation = Organisation(name="Ohne Mandant angelegt")
        organisation.save()
        term = Term.objects.create(vocabulary="topic", code="neu", name="Neu")
    assert organisation.tenant == tenant
    assert term.tenant == tenant


def test_bulk_create_inside_tenant_context_gets_that_tenant(tenant):
    with tenant_context(tenant):
        created = Organisation.objects.bulk_create(
            [Organisation(name="Eins"), Organisation(name="Zwei")]
        )
    assert {o.tenant_id for o in created} == {tenant.pk}
    assert Organisation.all_tenants.filter(tenant=tenant, name__in=["Eins", "Zwei"]).count() == 2


def test_explicit_tenant_is_kept_inside_another_tenants_context(tenant, other_tenant):
    with tenant_context(tenant):
        organisation = Organisation.objects.create(tenant=other_tenant, name="Explizit")
    assert organisation.tenant == other_tenant


def test_strict_context_without_tenant_shows_nothing(tenant):
    OrganisationFactory(tenant=tenant)
    with tenant_context(None, strict=True):
        assert not Organisation.objects.exists()
        assert Organisation.all_tenants.exists()
    with tenant_context(None):
        assert Organisation.objects.exists()


def test_unique_validation_sees_rows_outside_the_active_tenant(kreis_with_towns):
    kreis, town1, *_ = kreis_with_towns
    OrganisationFactory(tenant=kreis, external_id="T-1")
    duplicate = Organisation(tenant=kreis, name="Doppelt", external_id="T-1")
    # Run from a member town, whose scope does not include the Kreis's rows.
    with tenant_context(town1), pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "__all__" in excinfo.value.message_dict or "external_id" in str(excinfo.value)


# --- middleware ----------------------------------------------------------------


def _call(request):
    """Run the middleware; return (response, tenant seen by the view)."""
    seen = {}

    def view(req):
        seen["request"] = getattr(req, "tenant", None)
        seen["context"] = current_tenant()
        seen["orgs"] = list(Organisation.objects.values_list("name", flat=True))
        return HttpResponse("ok")

    SessionMiddleware(lambda r: None).process_request(request)
    response = TenantMiddleware(view)(request)
    return response, seen


@pytest.fixture
def two_tenants(tenant, other_tenant):
    OrganisationFactory(tenant=tenant, name="Träger Düsseldorf")
    OrganisationFactory(tenant=other_tenant, name="Träger Andere")
    return tenant, other_tenant


def test_middleware_parameter_selects_tenant_and_session_remembers_it(two_tenants):
    _default, other = two_tenants
    rf = RequestFactory()
    request = rf.get("/", {"tenant": "andere-stadt"})
    response, seen = _call(request)
    assert response.status_code == 200
    assert seen["request"] == other == seen["context"]
    assert seen["orgs"] == ["Träger Andere"]
    assert request.session[SESSION_KEY] == "andere-stadt"

    # The next request without the parameter keeps the chosen tenant.
    follow_up = rf.get("/")
    SessionMiddleware(lambda r: None).process_request(follow_up)
    follow_up.session[SESSION_KEY] = request.session[SESSION_KEY]
    seen = {}

    def view(req):
        seen["tenant"] = req.tenant
        return HttpResponse("ok")

    TenantMiddleware(view)(follow_up)
    assert seen["tenant"] == other
    # Outside the request the tenant is no longer active.
    assert current_tenant() is None


def test_middleware_remembers_tenant_across_requests_with_test_client(two_tenants, client):
    _default, other = two_tenants
    client.get("/", {"tenant": "andere-stadt"})
    response = client.get("/")
    assert response.context["tenant"] == other


def test_middleware_falls_back_to_default_tenant(two_tenants):
    default, _other = two_tenants
    response, seen = _call(RequestFactory().get("/"))
    assert seen["request"] == default
    assert seen["orgs"] == ["Träger Düsseldorf"]


@override_settings(DEFAULT_TENANT="gibt-es-nicht")
def test_middleware_without_any_tenant_shows_no_rows(two_tenants):
    response, seen = _call(RequestFactory().get("/"))
    assert response.status_code == 200
    assert seen["request"] is None
    assert seen["orgs"] == []


@override_settings(
    TENANT_HOSTS={"praevention.andere-stadt.de": "andere-stadt"},
    ALLOWED_HOSTS=["praevention.andere-stadt.de", "testserver"],
)
def test_middleware_maps_host_to_tenant(two_tenants):
    _default, other = two_tenants
    _, seen = _call(RequestFactory().get("/", HTTP_HOST="praevention.andere-stadt.de:8443"))
    assert seen["request"] == other
    _, seen = _call(RequestFactory().get("/", HTTP_HOST="PRAEVENTION.Andere-Stadt.de"))
    assert seen["request"] == other
    _, seen = _call(RequestFactory().get("/", HTTP_HOST="testserver"))
    assert seen["request"].slug == "duesseldorf"


@override_settings(TENANT_HOSTS={"testserver": "andere-stadt"})
def test_middleware_parameter_overrides_host(two_tenants):
    default, _other = two_tenants
    _, seen = _call(RequestFactory().get("/", {"tenant": "duesseldorf"}))
    assert seen["request"] == default


def test_middleware_ignores_deleted_tenant_in_session(two_tenants):
    default, _ = two_tenants
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.session[SESSION_KEY] = "geloescht"
    seen = {}
    TenantMiddleware(lambda req: seen.setdefault("t", req.tenant) and HttpResponse())(request)
    assert seen["t"] == default


def test_middleware_unknown_slug_is_404_with_escaped_slug(two_tenants):
    response, seen = _call(RequestFactory().get("/", {"tenant": "<script>alert(1)</script>"}))
    body = response.content.decode()
    assert response.status_code == 404
    assert seen == {}
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert response["Content-Type"].startswith("text/html")


def test_middleware_overlong_slug_is_unknown_not_truncated(two_tenants):
    TenantFactory(slug="a" * 60, taxonomy=False)
    response, _ = _call(RequestFactory().get("/", {"tenant": "a" * 61}))
    assert response.status_code == 404


def test_middleware_resets_tenant_when_view_raises(two_tenants):
    request = RequestFactory().get("/", {"tenant": "andere-stadt"})
    SessionMiddleware(lambda r: None).process_request(request)

    def view(req):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        TenantMiddleware(view)(request)
    assert current_tenant() is None
