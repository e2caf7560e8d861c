"""Target industries (a tree linked to Career Clusters) and workforce boards' sector strategies."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.core.errors import InvalidInput, NotFound

from .. import selectors, services
from ..forms import SectorStrategyForm, TargetIndustryForm, lines
from ..models import SectorStrategy, TargetIndustry
from ._base import apply_error, back, flash_error, governance_context, leaders_only, member_view, render_page

OCCUPATION_LIMIT = 200


@member_view
def industries(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    tree = selectors.industry_tree(consortium)
    context = governance_context(request, consortium, "industries") | {
        "tree": tree,
        "strategies": selectors.sector_strategies(consortium),
    }
    return render_page(request, "consortia/industries.html", context)


@member_view
def industry_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    industry = selectors.access_target_industry(request.user, public_id)
    consortium = selectors.access_governed_consortium(request.user, industry.consortium.slug)
    node = next(
        n for d, n in selectors.flatten(selectors.industry_tree(consortium)) if n.industry.pk == industry.pk
    )
    occupations = selectors.industry_occupations(industry)
    context = governance_context(request, consortium, "industries") | {
        "industry": industry,
        "node": node,
        "single": [
            selectors.IndustryNode(node.industry, node.clusters, node.subclusters, node.occupation_count)
        ],
        "occupations": list(occupations[:OCCUPATION_LIMIT]),
        "limit": OCCUPATION_LIMIT,
    }
    return render_page(request, "consortia/industry_detail.html", context)


def _industry_form(request: HttpRequest, slug: str, industry: TargetIndustry | None) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "industries")
    leaders_only(context)
    initial: dict[str, object] = {}
    if industry is not None:
        initial = {
            "name": industry.name,
            "qualifier": industry.qualifier,
            "parent": industry.parent,
            "meeting": industry.meeting,
            "clusters": list(industry.clusters.all()),
            "subclusters": list(industry.subclusters.all()),
            "naics_codes": ", ".join(industry.naics_codes),
        }
    elif request.GET.get("parent"):
        try:
            parent = selectors.access_target_industry(request.user, request.GET["parent"])
            initial |= {"parent": parent, "meeting": parent.meeting}
        except NotFound:
            pass
    form = TargetIndustryForm(request.POST or None, consortium=consortium, industry=industry, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if industry is None:
                industry = services.target_industry_create(
                    acting_user=request.user,
                    consortium=consortium,
                    name=data["name"],
                    qualifier=data["qualifier"],
                    parent=data["parent"],
                    meeting=data["meeting"],
                    clusters=data["clusters"],
                    subclusters=data["subclusters"],
                    naics_codes=form.naics(),
                )
            else:
                services.target_industry_update(
                    acting_user=request.user,
                    industry=industry,
                    name=data["name"],
                    qualifier=data["qualifier"],
                    parent=data["parent"],
                    meeting=data["meeting"],
                    clusters=data["clusters"],
                    subclusters=data["subclusters"],
                    naics_codes=form.naics(),
                )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": industry.label})
            return redirect("consortia:industries", slug=consortium.slug)
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("Edit a target industry") if industry else _("Add a target industry"),
            "cancel": reverse("consortia:industries", args=[consortium.slug]),
        },
    )


@member_view
def industry_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _industry_form(request, slug, None)


@member_view
def industry_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    industry = selectors.access_target_industry(request.user, public_id)
    return _industry_form(request, industry.consortium.slug, industry)


@member_view
@require_POST
def industry_action(request: HttpRequest, public_id: UUID, action: str) -> HttpResponse:
    industry = selectors.access_target_industry(request.user, public_id)
    consortium = selectors.access_governed_consortium(request.user, industry.consortium.slug)
    try:
        if action == "delete":
            services.target_industry_delete(acting_user=request.user, industry=industry)
            messages.success(request, _("“%(name)s” is removed.") % {"name": industry.label})
        else:
            services.target_industry_move(
                acting_user=request.user,
                industry=industry,
                direction=request.POST.get("direction", ""),
            )
    except InvalidInput as exc:
        flash_error(request, exc)
    return back(request, reverse("consortia:industries", args=[consortium.slug]))


def _strategy_form(request: HttpRequest, slug: str, strategy: SectorStrategy | None) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "industries")
    leaders_only(context)
    initial: dict[str, object] = {}
    if strategy is not None:
        initial = {
            "partner": strategy.partner,
            "statement": strategy.statement,
            "shared_sectors": "\n".join(strategy.shared_sectors),
            "other_sectors": "\n".join(strategy.other_sectors),
            "meeting": strategy.meeting,
        }
    form = SectorStrategyForm(request.POST or None, consortium=consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sector_strategy_save(
                acting_user=request.user,
                consortium=consortium,
                partner=data["partner"],
                statement=data["statement"],
                shared_sectors=lines(data["shared_sectors"]),
                other_sectors=lines(data["other_sectors"]),
                meeting=data["meeting"],
                strategy=strategy,
            )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The sector strategy is saved."))
            return redirect("consortia:industries", slug=consortium.slug)
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("Edit a sector strategy")
            if strategy
            else _("Add a workforce board's sector strategy"),
            "cancel": reverse("consortia:industries", args=[consortium.slug]),
        },
    )


@member_view
def strategy_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _strategy_form(request, slug, None)


@member_view
def strategy_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    strategy = selectors.access_sector_strategy(request.user, public_id)
    return _strategy_form(request, strategy.consortium.slug, strategy)


@member_view
@require_POST
def strategy_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    strategy = selectors.access_sector_strategy(request.user, public_id)
    consortium = selectors.access_governed_consortium(request.user, strategy.consortium.slug)
    services.sector_strategy_delete(acting_user=request.user, strategy=strategy)
    messages.success(request, _("The sector strategy is removed."))
    return redirect("consortia:industries", slug=consortium.slug)
