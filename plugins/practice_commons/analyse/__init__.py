"""Analyses: pure functions over the resolved commons, one module per question.

``network`` (the relationship graph and its insights), ``value`` (the value table and how far
stories reach), ``rhythm`` (cadence, gaps and mix of a community's events), ``health`` (the
guide's success factors, per community). Nothing here imports mkdocs or renders anything:
pages and the CLI word the results.
"""
