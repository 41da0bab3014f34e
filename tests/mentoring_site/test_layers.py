"""The layers hold by strings too: a lower app never names a higher one (``"programs.Roadmap"``,
``apps.get_model("pairing", …)``, ``reverse("documents:…")``). import-linter (``make lint``) holds the
imports; this walks every string constant of every module. The composition root — settings.py and the
root URLconf of mentoring_site, which must list the apps — is the one exception.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["mentoring_site", "organizations", "programs", "participants", "pairing", "monitoring", "documents"]
COMPOSITION_ROOT = {"mentoring_site/settings.py", "mentoring_site/urls.py"}


def _strings(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


# App names that are also ordinary words of a lower app: the programme's section «monitoring» (a field of
# Programme) is not the monitoring app; for these only a dotted, namespaced or path form names the app.
ALSO_A_WORD = {"monitoring"}


def _higher(app: str) -> re.Pattern[str]:
    """«programs.Roadmap», «programs:roadmap-list», «programs/documents/…», or the app's bare name."""
    higher = LAYERS[LAYERS.index(app) + 1 :]
    bare = [name for name in higher if name not in ALSO_A_WORD]
    return re.compile(rf"^(({'|'.join(higher)})[.:/]|({'|'.join(bare)})$)")


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_a_lower_app_never_names_a_higher_one(app):
    pattern = _higher(app)
    found = []
    for path in sorted((settings.BASE_DIR / app).rglob("*.py")):
        relative = path.relative_to(settings.BASE_DIR).as_posix()
        if "/migrations/" in relative or relative in COMPOSITION_ROOT:
            continue
        found += [f"{relative}:{line}: {value!r}" for line, value in _strings(path) if pattern.match(value)]
    assert not found, "A lower app names a higher one:\n" + "\n".join(found)


TEMPLATE_TAG = re.compile(r"\{%\s*(?:extends|include)\s+[\"']([^\"']+)[\"']")


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_a_lower_apps_templates_never_use_a_higher_apps_templates(app):
    """A lower app's page or printable may not extend or include a higher app's template
    (the shared PDF shell lives in templates/pdf/, the page shell in templates/base.html)."""
    pattern = _higher(app)
    found = []
    for path in sorted((settings.BASE_DIR / "templates" / app).rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [f"{path.name}:{number}: {name}" for name in TEMPLATE_TAG.findall(line) if pattern.match(name)]
    assert not found, "A lower app's template uses a higher app's one:\n" + "\n".join(found)


def test_the_walk_finds_a_string_reference(tmp_path):
    """The check can fail: a string naming a higher app is found."""
    probe = tmp_path / "probe.py"
    probe.write_text('model = apps.get_model("programs", "Organization")\nlabel = "programs.RoadmapSection"\n')
    pattern = re.compile(r"^(programs)([.:]|$)")
    assert sorted(value for _line, value in _strings(probe) if pattern.match(value)) == [
        "programs",
        "programs.RoadmapSection",
    ]
