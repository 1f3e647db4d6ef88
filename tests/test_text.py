"""Lists, quotations and sentences put together in the reader's language (``spcp.text`` and
the ``list_join``/``quoted`` template filters): the punctuation comes from the catalogue
(here one the test supplies, ``tests.translations``), typed text is isolated and escaped."""

import pytest
from django.template import Context, Template
from django.utils import translation

from spcp import text
from tests.translations import add_translations

FSI, PDI = "\u2068", "\u2069"


@pytest.fixture
def punctuation(settings, tmp_path):
    add_translations(
        settings,
        tmp_path,
        {
            "fa": {
                ("list separator", ", "): "، ",
                ("quotation marks around text someone typed", "“%(text)s”"): "«%(text)s»",
                ("a label followed by its value", "%(label)s: %(value)s"): "%(label)s: %(value)s",
            },
            "zh_Hant": {
                ("list separator", ", "): "、",
                ("quotation marks around text someone typed", "“%(text)s”"): "「%(text)s」",
                (
                    "two sentences one after the other",
                    "%(first)s %(second)s",
                ): "%(first)s%(second)s",
                ("a label followed by its value", "%(label)s: %(value)s"): "%(label)s：%(value)s",
            },
        },
    )


def test_english_joins_with_a_comma_and_quotes_with_curly_quotes():
    assert text.join_list(["Youth", "Faith/Clergy"]) == "Youth, Faith/Clergy"
    assert text.quote("Youth") == f"“{FSI}Youth{PDI}”"
    assert text.join_sentences(["Saved.", "", "Two skipped."]) == "Saved. Two skipped."
    assert text.label_value("Name", "Ana") == "Name: Ana"


def test_each_language_brings_its_own_punctuation(punctuation):
    with translation.override("fa"):
        assert text.join_list(["انگلیسی", "اسپانیایی", "عربی"]) == "انگلیسی، اسپانیایی، عربی"
        assert text.quote("Youth") == f"«{FSI}Youth{PDI}»"
    with translation.override("zh-hant"):
        assert text.join_list(["英語", "西班牙語"]) == "英語、西班牙語"
        assert text.quote("Youth") == f"「{FSI}Youth{PDI}」"
        assert text.join_sentences(["已儲存。", "略過兩列。"]) == "已儲存。略過兩列。"
        assert text.label_value("名稱", "Ana") == "名稱：Ana"


def test_typed_items_can_be_isolated_in_plain_text():
    assert (
        text.join_list(["Youth", "جوانان"], isolated=True) == f"{FSI}Youth{PDI}, {FSI}جوانان{PDI}"
    )


def test_the_filters_escape_and_isolate_typed_text(punctuation):
    template = Template("{% load spcp %}{{ items|list_join }} | {{ name|quoted }}")
    context = Context({"items": ["<b>Youth</b>", "جوانان"], "name": "Tom & Jerry"})
    with translation.override("fa"):
        html = template.render(context)
    assert html == (
        '<bdi dir="ltr">&lt;b&gt;Youth&lt;/b&gt;</bdi>، <bdi dir="rtl">جوانان</bdi>'
        ' | «<bdi dir="ltr">Tom &amp; Jerry</bdi>»'
    )
    assert Template("{% load spcp %}{{ none|list_join|default:'—' }}").render(Context({})) == "—"
