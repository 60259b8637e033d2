"""Forms of the need page: weights per life phase and qualitative needs."""

from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praevnav.geography.models import Area
from praevnav.planning.enums import NeedSource
from praevnav.planning.need import NEED_INDICATORS, NeedWeightError, validate_weights
from praevnav.planning.selectors_need import indicator_label
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Term

LEVEL_ORDER = ("gemeinde", "stadtbezirk", "stadtteil", "sozialraum")


class NeedWeightsForm(forms.Form):
    """One weight field per indicator; 0 (or empty) leaves an indicator out."""

    def __init__(self, *args, initial_weights: dict[str, float] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_weights = initial_weights or {}
        for key in NEED_INDICATORS:
            self.fields[f"w_{key}"] = forms.FloatField(
                label=indicator_label(key),
                required=False,
                initial=initial_weights.get(key, 0),
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )

    def clean(self):
        data = super().clean()
        raw = {key: data.get(f"w_{key}") or 0 for key in NEED_INDICATORS
               if f"w_{key}" not in self.errors}  # fmt: skip
        for key, value in raw.items():
            if value < 0:
                self.add_error(f"w_{key}", _("A weight must not be negative."))
        if self.errors:
            return data
        try:
            data["weights"] = validate_weights(raw)
        except NeedWeightError:
            raise forms.ValidationError(
                _("The weights add up to 0. Give at least one indicator a weight above 0."),
                code="zero_sum",
            )
        return data


def _area_label(area: Area) -> str:
    return f"{area.name} ({area.get_level_display()}, {area.code})"


class QualitativeNeedForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    life_phase = forms.ModelChoiceField(label=_("Life phase"), queryset=LifePhase.objects.none())
    dimension = forms.ModelChoiceField(
        label=_("Prevention dimension"), queryset=Term.objects.none(), required=False,
        empty_label=_("(all dimensions)"),
    )  # fmt: skip
    text = forms.CharField(
        label=_("Need"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    recorded_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    source = forms.ChoiceField(label=_("Source"), choices=NeedSource.choices)
    source_note = forms.CharField(label=_("Source details"), max_length=300, required=False)

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        # Coarse levels first, then by code; area polygons are not needed for a choice.
        self.fields["area"].queryset = (
            Area.all_tenants.filter(tenant=tenant, level__in=LEVEL_ORDER)
            .defer("geometry")
            .order_by(
                Case(
                    *(When(level=lvl, then=Value(i)) for i, lvl in enumerate(LEVEL_ORDER)),
                    default=Value(len(LEVEL_ORDER)),
                    output_field=IntegerField(),
                ),
                "code",
            )
        )
        self.fields["area"].label_from_instance = _area_label
        self.fields["life_phase"].queryset = LifePhase.all_tenants.filter(tenant=tenant).order_by(
            "position"
        )
        self.fields["dimension"].queryset = Term.all_tenants.filter(
            tenant=tenant, vocabulary=Vocabulary.DIMENSION
        ).order_by("position", "name")
        self.fields["recorded_on"].initial = timezone.localdate()
