from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilPortalConfig(AppConfig):
    name = "council_portal"
    verbose_name = _("Council members’ pages")
