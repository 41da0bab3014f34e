from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mentoring_site.widgets import CheckboxPicker, SearchableSelect
from participants.forms import DATE_WIDGET
from participants.models import MenteeProfile, MentorProfile, Person
from programs.models import MentoringForm, RoleModel

from .models import Mentorship, MentorshipMember, Nomination
from .selectors import CURRENT_MEMBER, mentors_with_load


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = "" if obj.load < obj.max_mentees else ", мест нет"
        return f"{obj.person.name_and_place} (наставляемых {obj.load} из {obj.max_mentees}{full})"


class MenteeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        busy = " (уже в паре или группе)" if obj.in_pairs else ""
        return f"{obj.person.name_and_place}{busy}"


class MentorshipForm(forms.ModelForm):
    """Who is paired with whom. Only people in the bases with a valid consent are offered."""

    mentor = MentorChoiceField(label="Наставник", queryset=None, widget=SearchableSelect)
    mentees = MenteeChoiceField(
        label="Наставляемые",
        queryset=None,
        help_text="Отметьте одного наставляемого — будет пара, нескольких — группа.",
        widget=CheckboxPicker,
    )

    class Meta:
        model = Mentorship
        fields = ["mentor", "mentees", "form", "role_model", "started_on", "planned_end_on", "goal"]
        widgets = {
            "started_on": DATE_WIDGET,
            "planned_end_on": DATE_WIDGET,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "role_model": SearchableSelect,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        consented = Person.objects.with_valid_consent().values("pk")
        mentors = mentors_with_load(organization).filter(person__in=consented).select_related("person")
        mentees = MenteeProfile.objects.filter(
            person__organization=organization, status=MenteeProfile.Status.ACTIVE, person__in=consented
        ).select_related("person")
        if self.instance.pk:  # keep the current ones selectable even if their status changed since
            mentors = mentors.filter(Q(status=MentorProfile.Status.ACTIVE) | Q(pk=self.instance.mentor_id))
            current = self.instance.members.filter(left_on__isnull=True).values("mentee_id")
            mentees = MenteeProfile.objects.filter(Q(pk__in=mentees.values("pk")) | Q(pk__in=current)).select_related(
                "person"
            )
            self.initial.setdefault("mentees", [m["mentee_id"] for m in current])
        else:
            mentors = mentors.filter(status=MentorProfile.Status.ACTIVE)
            self.initial["started_on"] = self.initial.get("started_on") or timezone.localdate()
        order = ("person__last_name", "person__first_name", "person__patronymic", "pk")
        in_pairs = MentorshipMember.objects.filter(CURRENT_MEMBER, mentee=OuterRef("pk"))
        if self.instance.pk:
            in_pairs = in_pairs.exclude(mentorship=self.instance)
        self.fields["mentor"].queryset = mentors.order_by(*order)
        self.fields["mentees"].queryset = mentees.annotate(in_pairs=Exists(in_pairs)).order_by(*order)
        self.fields["form"].queryset = MentoringForm.objects.available_to(organization)
        self.fields["role_model"].queryset = RoleModel.objects.available_to(organization).select_related("form")
        self.fields["role_model"].label_from_instance = lambda rm: f"{rm.form.name}: {rm.name}"


class CloseForm(forms.Form):
    """Closing (stage 7): the outcome, the result against the goals, the reflections, the final meeting."""

    status = forms.ChoiceField(
        label="Итог",
        choices=[
            (Mentorship.Status.FINISHED, "Завершена (программа пройдена)"),
            (Mentorship.Status.TERMINATED, "Прекращена досрочно"),
        ],
        widget=forms.RadioSelect,
    )
    ended_on = forms.DateField(label="Дата окончания", widget=DATE_WIDGET)
    end_reason = forms.CharField(
        label="Итог или причина прекращения",
        max_length=255,
        required=False,
        help_text="При досрочном прекращении причина обязательна.",
    )
    result = forms.CharField(
        label="Итоги работы по целям",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По каждой цели: чего достигли. Для завершённой пары обязательно.",
    )
    mentor_reflection = forms.CharField(
        label="Рефлексия наставника", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mentee_reflection = forms.CharField(
        label="Рефлексия наставляемого", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    final_meeting = forms.BooleanField(
        label="В день окончания проведена итоговая встреча (записать её в журнал встреч)", required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Mentorship.Status.FINISHED and not (data.get("result") or "").strip():
            self.add_error("result", "Опишите итоги работы: чего пара достигла по каждой цели.")
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label="Причина отмены", max_length=255)


class CaseForm(forms.ModelForm):
    class Meta:
        model = Mentorship
        fields = ["is_case", "case_title", "case_summary"]
        labels = {"is_case": "Лучшая практика: показать в базе успешных практик"}
        widgets = {"case_summary": forms.Textarea(attrs={"rows": 5})}


class YearEndForm(forms.Form):
    ended_on = forms.DateField(label="Дата окончания", widget=DATE_WIDGET)


class NominationForm(forms.ModelForm):
    mentor = forms.ModelChoiceField(label="Наставник", queryset=MentorProfile.objects.none(), widget=SearchableSelect)

    class Meta:
        model = Nomination
        fields = ["mentor", "kind", "mentorship", "reason"]
        help_texts = {"mentorship": "Обязательно для номинации «Лучшая пара»."}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = (
            MentorProfile.objects.filter(person__organization=organization)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        self.fields["mentor"].label_from_instance = lambda m: m.person.name_and_place
        self.fields["mentorship"].queryset = (
            Mentorship.objects.for_organization(organization)
            .exclude(status=Mentorship.Status.CANCELLED)
            .select_related("mentor__person", "form")
        )
        self.fields["mentorship"].label_from_instance = lambda m: (
            f"{m.mentor.person.full_name}, {m.form.name} (с {m.started_on:%d.%m.%Y})"
        )
