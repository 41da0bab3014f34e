import django_filters

from programs.models import MentoringForm

from .models import MenteeCategory, MenteeProfile, MentorProfile, Person, search_key

# Which profiles are in a working pair or group is known to the pairing app (a higher one). It registers
# a provider here: ``provider()`` returns a ``values("pk")`` queryset of those profiles.
_paired_lookups = {}

PAIR_CHOICES = [("yes", "в паре или группе"), ("no", "без пары")]


def register_paired_lookup(base: str, provider) -> None:
    """``base`` is "mentor" or "mentee"."""
    _paired_lookups[base] = provider


def _filter_paired(base, queryset, value):
    paired = _paired_lookups[base]()
    return queryset.filter(pk__in=paired) if value == "yes" else queryset.exclude(pk__in=paired)


def _drop_pair_filter_without_provider(filterset, base):
    if base not in _paired_lookups:
        del filterset.filters["pair"]


def _search(queryset, name, value):
    for word in search_key(value).split()[:4]:
        queryset = queryset.filter(**{f"{name}search_name__contains": word})
    return queryset


def _filter_profile_consent(queryset, value):
    consented = Person.objects.with_valid_consent().values("pk")
    return queryset.filter(person__in=consented) if value == "yes" else queryset.exclude(person__in=consented)


def _consent_filter():
    return django_filters.ChoiceFilter(
        label="Согласие на обработку ПДн",
        choices=[("yes", "есть"), ("no", "нет")],
        empty_label="Все",
        method="filter_consent",
    )


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск по ФИО", method="search")
    kind = django_filters.ChoiceFilter(label="Кто", choices=Person.Kind.choices, empty_label="Все")
    school_class = django_filters.CharFilter(label="Класс", lookup_expr="iexact")
    consent = _consent_filter()

    class Meta:
        model = Person
        fields = ["q", "kind", "school_class", "consent"]

    def get_form_class(self):
        """Its filters are the same on every request (no choices from the database): the form class is built
        once per process, not on each page (each form still copies its fields)."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    def search(self, queryset, name, value):
        return _search(queryset, "", value)

    def filter_consent(self, queryset, name, value):
        return queryset.with_valid_consent() if value == "yes" else queryset.without_valid_consent()


class _ProfileFilter(django_filters.FilterSet):
    """What the two bases share: search by name, consent and «без пары» (``base``: "mentor" | "mentee")."""

    base = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _drop_pair_filter_without_provider(self, self.base)

    def search(self, queryset, name, value):
        return _search(queryset, "person__", value)

    def filter_consent(self, queryset, name, value):
        return _filter_profile_consent(queryset, value)

    def filter_pair(self, queryset, name, value):
        return _filter_paired(self.base, queryset, value)


def _pair_filter():
    return django_filters.ChoiceFilter(label="Пара", choices=PAIR_CHOICES, empty_label="Все", method="filter_pair")


class MentorFilter(_ProfileFilter):
    base = "mentor"
    q = django_filters.CharFilter(label="Поиск по ФИО", method="search")
    status = django_filters.ChoiceFilter(label="Статус", choices=MentorProfile.Status.choices, empty_label="Все")
    form = django_filters.ModelChoiceFilter(
        label="Форма наставничества", field_name="forms", queryset=MentoringForm.objects.none(), empty_label="Все"
    )
    consent = _consent_filter()
    pair = _pair_filter()

    class Meta:
        model = MentorProfile
        fields = ["q", "status", "form", "consent", "pair"]

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["form"].queryset = MentoringForm.objects.available_to(organization)


class MenteeFilter(_ProfileFilter):
    base = "mentee"
    q = django_filters.CharFilter(label="Поиск по ФИО", method="search")
    status = django_filters.ChoiceFilter(label="Статус", choices=MenteeProfile.Status.choices, empty_label="Все")
    category = django_filters.ModelChoiceFilter(
        label="Категория", field_name="categories", queryset=MenteeCategory.objects.all(), empty_label="Все"
    )
    school_class = django_filters.CharFilter(label="Класс", field_name="person__school_class", lookup_expr="iexact")
    consent = _consent_filter()
    pair = _pair_filter()

    class Meta:
        model = MenteeProfile
        fields = ["q", "status", "category", "school_class", "consent", "pair"]
