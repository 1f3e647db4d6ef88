"""Korean: the morning/afternoon marker comes before the time ("오후 2:03"), also in date-times.

Django's Korean date-time put it after ("2026년 11월 21일 2:03 오후").
"""

DATETIME_FORMAT = "Y년 n월 j일 A g:i"
