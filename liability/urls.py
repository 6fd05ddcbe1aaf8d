from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import views

public = [
    path("", views.home, name="home"),
    path("check/", views.questionnaire, name="questionnaire"),
    path("result/", views.result, name="result"),
    path("preview/check/", staff_member_required(views.questionnaire), name="preview"),
    path("preview/result/", staff_member_required(views.result), name="preview_result"),
    path("result/what-if/", views.what_if, name="what_if"),
    path("result/deadlines.ics", views.result_calendar, name="result_calendar"),
    path("share/", views.share, name="share"),
    path("s/<str:share_id>/", views.shared, name="shared"),
    path("s/<str:share_id>.json", views.shared, {"as_json": True}, name="shared_json"),
    path("s/<str:share_id>/deadlines.ics", views.shared_calendar, name="shared_calendar"),
    path("s/<str:share_id>/delete/", views.share_delete, name="share_delete"),
    path("guide/", views.library, name="library"),
    path("guide/routes/<slug:slug>/", views.route, name="route"),
    path("guide/doctrines/<slug:slug>/", views.doctrine, name="doctrine"),
    path("guide/states/<str:code>/", views.state, name="state"),
    path("guide/myths/<slug:slug>/", views.myth, name="myth"),
    path("guide/glossary/", views.glossary, name="glossary"),
    # The guide pages over the drafts, for staff (issue 16): "Preview draft" in the admin.
    path("preview/guide/routes/<slug:slug>/", staff_member_required(views.route), name="preview_route"),
    path("preview/guide/doctrines/<slug:slug>/", staff_member_required(views.doctrine), name="preview_doctrine"),
    path("preview/guide/states/<str:code>/", staff_member_required(views.state), name="preview_state"),
    path("preview/guide/myths/<slug:slug>/", staff_member_required(views.myth), name="preview_myth"),
]

# Every public page in English at /... and in Spanish at /es/... (settings.LANGUAGES): two
# addresses that can be shared, bookmarked and indexed. The admin and the sitemap (which
# lists both languages) have one address.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"guide": views.LibrarySitemap}}, name="sitemap"),
    *i18n_patterns(path("", include((public, "liability"))), prefix_default_language=False),
]

handler400 = "liability.views.bad_request"
handler404 = "liability.views.not_found"
