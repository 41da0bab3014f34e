"""The standard questionnaires of the target model, shipped as reference data (data/standard_questionnaires.json).

They carry no organization: read-only originals that an organization copies and adapts. The data migration
loads them through the migration's historical models; ``load_standard_questionnaires`` is idempotent
(a questionnaire already there by its key is left as it is).
"""

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "standard_questionnaires.json"
YES_NO = (("yes", "Да"), ("no", "Нет"))


def standard_definitions() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as f:
        data: list[dict[str, Any]] = json.load(f)
    return data


def _options_of(spec: dict[str, Any]) -> list[tuple[str, str]]:
    if spec["kind"] == "yes_no":
        return list(YES_NO)
    return [(value, label) for value, label in spec.get("options", [])]


def load_standard_questionnaires(models: Any) -> int:
    """Create the standard questionnaires missing by key. ``models`` maps a model name to its class
    (the historical models in the migration, the real ones elsewhere). Returns how many were created."""
    questionnaire_model, section_model = models["Questionnaire"], models["Section"]
    question_model, option_model = models["Question"], models["Option"]
    created = 0
    for spec in standard_definitions():
        if questionnaire_model.objects.filter(organization__isnull=True, key=spec["key"]).exists():
            continue
        questionnaire = questionnaire_model.objects.create(
            key=spec["key"],
            title=spec["title"],
            description=spec.get("description", ""),
            audience=spec["audience"],
            purpose=spec["purpose"],
            anonymous=spec.get("anonymous", False),
            basis=spec.get("basis", ""),
        )
        options_by_ref: dict[str, Any] = {}
        conditions: list[tuple[Any, str]] = []
        for section_order, section_spec in enumerate(spec["sections"], start=1):
            section = section_model.objects.create(
                questionnaire=questionnaire,
                title=section_spec["title"],
                description=section_spec.get("description", ""),
                order=section_order,
            )
            for order, q in enumerate(section_spec["questions"], start=1):
                low, high = q.get("scale", (None, None))
                labels = q.get("labels", ("", ""))
                question = question_model.objects.create(
                    questionnaire=questionnaire,
                    section=section,
                    order=order,
                    kind=q["kind"],
                    text=q["text"],
                    help_text=q.get("help_text", ""),
                    required=q.get("required", True),
                    scale_min=low,
                    scale_max=high,
                    min_label=labels[0],
                    max_label=labels[1],
                    code=q.get("code", ""),
                )
                for option_order, (value, label) in enumerate(_options_of(q), start=1):
                    option = option_model.objects.create(
                        question=question, order=option_order, value=value, label=label
                    )
                    options_by_ref[f"{question.code}:{value}"] = option
                if q.get("show_if"):
                    conditions.append((question, q["show_if"]))
        for question, ref in conditions:
            question.show_if = options_by_ref[ref]
            question.save(update_fields=["show_if"])
        created += 1
    return created


def ensure_standard_questionnaires() -> int:
    """The migration loads them; a database emptied since (a transactional test's flush) gets them again.
    Runs first among the monitoring demo loaders, so that each of them finds the originals."""
    from .models import Option, Question, Questionnaire, Section

    return load_standard_questionnaires(
        {"Questionnaire": Questionnaire, "Section": Section, "Question": Question, "Option": Option}
    )
