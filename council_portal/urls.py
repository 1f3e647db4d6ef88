"""The council members' pages (``/council/``)."""

from django.urls import path  # noqa: F401

app_name = "council_portal"

urlpatterns = []
