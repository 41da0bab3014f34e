import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook

from mentoring_site.plural import ru_count
from mentoring_site.templatetags.nastavnik import ru_plural
from mentoring_site.xlsx import write_xlsx


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 наставников"),
        (1, "1 наставник"),
        (2, "2 наставника"),
        (4, "4 наставника"),
        (5, "5 наставников"),
        (11, "11 наставников"),
        (12, "12 наставников"),
        (14, "14 наставников"),
        (21, "21 наставник"),
        (22, "22 наставника"),
        (101, "101 наставник"),
        (111, "111 наставников"),
    ],
)
def test_russian_plural_forms(n, expected):
    assert ru_count(n, "наставник", "наставника", "наставников") == expected
    assert ru_plural(n, "наставник,наставника,наставников") == expected


def test_plural_filter_survives_garbage():
    assert ru_plural("abc", "a,b,c") == ""


def test_xlsx_stores_formula_like_text_as_text():
    content = write_xlsx(
        title="Проверка",
        headers=["ФИО", "Комментарий"],
        rows=[['=HYPERLINK("http://evil","x")', "+1+1"], ["Иванова Мария", "@SUM(A1)"]],
    )
    sheet = load_workbook(BytesIO(content)).active
    assert sheet["A2"].value == '=HYPERLINK("http://evil","x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B3"].data_type == "s"
    assert sheet["A3"].value == "Иванова Мария"


def test_xlsx_drops_control_characters_from_the_caption_too():
    content = write_xlsx(title="Доступ\x07", caption="Гимназия\x07 «Жуковка»\x1b", headers=["ФИО"], rows=[["А\x0bБ"]])
    sheet = load_workbook(BytesIO(content)).active
    assert sheet["A1"].value == "Гимназия «Жуковка»"
    assert sheet["A4"].value == "АБ"


def test_render_pdf_embeds_the_cyrillic_font_and_refuses_external_urls(tmp_path, caplog):
    from django.template import engines

    from mentoring_site.pdf import html_to_pdf

    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block body %}<h1>ПРИКАЗ № 16/1-О</h1>'
        '<img src="http://169.254.169.254/latest/meta-data">'
        '<img src="file:///etc/passwd">{% endblock %}'
    )
    pdf = html_to_pdf(template.render({}))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    embedded = [line for line in fonts.splitlines() if "Doc-Serif" in line]
    assert embedded, fonts
    assert all(" yes yes yes " in line for line in embedded)  # embedded, subset, unicode map
    assert "Внешние ресурсы в документах запрещены: http://169.254.169.254" in caplog.text
    assert "Внешние ресурсы в документах запрещены: file:///etc/passwd" in caplog.text
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    assert "ПРИКАЗ № 16/1-О" in text
    assert "Страница 1 из 1" in text


def test_url_tag_reverses_a_link_without_arguments_once_per_prefix():
    """{% url %} is Django's (same answers and errors), but a link without arguments — the menu's and the
    buttons', ~20 on every page — is reversed once per process (per URLconf and script prefix)."""
    from django.template import engines
    from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix

    from mentoring_site import links

    template = engines["django"].from_string(
        "{% url 'dashboard' %}|{% url 'participants:person-detail' 7 %}|{% url 'no-such-page' as x %}[{{ x }}]"
    )
    links._reversed_urls.clear()
    expected = f"{reverse('dashboard')}|{reverse('participants:person-detail', args=[7])}|[]"
    assert template.render({}) == expected
    assert (get_resolver(), "/", "dashboard", None, ()) in links._reversed_urls
    assert template.render({}) == expected
    set_script_prefix("/school/")
    try:
        assert template.render({}) == "/school/|/school/participants/7/|[]"
    finally:
        set_script_prefix("/")
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'no-such-page' %}").render({})
