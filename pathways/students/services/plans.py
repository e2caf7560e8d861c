"""Writes: plans. Every service takes acting_user and audits changes to a student record."""
