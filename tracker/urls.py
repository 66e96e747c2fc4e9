from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from parks import views as park_views
from tracker import submissions, views

admin.site.site_header = _("Pearl River Belt Tracker")
admin.site.site_title = _("Pearl River Belt Tracker")
admin.site.index_title = _("Reporting and review")

urlpatterns = [
    # Browsers ask for /favicon.ico on pages (like the admin) that do not link an icon.
    path("favicon.ico", RedirectView.as_view(url=f"/{settings.STATIC_URL.strip('/')}/favicon.svg")),
    path("", views.overview, name="overview"),
    path("parks/", park_views.park_list, name="park_list"),
    path("submissions/", submissions.submission_status, name="submissions"),
    path("parks/<slug:code>/", park_views.park_detail, name="park_detail"),
    path("districts/<slug:code>/", park_views.district_detail, name="district_detail"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("briefing/<int:year>/", views.briefing, name="briefing"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
