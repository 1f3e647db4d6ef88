"""Date and time formats that correct or complete Django's own for our languages.

Django looks here first (``FORMAT_MODULE_PATH``) and falls back to ``django/conf/locale`` for
every setting a module here leaves out. Farsi needs nothing here: its digits are written by
``spcp.digits``.
"""
