"""`praevnav create-tenant`: validation, taxonomy seeding, the hyphenated alias."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from praevnav.__main__ import normalise_argv
from praevnav.core.models import AuditEntry, Tenant, TenantKind
from praevnav.core.services import tenant_create
from praevnav.taxonomy.models import LifePhase, Term, Transition
from praevnav.taxonomy.services import taxonomy_seed

pytestmark = pytest.mark.django_db

PRAEVNAV = Path(sys.executable).with_name("praevnav")


def create(*args: str) -> str:
    out = StringIO()
    call_command("create_tenant", *args, stdout=out)
    return out.getvalue()


def test_create_tenant_creates_a_kreisfreie_stadt_with_its_taxonomy():
    output = create(
        "duesseldorf", "--name", "Landeshauptstadt Düsseldorf", "--kind", "kreisfreie-stadt"
    )
    tenant = Tenant.objects.get(slug="duesseldorf")
    assert "duesseldorf" in output
    assert tenant.kind == TenantKind.KREISFREIE_STADT and tenant.parent is None
    assert LifePhase.all_tenants.filter(tenant=tenant).count() == 8
    assert Transition.all_tenants.filter(tenant=tenant).count() == 7
    terms = Term.all_tenants.filter(tenant=tenant)
    assert terms.filter(vocabulary="dimension").count() == 4
    assert terms.filter(vocabulary="prevention_level").count() == 3
    assert set(terms.filter(vocabulary="dimension").values_list("code", flat=True)) == {
        "bildung",
        "gesundheit",
        "erziehung",
        "teilhabe",
    }
    # Every vocabulary is mapped to an HSDS taxonomy id.
    assert not terms.filter(hsds_id="").exists()
    assert AuditEntry.objects.filter(action="tenant.create", tenant=tenant).count() == 1


def test_seeded_life_phases_are_the_default_chain():
    create("stadt", "--name", "Stadt", "--kind", "kreisfreie-stadt")
    phases = LifePhase.all_tenants.filter(tenant__slug="stadt").order_by("position")
    assert [(p.is_pregnancy, p.min_age_months, p.max_age_months) for p in phases] == [
        (True, None, None),
        (False, 0, 36),
        (False, 36, 72),
        (False, 72, 120),
        (False, 120, 192),
        (False, 192, 324),
        (False, 324, 780),
        (False, 780, None),
    ]
    transitions = Transition.all_tenants.filter(tenant__slug="stadt").order_by("position")
    kita = transitions.get(code="kita-grundschule")
    assert (kita.from_phase.code, kita.to_phase.code) == ("3-6", "6-10")


def test_create_tenant_gemeinde_with_kreis_parent():
    create("kreis-dueren", "--name", "Kreis Düren", "--kind", "kreis")
    create("nideggen", "--name", "Nideggen", "--kind", "gemeinde", "--parent", "kreis-dueren")
    town = Tenant.objects.get(slug="nideggen")
    assert town.parent.slug == "kreis-dueren"
    assert LifePhase.all_tenants.filter(tenant=town).count() == 8


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["nideggen", "--name", "Nideggen", "--kind", "gemeinde"],
            "parent: A member municipality needs its Kreis as parent (--parent).",
        ),
        (
            ["nideggen", "--name", "Nideggen", "--kind", "gemeinde", "--parent", "duesseldorf"],
            "parent: Only a Kreis can have member municipalities.",
        ),
        (
            ["nideggen", "--name", "Nideggen", "--kind", "gemeinde", "--parent", "gibts-nicht"],
            "parent: Parent tenant “gibts-nicht” does not exist.",
        ),
        (
            ["andere", "--name", "Andere", "--kind", "kreisfreie-stadt", "--parent", "kreis"],
            "parent: Only a member municipality (gemeinde) has a parent.",
        ),
        (
            ["Kreis_Düren", "--name", "Kreis Düren", "--kind", "kreis"],
            "Use lower-case letters, digits and single hyphens only, e.g. kreis-dueren.",
        ),
        (
            ["kreis--dueren", "--name", "Kreis Düren", "--kind", "kreis"],
            "Use lower-case letters, digits and single hyphens only",
        ),
        (
            ["duesseldorf", "--name", "Nochmal", "--kind", "kreisfreie-stadt"],
            "slug: Tenant with this Slug already exists.",
        ),
    ],
    ids=[
        "gemeinde-without-parent",
        "parent-not-kreis",
        "parent-unknown",
        "parent-on-city",
        "bad-slug",
        "double-hyphen",
        "duplicate",
    ],
)
def test_create_tenant_rejects_bad_input_and_changes_nothing(args, message):
    Tenant.objects.create(slug="duesseldorf", name="Düsseldorf", kind="kreisfreie-stadt")
    Tenant.objects.create(slug="kreis", name="Kreis", kind="kreis")
    before = (Tenant.objects.count(), LifePhase.all_tenants.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError) as excinfo, translation.override("en"):
        create(*args)
    assert message.lower() in str(excinfo.value).lower()
    # The message names the offending option.
    assert str(excinfo.value).split(":")[0] in {"slug", "parent"}
    assert (
        Tenant.objects.count(),
        LifePhase.all_tenants.count(),
        AuditEntry.objects.count(),
    ) == before


def test_create_tenant_rejects_unknown_kind_in_argparse():
    with pytest.raises(CommandError, match="invalid choice"):
        create("x", "--name", "X", "--kind", "bundesland")


def test_tenant_create_service_names_the_field():
    with pytest.raises(ValidationError) as excinfo:
        tenant_create(slug="x", name="X", kind="bundesland")
    assert "kind" in excinfo.value.message_dict


def test_tenant_clean_rejects_own_parent_and_non_kreis_parent():
    kreis = Tenant.objects.create(slug="kreis", name="Kreis", kind="kreis")
    town = Tenant.objects.create(slug="ort", name="Ort", kind="gemeinde", parent=kreis)
    town.parent = town
    with pytest.raises(ValidationError) as excinfo:
        town.full_clean()
    assert "parent" in excinfo.value.message_dict
    other_town = Tenant(slug="ort-2", name="Ort 2", kind="gemeinde", parent=town)
    with pytest.raises(ValidationError) as excinfo:
        other_town.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_reseeding_is_idempotent_and_keeps_planner_edits():
    tenant = tenant_create(slug="stadt", name="Stadt", kind="kreisfreie-stadt")
    counts = (
        Term.all_tenants.filter(tenant=tenant).count(),
        LifePhase.all_tenants.filter(tenant=tenant).count(),
        Transition.all_tenants.filter(tenant=tenant).count(),
    )
    # A planner renames a dimension, widens a life phase and removes a transition.
    dimension = Term.all_tenants.get(tenant=tenant, vocabulary="dimension", code="bildung")
    dimension.name = "Bildung und Lernen"
    dimension.save()
    phase = LifePhase.all_tenants.get(tenant=tenant, code="16-27")
    phase.max_age_months = 336
    phase.save()

    created = taxonomy_seed(tenant=tenant)

    assert created == {"terms": 0, "life_phases": 0, "transitions": 0}
    assert (
        Term.all_tenants.filter(tenant=tenant).count(),
        LifePhase.all_tenants.filter(tenant=tenant).count(),
        Transition.all_tenants.filter(tenant=tenant).count(),
    ) == counts
    dimension.refresh_from_db()
    phase.refresh_from_db()
    assert dimension.name == "Bildung und Lernen"
    assert phase.max_age_months == 336


def test_reseeding_adds_only_what_is_missing():
    tenant = tenant_create(slug="stadt", name="Stadt", kind="kreisfreie-stadt")
    Term.all_tenants.filter(tenant=tenant, vocabulary="prevention_level", code="indiziert").delete()
    created = taxonomy_seed(tenant=tenant)
    assert created == {"terms": 1, "life_phases": 0, "transitions": 0}


def test_taxonomy_of_two_tenants_is_separate():
    a = tenant_create(slug="stadt-a", name="A", kind="kreisfreie-stadt")
    b = tenant_create(slug="stadt-b", name="B", kind="kreisfreie-stadt")
    Term.all_tenants.filter(tenant=a, code="bildung").update(name="Geändert")
    assert Term.all_tenants.get(tenant=b, code="bildung").name == "Bildung"


# --- the hyphenated command names --------------------------------------------


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["praevnav", "create-tenant", "x"], ["praevnav", "create_tenant", "x"]),
        (["praevnav", "load-demo", "--if-empty"], ["praevnav", "load_demo", "--if-empty"]),
        (["praevnav", "help", "load-areas"], ["praevnav", "help", "load_areas"]),
        (["praevnav", "create_tenant"], ["praevnav", "create_tenant"]),
        (
            ["praevnav", "create-tenant", "kreis-dueren", "--kind", "kreis"],
            ["praevnav", "create_tenant", "kreis-dueren", "--kind", "kreis"],
        ),
        (["praevnav", "--version"], ["praevnav", "--version"]),
        (["praevnav"], ["praevnav"]),
    ],
)
def test_normalise_argv_translates_only_the_subcommand(argv, expected):
    assert normalise_argv(argv) == expected


@pytest.mark.parametrize("name", ["create-tenant", "create_tenant", "check-data-dir"])
def test_praevnav_console_command_accepts_hyphenated_names(name):
    env = {**os.environ, "PRAEVNAV_DEBUG": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [str(PRAEVNAV), name, "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
