"""Admin for the consortium network (for operators; staff use the network pages)."""

from __future__ import annotations

from django.contrib import admin

from .models import Consortium, Contact, District, Partner, Region, School


class RegionInline(admin.TabularInline[Region, Consortium]):
    model = Region
    extra = 0
    fields = ["name"]


@admin.register(Consortium)
class ConsortiumAdmin(admin.ModelAdmin[Consortium]):
    list_display = ["name", "slug", "state", "host_organization", "is_public"]
    list_filter = ["is_public", "state"]
    search_fields = ["name", "slug", "short_name", "host_organization"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [RegionInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["name", "consortium"]
    list_filter = ["consortium"]
    search_fields = ["name"]
    readonly_fields = ["public_id"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["name", "consortium", "region", "nces_id", "sourced_id"]
    list_filter = ["consortium"]
    search_fields = ["name", "nces_id", "sourced_id"]
    list_select_related = ["consortium", "region"]
    autocomplete_fields = ["consortium"]
    readonly_fields = ["public_id", "created_at", "updated_at"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = [
        "name",
        "district",
        "consortium",
        "city",
        "locale",
        "grade_low",
        "grade_high",
        "enrollment",
    ]
    list_filter = ["consortium", "locale"]
    search_fields = ["name", "city", "nces_id", "sourced_id"]
    list_select_related = ["district", "consortium"]
    autocomplete_fields = ["consortium", "district"]
    raw_id_fields = ["zip_code", "county"]
    readonly_fields = ["public_id", "created_at", "updated_at"]


class ContactInline(admin.TabularInline[Contact, Partner]):
    model = Contact
    extra = 0
    fields = ["name", "title", "email", "phone", "is_public"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin[Partner]):
    list_display = ["name", "kind", "consortium", "city", "is_public"]
    list_filter = ["consortium", "kind", "is_public"]
    search_fields = ["name", "city", "naics_code"]
    list_select_related = ["consortium"]
    autocomplete_fields = ["consortium"]
    raw_id_fields = ["zip_code"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [ContactInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        # Inline contacts belong to the partner's consortium.
        for contact in formset.save(commit=False):
            contact.consortium_id = form.instance.consortium_id
            contact.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin[Contact]):
    list_display = ["name", "title", "partner", "consortium", "is_public"]
    list_filter = ["consortium", "is_public"]
    search_fields = ["name", "email", "title"]
    list_select_related = ["partner", "consortium"]
    autocomplete_fields = ["consortium", "partner"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
