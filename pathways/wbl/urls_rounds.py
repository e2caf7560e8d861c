"""Pages of the matching-rounds and placements part (views/rounds.py, views/placements.py)."""

from django.urls import URLPattern, URLResolver, path

from .views import placements, rounds

urlpatterns: list[URLPattern | URLResolver] = [
    path("wbl/rounds/", rounds.round_list, name="round-list"),
    path("wbl/rounds/new/", rounds.round_create, name="round-create"),
    path("wbl/rounds/<uuid:round>/", rounds.round_detail, name="round-detail"),
    path("wbl/rounds/<uuid:round>/entries/", rounds.round_add_entry, name="round-add-entry"),
    path("wbl/rounds/<uuid:round>/entries/remove/", rounds.round_remove_entry, name="round-remove-entry"),
    path("wbl/rounds/<uuid:round>/action/", rounds.round_action, name="round-action"),
    path("wbl/rounds/<uuid:round>/choices/", rounds.round_choices, name="round-choices"),
    path("wbl/rounds/<uuid:round>/claim/", rounds.round_claim, name="round-claim"),
    path("wbl/round-entries/<uuid:entry>/", rounds.entry_rank, name="entry-rank"),
    path("wbl/placements/", placements.placement_list, name="placement-list"),
    path("wbl/placements/<uuid:placement>/", placements.placement_detail, name="placement-detail"),
    path("wbl/placements/<uuid:placement>/sign/", placements.placement_sign, name="placement-sign"),
    path(
        "wbl/placements/<uuid:placement>/plan/", placements.placement_competency, name="placement-competency"
    ),
    path(
        "wbl/placements/<uuid:placement>/supervisor/",
        placements.placement_supervisor,
        name="placement-supervisor",
    ),
    path(
        "wbl/placements/<uuid:placement>/withdraw/", placements.placement_withdraw, name="placement-withdraw"
    ),
    path("wbl/placements/<uuid:placement>/hours/", placements.placement_hours, name="placement-hours"),
    path(
        "wbl/placements/<uuid:placement>/evaluations/",
        placements.placement_evaluate,
        name="placement-evaluate",
    ),
    path(
        "wbl/placements/<uuid:placement>/complete/", placements.placement_complete, name="placement-complete"
    ),
    path("wbl/competencies/<uuid:competency>/mark/", placements.competency_mark, name="competency-mark"),
    path("wbl/hours/<uuid:hours>/review/", placements.hours_review, name="hours-review"),
    path("wbl/badges/<uuid:badge>/", placements.badge, name="badge"),
]
