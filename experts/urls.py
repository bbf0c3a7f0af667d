from django.urls import path

from experts import views

app_name = "experts"
urlpatterns = [
    path("", views.expert_list_view, name="list"),
    path("<int:pk>/", views.expert_detail_view, name="detail"),
    path("courses/", views.course_list_view, name="course_list"),
    path("courses/<int:pk>/", views.course_detail_view, name="course_detail"),
    path("courses/<int:pk>/enrolment/", views.course_enrol_view, name="course_enrol"),
    path("courses/<int:pk>/participants/", views.course_manage_view, name="course_manage"),
]
