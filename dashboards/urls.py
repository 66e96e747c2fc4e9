from django.urls import path

from dashboards import policies, submissions, views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("policies/", policies.policy_list, name="policy_list"),
    path("policies/<slug:code>/", policies.policy_overview, name="policy_overview"),
    path("policies/<slug:code>/assessment/", policies.policy_assessment, name="policy_assessment"),
    path("submissions/", submissions.submission_status, name="submissions"),
    path("parks/<slug:code>/", views.park_detail, name="park_detail"),
    path("districts/<slug:code>/", views.district_detail, name="district_detail"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("briefing/<int:year>/", views.briefing, name="briefing"),
]
