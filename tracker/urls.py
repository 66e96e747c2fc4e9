from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from accounts import views as account_views

admin.site.site_header = _("Pearl River Belt Tracker")
admin.site.site_title = _("Pearl River Belt Tracker")
admin.site.index_title = _("Reporting and review")
# One login page for the whole site: the admin's sends to it (the second step and the
# timeout messages follow from there).
admin.site.login = account_views.admin_login_via(admin.site.login)

urlpatterns = [
    # Browsers ask for /favicon.ico on pages (like the admin) that do not link an icon.
    path("favicon.ico", RedirectView.as_view(url=f"/{settings.STATIC_URL.strip('/')}/favicon.svg")),
    # Each app's pages sit at the site root, without a namespace: templates use the bare names.
    path("", include("parks.urls")),
    path("", include("dashboards.urls")),
    path("notices/", include("notices.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
