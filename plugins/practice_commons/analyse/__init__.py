"""Analyses: pure functions over the resolved ``Commons`` that answer one question each."""
