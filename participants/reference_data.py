"""Categories of mentees (DOMAIN.md §4, seeds S2 and S3): editable reference data."""

CATEGORIES = [
    ("teachers", "Молодой специалист (стаж 0–3 года)"),
    ("teachers", "Адаптация на новом месте работы"),
    ("teachers", "Эмоциональное выгорание, хроническая усталость"),
    ("teachers", "Освоение современных программ, цифровых навыков, ИКТ-компетенций"),
    ("students", "Низкая учебная мотивация"),
    ("students", "Неуспевающий"),
    ("students", "Проявивший выдающиеся способности"),
    ("students", "Обучающийся с ОВЗ"),
    ("students", "Трудная жизненная ситуация"),
    ("students", "Из малоимущей семьи"),
    ("students", "Ребёнок-сирота, оставшийся без попечения родителей"),
    ("students", "Адаптация в новом коллективе"),
]


def load_categories(apps, schema_editor=None):
    model = apps.get_model("participants", "MenteeCategory")
    for order, (audience, name) in enumerate(CATEGORIES, start=1):
        model.objects.update_or_create(name=name, defaults={"audience": audience, "order": order})
