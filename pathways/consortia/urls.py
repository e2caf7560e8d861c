"""Governance URLs. Public pages live under /c/, members' pages under /governance/, voting under /vote/."""

from django.urls import path

from .views import ballots, board, industries, meetings, plan, public

app_name = "consortia"
urlpatterns = [
    # Public
    path("c/", public.consortium_list, name="public-list"),
    path("c/<slug:slug>/", public.consortium_public, name="public-detail"),
    path("c/<slug:slug>/outcomes/<uuid:public_id>/", public.outcomes, name="outcomes"),
    path("c/<slug:slug>/outcomes/<uuid:public_id>/pdf/", public.outcomes_pdf_download, name="outcomes-pdf"),
    # Workspace and strategic plan
    path("governance/", plan.workspace, name="workspace"),
    path("governance/<slug:slug>/", plan.plan, name="plan"),
    path("governance/<slug:slug>/plan/edit/", plan.plan_edit, name="plan-edit"),
    path("governance/<slug:slug>/vision/new/", plan.vision_new, name="vision-new"),
    path("governance/vision/<uuid:public_id>/", plan.vision_detail, name="vision-detail"),
    path("governance/vision/<uuid:public_id>/comment/", plan.vision_comment, name="vision-comment"),
    path("governance/vision/<uuid:public_id>/adopt/", plan.vision_adopt, name="vision-adopt"),
    path("governance/comments/<uuid:public_id>/resolve/", plan.comment_resolve, name="comment-resolve"),
    path("governance/<slug:slug>/priorities/", plan.priorities, name="priorities"),
    path("governance/priorities/<uuid:public_id>/edit/", plan.priority_edit, name="priority-edit"),
    path(
        "governance/priorities/<uuid:public_id>/<str:action>/",
        plan.priority_action,
        name="priority-action",
    ),
    path(
        "governance/principles/<uuid:public_id>/<str:action>/",
        plan.principle_action,
        name="principle-action",
    ),
    # Target industries and sector strategies
    path("governance/<slug:slug>/industries/", industries.industries, name="industries"),
    path("governance/<slug:slug>/industries/new/", industries.industry_new, name="industry-new"),
    path("governance/industries/<uuid:public_id>/", industries.industry_detail, name="industry-detail"),
    path("governance/industries/<uuid:public_id>/edit/", industries.industry_edit, name="industry-edit"),
    path(
        "governance/industries/<uuid:public_id>/<str:action>/",
        industries.industry_action,
        name="industry-action",
    ),
    path("governance/<slug:slug>/sector-strategies/new/", industries.strategy_new, name="strategy-new"),
    path(
        "governance/sector-strategies/<uuid:public_id>/edit/", industries.strategy_edit, name="strategy-edit"
    ),
    path(
        "governance/sector-strategies/<uuid:public_id>/delete/",
        industries.strategy_delete,
        name="strategy-delete",
    ),
    # Meetings and outcomes
    path("governance/<slug:slug>/meetings/", meetings.meeting_list, name="meetings"),
    path("governance/<slug:slug>/meetings/new/", meetings.meeting_new, name="meeting-new"),
    path("governance/meetings/<uuid:public_id>/", meetings.meeting_detail, name="meeting-detail"),
    path("governance/meetings/<uuid:public_id>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("governance/meetings/<uuid:public_id>/publish/", meetings.meeting_publish, name="meeting-publish"),
    path("governance/meetings/<uuid:public_id>/delete/", meetings.meeting_delete, name="meeting-delete"),
    path("governance/meetings/<uuid:public_id>/outcomes/", meetings.outcomes_edit, name="outcomes-edit"),
    path(
        "governance/meetings/<uuid:public_id>/commitments/new/",
        meetings.commitment_new,
        name="commitment-new",
    ),
    path("governance/commitments/<uuid:public_id>/edit/", meetings.commitment_edit, name="commitment-edit"),
    path(
        "governance/commitments/<uuid:public_id>/delete/",
        meetings.commitment_delete,
        name="commitment-delete",
    ),
    # Ballots
    path("governance/meetings/<uuid:public_id>/ballots/new/", ballots.ballot_new, name="ballot-new"),
    path("governance/ballots/<uuid:public_id>/", ballots.ballot_facilitate, name="ballot-facilitate"),
    path("governance/ballots/<uuid:public_id>/edit/", ballots.ballot_edit, name="ballot-edit"),
    path("governance/ballots/<uuid:public_id>/room/", ballots.ballot_room, name="ballot-room"),
    path("governance/ballots/<uuid:public_id>/tally/", ballots.ballot_tally, name="ballot-tally"),
    path(
        "governance/ballots/<uuid:public_id>/<str:action>/",
        ballots.ballot_transition,
        name="ballot-transition",
    ),
    path("vote/", ballots.join, name="join"),
    path("vote/<uuid:public_id>/", ballots.vote, name="vote"),
    path("vote/<uuid:public_id>/live/", ballots.vote_live, name="vote-live"),
    path("vote/<uuid:public_id>/dot/", ballots.vote_dot, name="vote-dot"),
    # Follow-up board
    path("governance/<slug:slug>/board/", board.board, name="board"),
    path("governance/<slug:slug>/board/new/", board.action_new, name="action-new"),
    path("governance/actions/<uuid:public_id>/edit/", board.action_edit, name="action-edit"),
    path("governance/actions/<uuid:public_id>/delete/", board.action_delete, name="action-delete"),
    path("governance/cards/<str:kind>/<uuid:public_id>/move/", board.card_move, name="card-move"),
]
