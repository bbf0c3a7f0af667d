"""Pages of the events app: public (list, event, showcase, MOUs, .ics), participation (registration, ticket, event
profile, participants, meetings, agenda) and the staff check-in."""
