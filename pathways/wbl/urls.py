app_name = "wbl"

urlpatterns: list[object] = []
