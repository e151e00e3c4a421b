"""Reports outside the chat: the weekly HTML report with charts, and the research export."""

from bot.features.digest.report.build import digest_lines, report_html, write_report

__all__ = ["digest_lines", "report_html", "write_report"]
