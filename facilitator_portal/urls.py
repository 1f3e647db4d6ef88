"""The facilitators' pages (``/facilitator/``): their breakout groups, the note page of each
group with its JSON endpoint, the no-JavaScript edit and delete pages, and the service worker
(whose scope is this directory)."""

from django.urls import path

from . import views

app_name = "facilitator_portal"

GROUP = "groups/<int:breakoutgroup_pk>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", views.service_worker, name="service_worker"),
    path(GROUP, views.group, name="group"),
    path(GROUP + "notes.json", views.notes_api, name="notes_api"),
]
for kind in ("strength", "issue", "solution"):
    for action in ("update", "delete"):
        urlpatterns.append(
            path(
                f"{GROUP}{kind}s/<int:{kind}_pk>/{'edit' if action == 'update' else 'delete'}/",
                getattr(views, f"{kind}_{action}"),
                name=f"{kind}_{action}",
            )
        )
