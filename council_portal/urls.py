"""The council members' pages (``/council/``). Each page of an engagement is named by
``<engagement_pk>`` (and a plan item by ``<planitem_pk>``), as on the staff pages, so the URL ×
role matrix (``tests/matrix/``) builds them."""

from django.urls import path

from . import views

app_name = "council_portal"

E = "<int:engagement_pk>/"

urlpatterns = [
    path("", views.home, name="home"),
    path(E, views.plan, name="plan"),
    path(E + "plan.pdf", views.plan_pdf, name="plan_pdf"),
    path(E + "items/<int:planitem_pk>/progress/", views.progress_create, name="progress_create"),
]
