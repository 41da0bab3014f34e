from django import forms
from django.contrib.auth import get_user_model

from mentoring_site.access import Role

from .models import Organization, Programme


class OrganizationForm(forms.ModelForm):
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
        ]
        widgets = {"full_name": forms.Textarea(attrs={"rows": 2})}


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "framework", "start_year", "curator"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curator"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__organization=organization,
                memberships__role=Role.CURATOR,
                memberships__is_active=True,
            )
            .distinct()
        )
        self.fields["curator"].empty_label = "— не назначен —"
