from django.urls import path

from parks import views

urlpatterns = [
    path("parks/", views.park_list, name="park_list"),
    path("parks/<slug:code>/", views.park_detail, name="park_detail"),
    path("districts/<slug:code>/", views.district_detail, name="district_detail"),
]
