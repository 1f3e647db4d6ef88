"""The facilitators' pages (``/facilitator/``)."""

from django.urls import path  # noqa: F401

app_name = "facilitator_portal"

urlpatterns = []
