import pytest
from django.utils import translation

from offices.models import Office, UnknownStateError
from offices.states import STATE_CODES


@pytest.mark.django_db
class TestForState:
    def test_returns_the_regional_office_serving_the_state(self):
        assert Office.objects.for_state("TX").code == "southwest"
        assert Office.objects.for_state("PA").code == "mid-atlantic"
        assert Office.objects.for_state("GU").code == "western"

    def test_ignores_case_and_spaces(self):
        assert Office.objects.for_state(" ks ").code == "central"

    @pytest.mark.parametrize("code", ["XX", "", "Texas", None])
    def test_unknown_code_raises_a_clear_error(self, code):
        with pytest.raises(UnknownStateError, match="USPS code"):
            Office.objects.for_state(code)

    def test_every_state_and_territory_has_exactly_one_regional_office(self):
        for code in STATE_CODES:
            assert Office.objects.for_state(code).kind == Office.Kind.REGIONAL


@pytest.mark.django_db
def test_offices_match_crs_structure():
    assert Office.objects.filter(kind="headquarters").count() == 1
    assert Office.objects.filter(kind="regional").count() == 10
    field = {o.code: o.region.code for o in Office.objects.filter(kind="field")}
    assert field == {
        "miami": "southeast",
        "houston": "southwest",
        "detroit": "midwest",
        "san-francisco": "western",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, expected",
    [
        ("vi", "Đông Bắc"),
        ("fa", "شمال شرقی"),
        ("zh-hant", "東北部"),
        ("ko", "북동부 지역"),
        ("hi", "नॉर्थईस्ट"),
        ("en", "Northeast"),
    ],
)
def test_office_names_come_from_the_brochures(language, expected):
    with translation.override(language):
        assert Office.objects.get(code="northeast").name == expected
