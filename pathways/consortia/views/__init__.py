"""Governance pages. Thin views: read the request, call selectors and services, pick a template."""
