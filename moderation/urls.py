app_name = "moderation"

urlpatterns = []
