"""Language: private hints about jargon (stammespråk), the group's glossary and the weekly jargon counts."""
