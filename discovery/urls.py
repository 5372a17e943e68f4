app_name = "discovery"

urlpatterns = []
