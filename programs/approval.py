"""Documents that go through approval (draft → review → approved), by the slug in their URLs.

programs owns the workflow and its own documents (the programme, the roadmap); a higher app adds
its approvable documents here in ``AppConfig.ready()`` (documents: the local act).
"""

from .models import ApprovableDocument, Programme, Roadmap

APPROVABLE: dict[str, type[ApprovableDocument]] = {"programme": Programme, "roadmap": Roadmap}


def register_approvable(slug: str, model: type[ApprovableDocument]) -> None:
    APPROVABLE[slug] = model
