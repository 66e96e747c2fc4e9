from django.urls import path

from parks import views

urlpatterns = [
    path("parks/", views.park_list, name="park_list"),
]
