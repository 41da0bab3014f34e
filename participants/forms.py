from django import forms

from mentoring_site.forms import CaseFieldsFormMixin, FullNameFormMixin
from mentoring_site.widgets import CheckboxPicker
from organizations.roles import Role
from programs.models import MentoringForm

from .models import Consent, MenteeCategory, MenteeProfile, MentorProfile, Person

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PersonForm(CaseFieldsFormMixin, FullNameFormMixin, forms.ModelForm):
    CASE_FIELDS = ("name_genitive", "name_dative", "name_accusative", "name_instrumental")

    class Meta:
        model = Person
        fields = [
            "kind",
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "position",
            "subjects",
            "experience_years",
            "qualification",
            "school_class",
            "employer",
            "phone",
            "email",
            "parent_name",
            "parent_phone",
            "name_genitive",
            "name_dative",
            "name_accusative",
            "name_instrumental",
        ]
        widgets = {"birth_date": DATE_WIDGET}


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["given_on", "signed_by", "representative", "publication", "scan"]
        widgets = {"given_on": DATE_WIDGET}


class MentorProfileForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = [
            "status",
            "exclusion_reason",
            "competences",
            "can_help_with",
            "forms",
            "max_mentees",
            "interview_date",
            "interview_result",
            "training_course",
            "training_hours",
            "certificate_number",
            "certificate_date",
        ]
        widgets = {
            "forms": CheckboxPicker,
            "interview_date": DATE_WIDGET,
            "certificate_date": DATE_WIDGET,
            "competences": forms.Textarea(attrs={"rows": 3}),
            "can_help_with": forms.Textarea(attrs={"rows": 3}),
            "interview_result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forms"].queryset = MentoringForm.objects.available_to(organization)


class MenteeProfileForm(forms.ModelForm):
    class Meta:
        model = MenteeProfile
        fields = ["status", "categories", "requests", "expected_results", "source"]
        widgets = {
            "categories": CheckboxPicker,
            "requests": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        audience = (
            MenteeCategory.Audience.STUDENTS if person.kind == Person.Kind.STUDENT else MenteeCategory.Audience.TEACHERS
        )
        self.fields["categories"].queryset = MenteeCategory.objects.filter(audience=audience)


class InviteForm(forms.Form):
    role = forms.ChoiceField(
        label="Роль в системе",
        choices=[(Role.MENTOR.value, Role.MENTOR.label), (Role.MENTEE.value, Role.MENTEE.label)],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(label="E-mail", help_text="На этот адрес придёт письмо со ссылкой для входа.")
