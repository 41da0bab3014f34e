"""Two people saving at once (mentoring_site/settings.py: SQLite in WAL mode with IMMEDIATE transactions and a
busy timeout; PostgreSQL as it is). Real threads, real connections, committed transactions."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from organizations.roles import Role
from participants.models import Person
from tests.factories import OrganizationFactory, member


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_all_succeed():
    org = OrganizationFactory()
    curators = [member(org, Role.CURATOR) for _ in range(2)]
    statuses: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work(index: int) -> None:
        client = Client()
        client.force_login(curators[index])
        try:
            start.wait(timeout=10)
            for n in range(6):
                response = client.post(
                    reverse("participants:person-create"),
                    {"kind": "teacher", "last_name": f"Поток{index}", "first_name": f"Номер{n}"},
                )
                statuses.append(response.status_code)
        except BaseException as error:  # noqa: BLE001 — reported below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert statuses == [302] * 12, statuses
    assert Person.objects.filter(organization=org).count() == 12
