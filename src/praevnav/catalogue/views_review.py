"""The review queue and one submission's diff, under /verwaltung/pruefung/.

Permission ``catalogue.review_offer`` (planners, administrators) in the request's
tenant; revisions are looked up in the tenant's scope only, so an id of another
municipality is a 404. Approve and reject are POST forms that carry the submission
time they were shown for: a submission withdrawn (or changed and sent again) since the
page was opened is not decided blindly.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from praevnav.catalogue import selectors_review as selectors
from praevnav.catalogue.enums import RevisionStatus
from praevnav.catalogue.models import OfferRevision
from praevnav.catalogue.services_revisions import offer_revision_approve, offer_revision_reject
from praevnav.core.permissions import tenant_permission_required

reviewer_required = tenant_permission_required("catalogue.review_offer")


class QueueFilterForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Provider"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of submission"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            (selectors.KIND_NEW, gettext_lazy("New offers")),
            (selectors.KIND_CHANGE, gettext_lazy("Changes of published offers")),
        ],
    )

    def __init__(self, *args, providers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("All providers"))] + [
            (p.pk, p.name) for p in providers
        ]


class DecisionForm(forms.Form):
    """Approve (note optional) or reject (note required, checked by the service)."""

    note = forms.CharField(
        label=gettext_lazy("Note to the provider"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # When the submission was sent, as shown on the page (stale-page protection).
    submitted = forms.CharField(widget=forms.HiddenInput, required=False)


class RejectForm(DecisionForm):
    note = forms.CharField(
        label=gettext_lazy("Note to the provider"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("Please tell the provider why the change is rejected.")
        },
    )


@require_safe
@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    """Submitted changes and new offers, oldest first, filterable by provider and kind."""
    providers = selectors.review_queue_providers(tenant=request.tenant)
    form = QueueFilterForm(request.GET or None, providers=providers)
    organisation_id, kind = None, ""
    if form.is_valid():
        organisation_id = form.cleaned_data["organisation"]
        kind = form.cleaned_data["kind"]
    entries = selectors.review_queue(
        tenant=request.tenant, organisation_id=organisation_id, kind=kind
    )
    return render(
        request,
        "catalogue/review/queue.html",
        {"entries": entries, "form": form, "filtered": bool(organisation_id or kind)},
    )


def _revision(request: HttpRequest, pk: int) -> OfferRevision:
    revision = selectors.review_revision(tenant=request.tenant, pk=pk)
    if revision is None:
        raise Http404(_("This change does not exist."))
    if not request.user.has_perm("catalogue.review_offer", revision.offer):
        raise PermissionDenied
    return revision


def _stamp(revision: OfferRevision) -> str:
    return revision.submitted_at.isoformat() if revision.submitted_at else ""


def _detail(request, revision, *, approve_form=None, reject_form=None, error="", status=200):
    initial = {"submitted": _stamp(revision)}
    return render(
        request,
        "catalogue/review/detail.html",
        {
            "revision": revision,
            "offer": revision.offer,
            "diff": selectors.revision_diff(revision=revision),
            "is_submitted": revision.status == RevisionStatus.SUBMITTED,
            "approve_form": approve_form or DecisionForm(initial=initial, prefix="approve"),
            "reject_form": reject_form or RejectForm(initial=initial, prefix="reject"),
            "error": error,
        },
        status=status,
    )


@require_safe
@reviewer_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The field-by-field diff of one submission against the published offer."""
    return _detail(request, _revision(request, pk))


def _stale_error(revision: OfferRevision, form: DecisionForm) -> str:
    if revision.status != RevisionStatus.SUBMITTED:
        return _(
            "This change is no longer waiting for review (now: %(status)s). Nothing was changed."
        ) % {"status": revision.get_status_display()}
    if form.cleaned_data["submitted"] != _stamp(revision):
        return _(
            "This change was submitted again after you opened the page. Please check the "
            "current version below; nothing was changed."
        )
    return ""


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    revision = _revision(request, pk)
    prefix = "approve" if approve else "reject"
    form = (DecisionForm if approve else RejectForm)(request.POST, prefix=prefix)
    forms_kw = {"approve_form" if approve else "reject_form": form}
    if not form.is_valid():
        return _detail(request, revision, status=400, **forms_kw)
    stale = _stale_error(revision, form)
    if stale:
        return _detail(request, revision, error=stale, status=409)
    title = revision.data.get("title") or revision.offer.title
    try:
        if approve:
            offer_revision_approve(
                revision=revision, reviewer=request.user, note=form.cleaned_data["note"]
            )
        else:
            offer_revision_reject(
                revision=revision, reviewer=request.user, note=form.cleaned_data["note"]
            )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return _detail(request, revision, status=400, **forms_kw)
    if approve:
        message = _("The change to “%(title)s” has been approved and published.")
    else:
        message = _("The change to “%(title)s” has been returned to the provider with your note.")
    messages.success(request, message % {"title": title})
    return redirect("review:queue")


@require_POST
@reviewer_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@require_POST
@reviewer_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)
