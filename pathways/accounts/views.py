"""Sign in and out, and the signed-in person's home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Membership, User


@login_required
def home(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # login_required
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("consortium", "district", "school", "partner")
        .order_by("consortium__name", "role")
    )
    return render(request, "accounts/home.html", {"memberships": memberships})
