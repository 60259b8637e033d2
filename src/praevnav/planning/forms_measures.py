"""Forms for goals and measures. They check the shape of the input and offer only the
tenant's goals, areas, life phases, dimensions and offers; the rules that span fields
(decision date, re-check date, tenant) live in ``services_measures``, whose
``ValidationError`` the views attach with ``add_service_errors``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from praevnav.core.models import Tenant
from praevnav.planning.enums import MeasureSource, MeasureStatus
from praevnav.planning.models import Goal
from praevnav.planning.selectors_measures import area_choices, goal_cascade
from praevnav.planning.services_measures import (
    measure_validate,
    tenant_areas,
    tenant_dimensions,
    tenant_offers,
    tenant_phases,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVEL_LABELS = {
    "kommune": _("municipality"),
    "kreis": _("district (Kreis)"),
    "gemeinde": _("member town"),
    "stadtbezirk": _("borough"),
    "stadtteil": _("district"),
    "sozialraum": _("social area"),
}


class ServiceErrorsMixin:
    """Attach a service's ``ValidationError`` to the fields it names."""

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]
            return
        for key, messages in error.message_dict.items():
            field = key if key in self.fields else None  # type: ignore[attr-defined]
            for message in messages:
                self.add_error(field, message)  # type: ignore[attr-defined]


class GoalChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, labels: dict[int, str], **kwargs):
        self.labels = labels
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.labels.get(obj.pk, obj.title)


def _goal_field(tenant: Tenant, *, label, required=False, exclude: set[int] = frozenset()):
    cascade = goal_cascade(tenant=tenant)
    # Indent sub-goals with dashes so the cascade reads in a plain select.
    labels = {n.goal.pk: f"{'– ' * n.depth}{n.goal.title}" for n in cascade.flat}
    order = [n.goal.pk for n in cascade.flat if n.goal.pk not in exclude]
    field = GoalChoiceField(
        label=label,
        required=required,
        queryset=Goal.all_tenants.filter(pk__in=order),
        labels=labels,
        empty_label=_("– no goal –"),
    )
    rank = {pk: i for i, pk in enumerate(order)}
    field.choices = [("", field.empty_label)] + [
        (pk, labels[pk]) for pk in sorted(order, key=rank.__getitem__)
    ]
    return field


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({LEVEL_LABELS.get(obj.level, obj.level)} {obj.code})"


class OfferChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} – {obj.organisation.name} (Nr. {obj.pk})"


class MeasureForm(ServiceErrorsMixin, forms.Form):
    """A measure. ``offer_ids``: the offers to list as checkboxes (those linked, those
    prefilled); further offers can be added by number in ``add_offers``."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    goal = forms.Field(required=False)  # replaced in __init__
    source = forms.ChoiceField(
        label=_("Origin"),
        choices=MeasureSource.choices,
        initial=MeasureSource.OTHER,
        widget=forms.RadioSelect,
    )
    area = forms.Field(required=False)
    life_phase = forms.Field(required=False)
    dimension = forms.Field(required=False)
    offers = forms.Field(required=False)
    add_offers = forms.CharField(
        label=_("Add offers by number"),
        required=False,
        max_length=500,
        help_text=_("Numbers of further offers, separated by commas (e.g. 12, 345)."),
    )
    owner = forms.CharField(label=_("Responsible"), max_length=200)
    decision_body = forms.CharField(
        label=_("Deciding body"),
        max_length=200,
        required=False,
        help_text=_("E.g. Jugendhilfeausschuss."),
    )
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Required once the measure is decided."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=MeasureStatus.choices,
        initial=MeasureStatus.PROPOSED,
        widget=forms.RadioSelect,
    )
    recheck_on = forms.DateField(
        label=_("Re-check on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("When the planning office looks at the measure again."),
    )

    FIELDSETS = (
        (_("The measure"), ("title", "description", "goal", "source")),
        (_("Where and for whom"), ("area", "life_phase", "dimension")),
        (_("Offers concerned"), ("offers", "add_offers")),
        (
            _("Decision and follow-up"),
            ("owner", "decision_body", "decision_date", "status", "recheck_on"),
        ),
    )

    def __init__(self, *args, tenant: Tenant, offer_ids: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["goal"] = _goal_field(tenant, label=_("Goal"))
        areas = area_choices(tenant=tenant)
        self.fields["area"] = AreaChoiceField(
            label=_("Area"),
            required=False,
            queryset=tenant_areas(tenant).defer("geometry"),
            empty_label=_("– no area –"),
        )
        self.fields["area"].choices = [("", _("– no area –"))] + [
            (a.pk, AreaChoiceField.label_from_instance(self.fields["area"], a)) for a in areas
        ]
        self.fields["life_phase"] = forms.ModelChoiceField(
            label=_("Life phase"),
            required=False,
            queryset=tenant_phases(tenant).order_by("position"),
            empty_label=_("– no life phase –"),
        )
        self.fields["life_phase"].label_from_instance = lambda p: p.label
        self.fields["dimension"] = forms.ModelChoiceField(
            label=_("Prevention dimension"),
            required=False,
            queryset=tenant_dimensions(tenant).order_by("position", "name"),
            empty_label=_("– no dimension –"),
        )
        self.fields["dimension"].label_from_instance = lambda t: t.label
        candidates = set(offer_ids)
        if self.is_bound:
            candidates |= {int(v) for v in self.data.getlist("offers") if str(v).isdigit()}
        self.fields["offers"] = OfferChoiceField(
            label=_("Offers concerned"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            queryset=tenant_offers(tenant)
            .filter(pk__in=candidates)
            .select_related("organisation")
            .order_by("title", "pk"),
        )
        self.order_fields([name for _legend, names in self.FIELDSETS for name in names])

    def fieldsets(self):
        """``(legend, [bound fields])`` for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean_add_offers(self) -> list[int]:
        raw = [p.strip() for p in (self.cleaned_data.get("add_offers") or "").split(",")]
        raw = [p.removeprefix("Nr.").strip() for p in raw if p]
        if any(not p.isdigit() for p in raw):
            raise ValidationError(_("Please enter offer numbers separated by commas."))
        ids = {int(p) for p in raw}
        known = set(tenant_offers(self.tenant).filter(pk__in=ids).values_list("pk", flat=True))
        missing = sorted(ids - known)
        if missing:
            raise ValidationError(
                _("No offer of this municipality has the number(s) %(numbers)s.")
                % {"numbers": ", ".join(map(str, missing))}
            )
        return sorted(ids)

    def clean(self):
        """Apply the service's cross-field rules here too, so that one round shows every
        error (a missing title and a missing decision date together)."""
        cleaned = super().clean()
        try:
            measure_validate(tenant=self.tenant, data=self.service_data())
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                if key in self.fields and key not in self.errors:
                    for message in messages:
                        self.add_error(key, message)
        return cleaned

    def service_data(self) -> dict:
        """``cleaned_data`` as the services expect it (offers merged)."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "add_offers"}
        extra = self.cleaned_data.get("add_offers") or []
        offers = list(data.get("offers") or [])
        have = {o.pk for o in offers}
        offers += list(
            tenant_offers(self.tenant).filter(pk__in=[i for i in extra if i not in have])
        )
        data["offers"] = offers
        return data


class GoalForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    parent = forms.Field(required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=10_000,
        required=False,
        initial=0,
        help_text=_("Goals on the same level are listed by position, then by title."),
    )

    def __init__(self, *args, tenant: Tenant, goal=None, **kwargs):
        super().__init__(*args, **kwargs)
        exclude: set[int] = set()
        if goal is not None:
            # Not below itself or one of its own sub-goals.
            cascade = goal_cascade(tenant=tenant)
            node = next((n for n in cascade.flat if n.goal.pk == goal.pk), None)
            stack = [node] if node else []
            while stack:
                n = stack.pop()
                exclude.add(n.goal.pk)
                stack.extend(n.children)
        self.fields["parent"] = _goal_field(tenant, label=_("Higher goal"), exclude=exclude)
        self.fields["parent"].empty_label = _("– top level –")
        self.fields["parent"].choices = [("", _("– top level –"))] + list(
            self.fields["parent"].choices
        )[1:]
        self.order_fields(["title", "description", "parent", "position"])


class GoalDeleteForm(forms.Form):
    move_to = forms.Field(required=False)

    def __init__(self, *args, tenant: Tenant, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move_to"] = _goal_field(
            tenant, label=_("Move its measures to"), exclude={goal.pk}
        )
        self.fields["move_to"].choices = [("", _("– no goal (measures keep no goal) –"))] + list(
            self.fields["move_to"].choices
        )[1:]
