"""Hindi: day month year, 24-hour times.

Django's Hindi module has no date-time format, so date-times fell back to the American
"नवम्बर. 21, 2026, 2:03 बजे". Month names use the "E" (alternative) form: Django's plain Hindi
month names misspell three months ("नवमबर"), its alternative ones are right ("नवंबर").
"""

DATE_FORMAT = "j E Y"  # 21 नवंबर 2026
TIME_FORMAT = "H:i"  # 14:03
DATETIME_FORMAT = "j E Y, H:i"  # 21 नवंबर 2026, 14:03
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
