"""Create CRS headquarters, the ten regional offices with the states they serve, and the four
field offices, with names in English and in the languages of CRS's SPCP brochures.

Sources: ``shared/DOMAIN.md`` for the offices and states; ``shared/seeds/*.txt`` (CRS's
brochures) for the translated names. The Farsi brochure omits the Southwest region, so its
Farsi names are our own translation; the Hindi brochure misspells Dallas, corrected here.
"""

from django.db import migrations

LANGS = ("en", "vi", "fa", "zh_hant", "ko", "hi")

# code, kind, order, region code, {lang: (name, city)}, states
OFFICES = [
    ("headquarters", "headquarters", 0, None, {
        "en": ("CRS Headquarters", "Washington, DC"),
        "vi": ("Trụ Sở Chính của CRS", "Washington, DC"),
        "fa": ("دفتر مرکزی CRS", "واشنگتن، دی.سی."),
        "zh_hant": ("CRS總部", "華盛頓特區"),
        "ko": ("CRS 본부", "워싱턴 DC"),
        "hi": ("CRS मुख्यालय", "वाशिंगटन, DC"),
    }, []),
    ("new-england", "regional", 1, None, {
        "en": ("New England", "Boston, MA"),
        "vi": ("New England", "Boston, MA"),
        "fa": ("نیو انگلند", "بوستون، ماساچوست"),
        "zh_hant": ("新英格蘭", "麻省波士頓"),
        "ko": ("뉴잉글랜드 지역", "매사추세츠 주 보스턴"),
        "hi": ("न्यू इंग्लैंड", "बोस्टन, MA"),
    }, ["CT", "MA", "ME", "NH", "RI", "VT"]),
    ("northeast", "regional", 2, None, {
        "en": ("Northeast", "New York, NY"),
        "vi": ("Đông Bắc", "New York, NY"),
        "fa": ("شمال شرقی", "نیویورک، نیویورک"),
        "zh_hant": ("東北部", "紐約州紐約市"),
        "ko": ("북동부 지역", "뉴욕 주 뉴욕"),
        "hi": ("नॉर्थईस्ट", "न्यू यॉर्क, NY"),
    }, ["NJ", "NY", "PR", "VI"]),
    ("mid-atlantic", "regional", 3, None, {
        "en": ("Mid-Atlantic", "Philadelphia, PA"),
        "vi": ("Mid-Atlantic", "Philadelphia, PA"),
        "fa": ("میانه اقیانوس اطلس", "فیلادلفیا، پنسیلوانیا"),
        "zh_hant": ("中大西洋地區", "賓州費城"),
        "ko": ("중부 대서양 지역", "펜실베이니아 주 필라델피아"),
        "hi": ("मिड-अटलांटिक", "फिलाडेल्फिया, PA"),
    }, ["DC", "DE", "MD", "PA", "VA", "WV"]),
    ("southeast", "regional", 4, None, {
        "en": ("Southeast", "Atlanta, GA"),
        "vi": ("Đông Nam", "Atlanta, GA"),
        "fa": ("جنوب شرقی", "آتلانتا، جورجیا"),
        "zh_hant": ("東南部", "喬治亞州亞特蘭大"),
        "ko": ("남동부 지역", "조지아 주 애틀랜타"),
        "hi": ("साउथईस्ट", "अटलांटा, GA"),
    }, ["AL", "FL", "GA", "KY", "MS", "NC", "SC", "TN"]),
    ("midwest", "regional", 5, None, {
        "en": ("Midwest", "Chicago, IL"),
        "vi": ("Trung Tây", "Chicago, IL"),
        "fa": ("میانه غربی", "شیکاگو، ایلینوی"),
        "zh_hant": ("中西部", "伊利諾伊州芝加哥"),
        "ko": ("중서부 지역", "일리노이 주 시카고"),
        "hi": ("मिडवेस्ट", "शिकागो, IL"),
    }, ["IL", "IN", "MI", "MN", "OH", "WI"]),
    ("southwest", "regional", 6, None, {
        "en": ("Southwest", "Dallas, TX"),
        "vi": ("Tây Nam", "Dallas, TX"),
        "fa": ("جنوب غربی", "دالاس، تگزاس"),
        "zh_hant": ("西南部", "德州達拉斯"),
        "ko": ("서남부 지역", "텍사스 주 댈러스"),
        "hi": ("साऊथवेस्ट", "डलास, TX"),
    }, ["AR", "LA", "NM", "OK", "TX"]),
    ("central", "regional", 7, None, {
        "en": ("Central", "Kansas City, MO"),
        "vi": ("Miền Trung", "Kansas City, MO"),
        "fa": ("مرکزی", "کانزاس سیتی، میزوری"),
        "zh_hant": ("中部", "密蘇里州堪薩斯市"),
        "ko": ("중부 지역", "미주리 주 캔자스시티"),
        "hi": ("सेंट्रल", "कन्सास सिटी, MO"),
    }, ["IA", "KS", "MO", "NE"]),
    ("rocky-mountain", "regional", 8, None, {
        "en": ("Rocky Mountain", "Denver, CO"),
        "vi": ("Rocky Mountain", "Denver, CO"),
        "fa": ("راکی مانتین", "دنور، کلرادو"),
        "zh_hant": ("落基山區", "科羅拉多州丹佛"),
        "ko": ("로키 마운틴 지역", "콜로라도 주 덴버"),
        "hi": ("रॉकी माउंटेन", "डेनवर, CO"),
    }, ["CO", "MT", "ND", "SD", "UT", "WY"]),
    ("western", "regional", 9, None, {
        "en": ("Western", "Los Angeles, CA"),
        "vi": ("Miền Tây", "Los Angeles, CA"),
        "fa": ("غربی", "لس آنجلس، کالیفرنیا"),
        "zh_hant": ("西部", "加州洛杉磯"),
        "ko": ("서부 지역", "캘리포니아 주 로스앤젤레스"),
        "hi": ("वेस्टर्न", "लॉस एंजिलिस, CA"),
    }, ["AZ", "CA", "HI", "NV", "GU", "AS", "MP"]),
    ("northwest", "regional", 10, None, {
        "en": ("Northwest", "Seattle, WA"),
        "vi": ("Tây Bắc", "Seattle, WA"),
        "fa": ("شمال غربی", "سیاتل، واشنگتن"),
        "zh_hant": ("西北部", "華盛頓州西雅圖"),
        "ko": ("북서부 지역", "워싱턴 주 시애틀"),
        "hi": ("नॉर्थवेस्ट", "सिएटल, WA"),
    }, ["AK", "ID", "OR", "WA"]),
    ("miami", "field", 11, "southeast", {
        "en": ("Miami, FL", "Miami, FL"),
        "vi": ("Miami, FL", "Miami, FL"),
        "fa": ("میامی، فلوریدا", "میامی، فلوریدا"),
        "zh_hant": ("佛羅里達州邁阿密", "佛羅里達州邁阿密"),
        "ko": ("플로리다 주 마이애미", "플로리다 주 마이애미"),
        "hi": ("मायामी, FL", "मायामी, FL"),
    }, []),
    ("houston", "field", 12, "southwest", {
        "en": ("Houston, TX", "Houston, TX"),
        "vi": ("Houston, TX", "Houston, TX"),
        "fa": ("هیوستون، تگزاس", "هیوستون، تگزاس"),
        "zh_hant": ("德州休斯頓", "德州休斯頓"),
        "ko": ("텍사스 주 휴스턴", "텍사스 주 휴스턴"),
        "hi": ("ह्यूस्टन, TX", "ह्यूस्टन, TX"),
    }, []),
    ("detroit", "field", 13, "midwest", {
        "en": ("Detroit, MI", "Detroit, MI"),
        "vi": ("Detroit, MI", "Detroit, MI"),
        "fa": ("دیترویت، میشیگان", "دیترویت، میشیگان"),
        "zh_hant": ("密歇根州底特律", "密歇根州底特律"),
        "ko": ("미시건 주 디트로이트", "미시건 주 디트로이트"),
        "hi": ("डेट्रॉइट, MI", "डेट्रॉइट, MI"),
    }, []),
    ("san-francisco", "field", 14, "western", {
        "en": ("San Francisco, CA", "San Francisco, CA"),
        "vi": ("San Francisco, CA", "San Francisco, CA"),
        "fa": ("سان فرانسیسکو، کالیفرنیا", "سان فرانسیسکو، کالیفرنیا"),
        "zh_hant": ("加州舊金山", "加州舊金山"),
        "ko": ("캘리포니아 주 샌프란시스코", "캘리포니아 주 샌프란시스코"),
        "hi": ("सैन फ्रांसिस्को, CA", "सैन फ्रांसिस्को, CA"),
    }, []),
]
KIND_ORDER = {"headquarters": 0, "regional": 1, "field": 2}


def load_offices(apps, schema_editor):
    Office = apps.get_model("offices", "Office")
    ServedState = apps.get_model("offices", "ServedState")
    by_code = {}
    for code, kind, order, region, names, states in OFFICES:
        fields = {"kind": kind, "kind_order": KIND_ORDER[kind], "order": order}
        fields["region"] = by_code[region] if region else None
        fields["name"], fields["city"] = names["en"]
        for lang in LANGS:
            fields[f"name_{lang}"], fields[f"city_{lang}"] = names[lang]
        office, _created = Office.objects.update_or_create(code=code, defaults=fields)
        by_code[code] = office
        for state in states:
            ServedState.objects.update_or_create(code=state, defaults={"office": office})


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]

    operations = [migrations.RunPython(load_offices, migrations.RunPython.noop)]
