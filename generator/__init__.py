"""Static site generator for annual government-information-disclosure reports (政府信息公开工作年度报告).

Pipeline: load (:mod:`generator.content.tree`) → validate (:mod:`generator.checks.validate`) → analyse →
render → build. See ``docs/architecture.md``.
"""

__version__ = "0.1.0"
