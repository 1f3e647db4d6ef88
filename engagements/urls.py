app_name = "engagements"
urlpatterns = []
