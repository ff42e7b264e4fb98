from django.urls import path

from . import views

app_name = "placenames"
urlpatterns = [path("submit/", views.submit_work, name="submit")]
