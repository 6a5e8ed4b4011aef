"""Publish: what helps clerks publish (templates for new reports and bodies, CODEOWNERS)."""
