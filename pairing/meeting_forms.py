"""Forms of the meetings' pages: a held meeting, a planned one, the mentor's contacts."""

from django import forms
from django.utils import timezone

from participants.forms import DATE_WIDGET
from participants.models import MentorProfile

from .meetings import present_choices
from .models import Meeting

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class PresentField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.person.name_and_place


class MeetingForm(forms.ModelForm):
    """A held meeting (with its outcome and who was present) or a planned one (without them)."""

    present = PresentField(
        label="Присутствовали",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = ["kind", "date", "starts_at", "duration_minutes", "format", "place", "topic", "outcome", "present"]
        widgets = {
            "date": DATE_WIDGET,
            "starts_at": TIME_WIDGET,
            "outcome": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "place": "Кабинет или адрес; для онлайн-встречи — ссылка.",
            "outcome": "Что сделали и о чём договорились. Итог видят наставляемые пары.",
        }

    def __init__(self, *args, mentorship, status, **kwargs):
        super().__init__(*args, **kwargs)
        self.status = status
        self.fields["present"].queryset = present_choices(mentorship)
        self.fields["starts_at"].required = status == Meeting.Status.PLANNED
        self.fields["starts_at"].error_messages["required"] = "Укажите время начала: встреча попадёт в календарь."
        self.fields["topic"].error_messages["required"] = "Укажите тему встречи."
        self.fields["date"].error_messages["required"] = "Укажите дату встречи."
        if status == Meeting.Status.PLANNED:
            del self.fields["outcome"]
            del self.fields["present"]
        else:
            self.fields["outcome"].required = True
            self.fields["outcome"].error_messages["required"] = "Запишите итог встречи."
            if not self.instance.pk or self.instance.status != Meeting.Status.HELD:
                # marking a planned meeting held: everybody is ticked, the mentor unticks who was absent
                self.initial["present"] = [m.pk for m in self.fields["present"].queryset]
        if not self.instance.pk and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()
        self.order_fields(self.Meta.fields)

    def _post_clean(self):
        """The service checks the rules and saves; the form only converts what was typed."""


class ContactsForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = ["show_phone", "show_email"]
        labels = {"show_phone": "Показывать мой телефон", "show_email": "Показывать мою электронную почту"}
