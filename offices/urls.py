"""The signed-in user's own account pages (Django's auth views are in ``spcp/urls.py``)."""

from django.urls import path

from . import views

app_name = "offices"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
