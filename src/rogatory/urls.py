"""Root URLs. Each local app mounts its own `urls` at its AppConfig.url_prefix and its
`api` module (a `urlpatterns` list) under /api/v1/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from rogatory.core.discovery import app_modules
from rogatory.core.views import healthz, liveness
from rogatory.exchange.views import node_document

api_v1 = [path("", include(module.urlpatterns)) for _config, module in app_modules("api")]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/live", liveness, name="liveness"),
    path(".well-known/rogatory-node", node_document, name="rogatory-node"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
urlpatterns += [
    path(getattr(config, "url_prefix", f"{config.label}/"), include(module))
    for config, module in app_modules("urls")
]

handler404 = "rogatory.core.views.error_404"
handler500 = "rogatory.core.views.error_500"
