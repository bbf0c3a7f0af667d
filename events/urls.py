from django.urls import path

from events.views import participation, public, staff

app_name = "events"
urlpatterns = [
    path("", public.event_list_view, name="list"),
    path("mous/", public.mou_list_view, name="mous"),
    path("mous/<int:pk>/document/", public.mou_document_view, name="mou-document"),
    path("<int:pk>/", public.event_detail_view, name="detail"),
    path("<int:pk>/event.ics", public.event_ics_view, name="ics"),
    path("<int:pk>/showcase/", public.showcase_view, name="showcase"),
    path("<int:pk>/register/", participation.register_view, name="register"),
    path("<int:pk>/cancel/", participation.cancel_view, name="cancel"),
    path("<int:pk>/ticket/", participation.ticket_view, name="ticket"),
    path("<int:pk>/profile/", participation.profile_view, name="profile"),
    path("<int:pk>/participants/", participation.participants_view, name="participants"),
    path("<int:pk>/meetings/<int:mid>/<str:action>/", participation.meeting_action_view, name="meeting-action"),
    path("<int:pk>/agenda/", participation.agenda_view, name="agenda"),
    path("<int:pk>/agenda.ics", participation.agenda_ics_view, name="agenda-ics"),
    path("<int:pk>/checkin/", staff.checkin_view, name="checkin"),
]
