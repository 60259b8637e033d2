"""The offer edit form of the provider workspace (and of anyone who edits a whole offer).

``OfferForm`` covers every field of the offer record an editor changes; opening sessions
and translations are small formsets. Together they produce a revision snapshot
(``catalogue.revisions``) with ``offer_snapshot_from_forms``; the review services take it
from there. Every choice comes from the offer's tenant (its vocabularies, transitions,
areas) or the organisation (its locations), so ids of other tenants cannot be posted.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from praevnav.catalogue.enums import ServiceAreaKind, Weekday
from praevnav.catalogue.models import MAX_AGE_MONTHS
from praevnav.catalogue.revisions import FK_FIELDS, M2M_FIELDS, SCALAR_FIELDS, normalise_snapshot
from praevnav.core.models import Tenant
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term, Transition
from praevnav.taxonomy.selectors import parent_choices

YEARS, MONTHS = "years", "months"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
SERVICE_AREA_LEVELS = [AreaLevel.GEMEINDE, AreaLevel.STADTBEZIRK, AreaLevel.STADTTEIL]

#: Term-backed multiple choices: form field → (vocabulary, label, help text).
TERM_MULTI: dict[str, tuple[str, Any, Any]] = {
    "dimensions": (
        Vocabulary.DIMENSION,
        _("Prevention dimensions"),
        _("Choose at least one. Several are allowed."),
    ),
    "participants": (Vocabulary.PARTICIPANT, _("Who takes part"), ""),
    "target_groups": (Vocabulary.TARGET_GROUP, _("Target groups and life situations"), ""),
    "topics": (Vocabulary.TOPIC, _("Topics"), _("Sub-topics are indented below their topic.")),
    "settings": (Vocabulary.SETTING, _("Setting"), _("Where the offer happens.")),
    "formats": (Vocabulary.FORMAT, _("Format"), _("How the offer happens.")),
    "access_options": (Vocabulary.ACCESS, _("Access and cost"), ""),
    "languages": (
        Vocabulary.LANGUAGE,
        _("Languages"),
        _("Languages in which the offer can be used."),
    ),
    "accessibility": (Vocabulary.ACCESSIBILITY, _("Accessibility features"), ""),
    "funding_programmes": (Vocabulary.FUNDING, _("Funding programmes"), ""),
}
TERM_SINGLE: dict[str, tuple[str, Any, Any]] = {
    "prevention_level": (
        Vocabulary.PREVENTION_LEVEL,
        _("Prevention level"),
        _(
            "Universal: for everybody; selective: for groups at risk; indicated: for people "
            "with first signs of a problem."
        ),
    ),
    "evidence_programme": (
        Vocabulary.EVIDENCE_PROGRAMME,
        _("Evidence-based programme"),
        _("Only if the offer implements such a programme (e.g. from the Grüne Liste Prävention)."),
    ),
}


class ServiceErrorsMixin:
    """Attach a service's ``ValidationError`` to the fields it names (else the form)."""

    service_field_names: ClassVar[dict[str, str]] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]
            return
        for key, messages in error.message_dict.items():
            field = self.service_field_names.get(key, key)
            if field not in self.fields:  # type: ignore[attr-defined]
                field = None
            for message in messages:
                self.add_error(field, message)  # type: ignore[attr-defined]


def _term_choices(tenant_id: int, vocabulary: str, keep: set[int]) -> list[tuple[int, str]]:
    if vocabulary == Vocabulary.TOPIC:
        return [
            (pk, label) for pk, label in parent_choices(tenant_id=tenant_id, vocabulary=vocabulary)
        ]
    terms = Term.all_tenants.filter(tenant_id=tenant_id, vocabulary=vocabulary).order_by(
        "position", "name"
    )
    # Deactivated terms stay available only where the offer already uses them.
    return [(t.pk, t.label) for t in terms if t.is_active or t.pk in keep]


def _date_field(label, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class OfferForm(ServiceErrorsMixin, forms.Form):
    """The whole offer record in fieldsets (see ``FIELDSETS``)."""

    service_field_names: ClassVar[dict[str, str]] = {
        "age_min_months": "age_from",
        "age_max_months": "age_to",
        "access_options": "access_options",
    }
    FIELDSETS: ClassVar[list[tuple[str, Any, list[str]]]] = [
        ("text", _("Title and description"), ["title", "description", "summary_plain"]),
        (
            "people",
            _("For whom"),
            [
                "pregnancy",
                "age_unit",
                "age_from",
                "age_to",
                "participants",
                "target_groups",
                "transitions",
            ],
        ),
        (
            "classification",
            _("Classification"),
            [
                "dimensions",
                "prevention_level",
                "topics",
                "settings",
                "formats",
                "funding_programmes",
                "evidence_programme",
            ],
        ),
        (
            "access",
            _("Access, cost and languages"),
            ["access_options", "cost_note", "languages", "accessibility", "childcare"],
        ),
        ("where", _("Where"), ["locations", "service_area_kind", "service_areas"]),
        (
            "when",
            _("When"),
            [
                "schedule_note",
                "by_appointment",
                "closed_on_public_holidays",
                "valid_from",
                "valid_until",
                "capacity_per_year",
            ],
        ),
        (
            "contacts",
            _("Contacts"),
            [
                "public_contact_name",
                "public_phone",
                "public_email",
                "website",
                "internal_contact_name",
                "internal_phone",
                "internal_email",
                "internal_note",
            ],
        ),
        ("upkeep", _("Keeping the offer current"), ["confirmation_interval_months"]),
    ]

    title = forms.CharField(
        label=_("Title"),
        max_length=250,
        help_text=_("A short, telling name, e.g. “Elterncafé für Familien mit Babys”."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happens, for whom, what it brings. Professionals and citizens read it."),
    )
    summary_plain = forms.CharField(
        label=_("Summary in plain language"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: two or three short sentences in simple words (Einfache Sprache)."),
    )
    pregnancy = forms.BooleanField(label=_("For pregnant women and around birth"), required=False)
    age_unit = forms.ChoiceField(
        label=_("Age given in"),
        choices=[(YEARS, _("years")), (MONTHS, _("months"))],
        widget=forms.RadioSelect,
        initial=YEARS,
    )
    age_from = forms.IntegerField(
        label=_("From age"),
        required=False,
        min_value=0,
        help_text=_("Age of the person in focus at which the offer begins (included)."),
    )
    age_to = forms.IntegerField(
        label=_("Up to age (not included)"),
        required=False,
        min_value=1,
        help_text=_("E.g. 3 years for children under three. Empty: no upper limit."),
    )
    transitions = forms.TypedMultipleChoiceField(
        label=_("Transitions supported"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    cost_note = forms.CharField(
        label=_("Cost details"),
        max_length=300,
        required=False,
        help_text=_("E.g. “5 € per meeting, free with Düsselpass”."),
    )
    childcare = forms.BooleanField(label=_("Childcare during the offer"), required=False)
    locations = forms.TypedMultipleChoiceField(
        label=_("Locations"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The organisation's locations where the offer takes place."),
    )
    service_area_kind = forms.ChoiceField(
        label=_("Service area"),
        choices=ServiceAreaKind.choices,
        widget=forms.RadioSelect,
        initial=ServiceAreaKind.LOCATIONS,
    )
    service_areas = forms.TypedMultipleChoiceField(
        label=_("Served areas"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for “listed areas” and outreach offers."),
    )
    schedule_note = forms.CharField(
        label=_("Schedule note"),
        max_length=300,
        required=False,
        help_text=_("E.g. “every first Tuesday of the month” or “during school holidays”."),
    )
    by_appointment = forms.BooleanField(label=_("By appointment"), required=False)
    closed_on_public_holidays = forms.BooleanField(
        label=_("Closed on public holidays"), required=False, initial=True
    )
    valid_from = _date_field(_("Valid from"), _("For projects with a start date."))
    valid_until = _date_field(_("Valid until"), _("For projects that end. Empty: open-ended."))
    capacity_per_year = forms.IntegerField(
        label=_("Places per year"), required=False, min_value=0, max_value=10_000_000
    )
    public_contact_name = forms.CharField(label=_("Public contact"), max_length=200, required=False)
    public_phone = forms.CharField(label=_("Public phone"), max_length=60, required=False)
    public_email = forms.EmailField(label=_("Public e-mail"), required=False)
    website = forms.URLField(
        label=_("Website"), max_length=500, required=False, assume_scheme="https"
    )
    internal_contact_name = forms.CharField(
        label=_("Internal contact"),
        max_length=200,
        required=False,
        help_text=_("Shown only to logged-in professionals."),
    )
    internal_phone = forms.CharField(label=_("Internal phone"), max_length=60, required=False)
    internal_email = forms.EmailField(label=_("Internal e-mail"), required=False)
    internal_note = forms.CharField(
        label=_("Note for professionals"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirmation_interval_months = forms.IntegerField(
        label=_("Confirmation interval (months)"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_(
            "How often you confirm that the offer is still correct. Empty: the municipality's "
            "default."
        ),
    )

    def __init__(
        self,
        *args,
        tenant: Tenant,
        organisation_id: int,
        snapshot: dict | None = None,
        **kwargs,
    ) -> None:
        self.snapshot = normalise_snapshot(snapshot or {})
        kwargs.setdefault("initial", self.initial_from_snapshot(self.snapshot))
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        for name, (vocabulary, label, help_text) in TERM_MULTI.items():
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=label,
                help_text=help_text,
                required=name == "dimensions",
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                choices=_term_choices(tenant.pk, vocabulary, set(self.snapshot[name])),
            )
        self.fields["dimensions"].error_messages["required"] = _(
            "Please choose at least one prevention dimension."
        )
        for name, (vocabulary, label, help_text) in TERM_SINGLE.items():
            keep = {self.snapshot[name]} if self.snapshot[name] else set()
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("– none –")), *_term_choices(tenant.pk, vocabulary, keep)],
            )
        self.fields["transitions"].choices = [
            (t.pk, t.label)
            for t in Transition.all_tenants.filter(tenant_id=tenant.pk).order_by("position")
        ]
        self.fields["locations"].choices = location_choices(organisation_id)
        areas = Area.all_tenants.filter(
            tenant_id__in=tenant.lineage_ids(), level__in=SERVICE_AREA_LEVELS
        ).only("pk", "name", "level")
        self.fields["service_areas"].choices = [
            (a.pk, f"{a.name} ({a.get_level_display()})")
            for a in sorted(areas, key=lambda a: (LEVEL_DEPTH.get(a.level, 9), a.name))
        ]
        self.order_fields([name for _key, _legend, names in self.FIELDSETS for name in names])

    # --- snapshot ↔ form ------------------------------------------------------------

    @staticmethod
    def initial_from_snapshot(snap: dict) -> dict:
        initial = {name: snap.get(name) for name in SCALAR_FIELDS}
        initial.update({name: snap.get(name) for name in FK_FIELDS})
        initial.update({name: snap.get(name) or [] for name in M2M_FIELDS})
        lo, hi = snap.get("age_min_months"), snap.get("age_max_months")
        in_years = all(v is None or v % 12 == 0 for v in (lo, hi))
        factor = 12 if in_years else 1
        initial["age_unit"] = YEARS if in_years else MONTHS
        initial["age_from"] = None if lo is None else lo // factor
        initial["age_to"] = None if hi is None else hi // factor
        return initial

    def fieldsets(self) -> list[tuple[str, Any, list]]:
        return [
            (key, legend, [self[name] for name in names]) for key, legend, names in self.FIELDSETS
        ]

    def clean(self) -> dict:
        data = super().clean()
        factor = 12 if data.get("age_unit") == YEARS else 1
        months = {}
        for field in ("age_from", "age_to"):
            value = data.get(field)
            if value is not None and value * factor > MAX_AGE_MONTHS:
                self.add_error(
                    field,
                    _("Please enter an age of at most %(max)s years.")
                    % {"max": MAX_AGE_MONTHS // 12},
                )
                value = None
            months[field] = None if value is None else value * factor
        lo, hi = months["age_from"], months["age_to"]
        if lo is not None and hi is not None and hi <= lo:
            self.add_error("age_to", _("The upper age must be greater than the lower age."))
        data["age_min_months"], data["age_max_months"] = lo, hi
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date must not be before the start date."))
        kind = data.get("service_area_kind")
        if kind in (ServiceAreaKind.AREAS, ServiceAreaKind.OUTREACH) and not data.get(
            "service_areas"
        ):
            self.add_error("service_areas", _("Please choose the areas the offer serves."))
        return data


def location_choices(organisation_id: int) -> list[tuple[int, str]]:
    return [
        (loc.pk, f"{loc.name} – {loc.address}" if loc.address else loc.name)
        for loc in Location.all_tenants.filter(organisation_id=organisation_id).order_by("name")
    ]


class SessionForm(forms.Form):
    """One opening session: weekday, times, optionally the location and a note."""

    weekday = forms.TypedChoiceField(
        label=_("Weekday"), coerce=int, choices=[("", _("– choose –")), *Weekday.choices]
    )
    opens = forms.TimeField(
        label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closes = forms.TimeField(
        label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    location = forms.TypedChoiceField(
        label=_("Location"), required=False, coerce=int, empty_value=None
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, location_choices: list | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", _("– any –")), *(location_choices or [])]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("The closing time must be after the opening time."))
        return data


class TranslationForm(forms.Form):
    """The offer's title and description in another language."""

    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    summary_plain = forms.CharField(
        label=_("Summary in plain language"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, language_choices: list | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("– choose –")), *(language_choices or [])]


class _RowFormSet(forms.BaseFormSet):
    """A formset whose rows are optional: empty rows are ignored, ``DELETE`` drops a row."""

    def rows(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class TranslationFormSet(_RowFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            lang = form.cleaned_data.get("language") if form.cleaned_data else None
            if not lang or form.cleaned_data.get("DELETE"):
                continue
            if lang in seen:
                raise ValidationError(_("Each language can be given only once."))
            seen.add(lang)


SessionFormSetBase = forms.formset_factory(
    SessionForm, formset=_RowFormSet, extra=2, can_delete=True, max_num=50, validate_max=True
)
TranslationFormSetBase = forms.formset_factory(
    TranslationForm,
    formset=TranslationFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


def translation_language_choices(tenant_id: int) -> list[tuple[str, str]]:
    """Languages of the tenant's vocabulary with a two- or three-letter ISO code, German
    excluded (the offer itself is German)."""
    terms = Term.all_tenants.filter(
        tenant_id=tenant_id, vocabulary=Vocabulary.LANGUAGE, is_active=True
    ).order_by("position", "name")
    return [(t.code, t.label) for t in terms if 2 <= len(t.code) <= 3 and t.code != "de"]


def build_offer_forms(
    *, data=None, tenant: Tenant, organisation_id: int, snapshot: dict | None
) -> tuple[OfferForm, SessionFormSetBase, TranslationFormSetBase]:
    """The offer form and its two formsets, bound to ``data`` or filled from ``snapshot``."""
    snap = normalise_snapshot(snapshot or {})
    locations = location_choices(organisation_id)
    form = OfferForm(data, tenant=tenant, organisation_id=organisation_id, snapshot=snap)
    sessions = SessionFormSetBase(
        data,
        prefix="sessions",
        initial=None if data is not None else snap["sessions"],
        form_kwargs={"location_choices": locations},
    )
    translations = TranslationFormSetBase(
        data,
        prefix="translations",
        initial=None if data is not None else snap["translations"],
        form_kwargs={"language_choices": translation_language_choices(tenant.pk)},
    )
    return form, sessions, translations


def offer_snapshot_from_forms(
    form: OfferForm, sessions: _RowFormSet, translations: _RowFormSet, *, organisation_id: int
) -> dict:
    """The revision snapshot of valid forms; fields the form does not show (external id,
    external terms) keep the values of the snapshot the form was filled from."""
    data = dict(form.snapshot)
    cleaned = form.cleaned_data
    for name in SCALAR_FIELDS:
        if name in cleaned and name in form.fields:
            data[name] = cleaned[name]
    data["age_min_months"] = cleaned["age_min_months"]
    data["age_max_months"] = cleaned["age_max_months"]
    data["organisation"] = organisation_id
    for name in ("prevention_level", "evidence_programme"):
        data[name] = cleaned.get(name)
    for name in M2M_FIELDS:
        if name in form.fields:
            data[name] = list(cleaned.get(name) or [])
    if data["service_area_kind"] not in (ServiceAreaKind.AREAS, ServiceAreaKind.OUTREACH):
        data["service_areas"] = []
    data["sessions"] = [
        {
            "weekday": row["weekday"],
            "opens": row["opens"].strftime("%H:%M"),
            "closes": row["closes"].strftime("%H:%M"),
            "location": row.get("location"),
            "note": row.get("note") or "",
        }
        for row in sessions.rows()
    ]
    data["translations"] = [
        {
            "language": row["language"],
            "title": row["title"],
            "description": row["description"],
            "summary_plain": row.get("summary_plain") or "",
        }
        for row in translations.rows()
    ]
    return normalise_snapshot(data)
