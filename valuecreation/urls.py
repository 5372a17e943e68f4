app_name = "valuecreation"

urlpatterns = []
