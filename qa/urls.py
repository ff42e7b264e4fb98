from django.urls import path

from . import views

app_name = "qa"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("qa/", views.ask_page, name="ask_page"),
    path("qa/ask/", views.ask_json, name="ask"),
    path("qa/suggest/", views.suggest_json, name="suggest"),
    path("qa/faq/", views.faq_list, name="faq_list"),
    path("qa/faq/<int:pk>/", views.faq_detail, name="faq"),
]
