"""Texts: Fluent files, legal editions and templates. Data only; this file makes it a package."""
