from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitatorPortalConfig(AppConfig):
    name = "facilitator_portal"
    verbose_name = _("Facilitators’ pages")
