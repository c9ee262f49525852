"""Eval harness: fixtures, scoring, runner and reports."""
