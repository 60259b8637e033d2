"""``praevnav currency``: reminders at 30 and 7 days and on expiry, idempotent, to the
offer's own editors only, one e-mail per organisation with a working link per offer."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from catalogue.currency.conftest import CONFIRMED, DUE, add_editor
from factories import OfferFactory, OrganisationFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import OfferStatus, ReminderKind
from praevnav.catalogue.models import CurrencyReminder, Offer

pytestmark = pytest.mark.django_db


def run(day, *args) -> str:
    out = StringIO()
    call_command("currency", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def kinds(offer) -> list[str]:
    return sorted(CurrencyReminder.all_tenants.filter(offer=offer).values_list("kind", flat=True))


def test_nothing_is_sent_more_than_30_days_before(due_offer, editor):
    run(DUE - timedelta(days=31))
    assert mail.outbox == []
    assert kinds(due_offer) == []


def test_thirty_seven_and_expiry_reminders_on_their_days(due_offer, editor):
    for days_before, expected in [
        (30, ["30d"]),
        (20, ["30d"]),
        (7, ["30d", "7d"]),
        (3, ["30d", "7d"]),
        (0, ["30d", "7d", "expired"]),
        (-10, ["30d", "7d", "expired"]),
    ]:
        run(DUE - timedelta(days=days_before))
        assert kinds(due_offer) == expected, days_before
    assert len(mail.outbox) == 3
    assert [m.to for m in mail.outbox] == [[editor.email]] * 3


def test_running_twice_on_the_same_day_sends_nothing_new(due_offer, editor):
    first = run(DUE - timedelta(days=30))
    second = run(DUE - timedelta(days=30))
    assert len(mail.outbox) == 1
    assert CurrencyReminder.all_tenants.count() == 1
    assert "sent 1 reminder e-mails for 1 offers" in first
    assert "sent 0 reminder e-mails for 0 offers" in second


def test_a_missed_day_still_sends_the_thirty_day_reminder(due_offer, editor):
    run(DUE - timedelta(days=29))
    assert kinds(due_offer) == [ReminderKind.DAYS_30]


def test_inside_seven_days_only_the_seven_day_reminder_is_sent(due_offer, editor):
    run(DUE - timedelta(days=5))
    assert kinds(due_offer) == [ReminderKind.DAYS_7]
    assert len(mail.outbox) == 1


def test_expired_reminder_once_per_due_date(due_offer, editor):
    run(DUE + timedelta(days=3))
    run(DUE + timedelta(days=4))
    reminder = CurrencyReminder.all_tenants.get(offer=due_offer)
    assert (reminder.kind, reminder.due_on, reminder.recipients) == ("expired", DUE, 1)
    assert len(mail.outbox) == 1


def test_a_new_due_date_starts_a_new_series(due_offer, editor):
    run(DUE - timedelta(days=30))
    due_offer.last_confirmed_at = CONFIRMED + timedelta(days=1)
    due_offer.save()
    run(DUE - timedelta(days=29))
    assert sorted(CurrencyReminder.all_tenants.values_list("due_on", flat=True)) == [
        DUE,
        DUE + timedelta(days=1),
    ]


@pytest.mark.parametrize("status", [OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.ARCHIVED])
def test_no_reminder_for_unpublished_offers(tenant, organisation, editor, status):
    OfferFactory(
        tenant=tenant, organisation=organisation, status=status, last_confirmed_at=CONFIRMED
    )
    run(DUE)
    assert mail.outbox == []
    assert CurrencyReminder.all_tenants.count() == 0


def test_dry_run_sends_and_records_nothing_but_counts(due_offer, editor):
    out = run(DUE, "--dry-run")
    assert mail.outbox == []
    assert CurrencyReminder.all_tenants.count() == 0
    assert "DRY RUN" in out and "for 1 offers" in out and "expired: 1" in out


def test_one_mail_per_organisation_with_a_line_per_offer(tenant, organisation, due_offer, editor):
    second = OfferFactory(
        tenant=tenant,
        organisation=organisation,
        title="Krabbelgruppe Nord",
        last_confirmed_at=CONFIRMED + timedelta(days=3),
    )
    run(DUE - timedelta(days=2))
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Elterncafé Nord" in body and "Krabbelgruppe Nord" in body
    confirm_links = re.findall(r"http://127\.0\.0\.1:8000/aktualitaet/bestaetigen/\S+/", body)
    assert len(confirm_links) == 2
    assert f"/traeger/angebote/{due_offer.pk}/bearbeiten/" in body
    assert f"/traeger/angebote/{second.pk}/bearbeiten/" in body
    assert kinds(second) == ["7d"] and kinds(due_offer) == ["7d"]


def test_recipients_are_only_the_active_editors_of_the_own_organisation(
    tenant, organisation, other_org, due_offer, editor
):
    add_editor(tenant, other_org, "editor-sued")
    add_editor(tenant, organisation, "editor-gone", active=False)
    add_editor(tenant, None, "planer-x", role=Role.PLANER)
    colleague = add_editor(tenant, organisation, "editor-nord-2")
    run(DUE)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([editor.email, colleague.email])


def test_offers_without_editors_are_reported_to_planners_once(
    tenant, organisation, other_org, due_offer, editor
):
    planner = add_editor(tenant, None, "planer-x", role=Role.PLANER)
    orphan = OfferFactory(
        tenant=tenant, organisation=other_org, title="Jugendtreff Süd", last_confirmed_at=CONFIRMED
    )
    out = run(DUE)
    assert "skipped 1 offers of 1 organisations without editors" in out
    to_planner = [m for m in mail.outbox if m.to == [planner.email]]
    assert len(to_planner) == 1
    assert "Jugendtreff Süd" in to_planner[0].body and "Elterncafé Nord" not in to_planner[0].body
    assert kinds(orphan) == ["expired"]
    run(DUE + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_tenant_option_limits_the_run(due_offer, editor, other_tenant):
    org = OrganisationFactory(tenant=other_tenant)
    add_editor(other_tenant, org, "editor-andere")
    foreign = OfferFactory(tenant=other_tenant, organisation=org, last_confirmed_at=CONFIRMED)
    run(DUE, "--tenant", other_tenant.slug)
    assert kinds(due_offer) == [] and kinds(foreign) == ["expired"]
    assert mail.outbox[0].to == ["editor-andere@example.org"]


def test_bad_arguments_are_named(db):
    with pytest.raises(CommandError, match="--date"):
        call_command("currency", "--date", "30.06.2026")
    with pytest.raises(CommandError, match="nirgendwo"):
        call_command("currency", "--tenant", "nirgendwo")


def test_the_link_in_the_mail_confirms_the_offer(client, due_offer, editor):
    run(DUE - timedelta(days=7))
    link = re.search(
        r"http://127\.0\.0\.1:8000(/aktualitaet/bestaetigen/\S+/)", mail.outbox[0].body
    )
    path = urlsplit(link.group(0)).path
    page = client.get(path)
    assert "Elterncafé Nord" in page.content.decode()
    client.post(path)
    due_offer.refresh_from_db()
    assert due_offer.confirmation_due > DUE
    assert Offer.all_tenants.get(pk=due_offer.pk).last_confirmed_at > CONFIRMED
