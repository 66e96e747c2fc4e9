from django.urls import path

from dashboards import submissions, views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("submissions/", submissions.submission_status, name="submissions"),
    path("parks/<slug:code>/", views.park_detail, name="park_detail"),
    path("districts/<slug:code>/", views.district_detail, name="district_detail"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("briefing/<int:year>/", views.briefing, name="briefing"),
]
