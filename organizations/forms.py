from django import forms

from .models import Organization


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


class ContextSwitchForm(forms.Form):
    context = forms.CharField(max_length=40)
