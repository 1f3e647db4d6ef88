"""Vietnamese: dates read inside a sentence, so "ngày" is not capitalised.

Django's "Ngày 21 tháng 11 năm 2026" reads as the start of a sentence; ours is
"ngày 21 tháng 11 năm 2026", and a date-time puts the date first:
"ngày 21 tháng 11 năm 2026, 14:03".
"""

DATE_FORMAT = r"\n\g\à\y j \t\h\á\n\g n \n\ă\m Y"
DATETIME_FORMAT = r"\n\g\à\y j \t\h\á\n\g n \n\ă\m Y, H:i"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
