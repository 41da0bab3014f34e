from django import forms

from mentoring_site.declension import CASES
from mentoring_site.forms import CaseFieldsFormMixin

from .models import Organization


class OrganizationForm(CaseFieldsFormMixin, forms.ModelForm):
    CASE_FIELDS = (
        *(f"full_name_{case}" for case in CASES),
        *(f"short_name_{case}" for case in CASES),
        "director_name_genitive",
        "director_name_dative",
    )

    class Meta:
        model = Organization
        fields = [
            "full_name",
            "short_name",
            "kind",
            "address",
            "director_name",
            "director_position",
            "phone",
            "email",
            "website",
            *(f"full_name_{case}" for case in CASES),
            *(f"short_name_{case}" for case in CASES),
            "director_name_genitive",
            "director_name_dative",
        ]
        widgets = {"full_name": forms.Textarea(attrs={"rows": 2})}


class ContextSwitchForm(forms.Form):
    context = forms.CharField(max_length=40)
