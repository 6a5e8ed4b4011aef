"""Checks: the JSON Schemas, the consistency rules (勾稽关系) and the validator that runs them all."""
