from django import forms

from programs.deadlines import current_school_year
from programs.models import Programme

from .models import IndicatorScore
from .scoring import indicators


class EvaluationStartForm(forms.Form):
    programme = forms.ModelChoiceField(
        label="Программа",
        queryset=Programme.objects.none(),
        required=False,
        empty_label="наставничество организации в целом (программа не внесена)",
    )
    school_year = forms.TypedChoiceField(label="Учебный год", coerce=int)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.for_organization(organization).current().order_by("-start_year", "-pk")
        self.fields["programme"].queryset = programmes
        self.fields["programme"].initial = programmes.first()
        this_year = current_school_year()
        years = range(this_year, this_year - 5, -1)
        self.fields["school_year"].choices = [(y, f"{y}/{y + 1}") for y in years]
        self.fields["school_year"].initial = this_year


class EvaluationScoresForm(forms.Form):
    """Nine rows: a 0/1/2 choice and a comment each; a draft may leave a score empty."""

    conclusions = forms.CharField(
        label="Выводы и предложения",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text="Печатаются в информационной справке по итогам мониторинга.",
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        stored = {row.number: row for row in evaluation.scores.all()}
        self.rows = []
        for indicator in indicators():
            row = stored.get(indicator.number)
            score_name, comment_name = f"score_{indicator.number}", f"comment_{indicator.number}"
            self.fields[score_name] = forms.TypedChoiceField(
                label=indicator.text,
                choices=IndicatorScore.Score.choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=row.score if row else None,
                error_messages={"invalid_choice": "Балл — 0, 1 или 2."},
            )
            self.fields[comment_name] = forms.CharField(
                label="Комментарий",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                initial=row.comment if row else "",
            )
            self.rows.append(
                {
                    "indicator": indicator,
                    "score": self[score_name],
                    "comment": self[comment_name],
                    "suggestion": row.suggestion if row else None,
                    "suggestion_rule": row.suggestion_rule if row else "",
                }
            )
        self.fields["conclusions"].initial = evaluation.conclusions

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            row["indicator"].number: (
                self.cleaned_data[f"score_{row['indicator'].number}"],
                self.cleaned_data[f"comment_{row['indicator'].number}"].strip(),
            )
            for row in self.rows
        }


class ReturnForm(forms.Form):
    comment = forms.CharField(label="Что исправить", widget=forms.Textarea(attrs={"rows": 3}))
