"""A realistic school for the gunicorn benchmark: the demo (`load_demo`) plus 600 people of «Гимназия «Жуковка»»
(pupils of 1–11 forms and teachers; most with a consent, a third in one of the bases), so that the curator's
participants list has many pages. Run by `benchmarks/test_gunicorn.py` as
``python -m benchmarks.school`` with the bench's production environment."""

from datetime import date

PEOPLE = 600


def fill() -> int:
    from organizations.models import Organization
    from participants.models import Consent, MenteeProfile, MentorProfile, Person, search_key

    school = Organization.objects.get(slug="zhukovka")
    last_names = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков"]
    first_names = ["Александр", "Мария", "Дмитрий", "Анна", "Максим", "Софья", "Иван", "Ёлка", "Артём", "Полина"]
    people = []
    for i in range(PEOPLE):
        pupil = i % 5 != 0
        last = f"{last_names[i % len(last_names)]}{'а' if i % 2 else ''}-{i:03d}"
        first = first_names[i % len(first_names)]
        people.append(
            Person(
                organization=school,
                kind=Person.Kind.STUDENT if pupil else Person.Kind.TEACHER,
                last_name=last,
                first_name=first,
                patronymic="Сергеевич" if i % 2 == 0 else "Олеговна",
                birth_date=date(2010 + i % 8, 1 + i % 12, 1 + i % 28) if pupil else date(1970 + i % 30, 3, 14),
                school_class=f"{1 + i % 11}{'АБВ'[i % 3]}" if pupil else "",
                position="" if pupil else "Учитель математики",
                phone=f"+7 912 {i:03d}-00-00",
                search_name=search_key(last, first),
            )
        )
    people = Person.objects.bulk_create(people)
    Consent.objects.bulk_create(
        [Consent(person=p, given_on=date(2026, 9, 1), signed_by="parent") for i, p in enumerate(people) if i % 7]
    )
    MentorProfile.objects.bulk_create(
        [MentorProfile(person=p, status="active", can_help_with="Опыт") for i, p in enumerate(people) if i % 5 == 0]
    )
    MenteeProfile.objects.bulk_create(
        [MenteeProfile(person=p, requests="Запрос") for i, p in enumerate(people) if i % 5 == 1]
    )
    return len(people)


if __name__ == "__main__":
    import django

    django.setup()
    print(f"Добавлено участников: {fill()}")
