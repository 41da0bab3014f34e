import django_filters
from django.db.models import Q

from participants.models import search_key
from programs.models import MentoringForm

from .models import Mentorship, MentorshipMember

CURRENT = "current"  # the list's default: pairs not ended, whatever their stage


class MentorshipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск по ФИО наставника или наставляемого", method="search")
    status = django_filters.ChoiceFilter(
        label="Статус",
        choices=[(CURRENT, "Текущие (не завершены)"), *Mentorship.Status.choices],
        empty_label="Все",
        method="by_status",
    )
    form = django_filters.ModelChoiceFilter(
        label="Форма наставничества", queryset=MentoringForm.objects.none(), empty_label="Все"
    )

    class Meta:
        model = Mentorship
        fields = ["q", "status", "form"]

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["form"].queryset = MentoringForm.objects.available_to(organization)

    def by_status(self, queryset, name, value):
        if value == CURRENT:
            return queryset.filter(status__in=Mentorship.CURRENT)
        return queryset.filter(status=value)

    def search(self, queryset, name, value):
        for word in search_key(value).split()[:4]:
            mentees = MentorshipMember.objects.filter(mentee__person__search_name__contains=word).values(
                "mentorship_id"
            )
            queryset = queryset.filter(Q(mentor__person__search_name__contains=word) | Q(pk__in=mentees))
        return queryset
