"""Python-Markdown extensions that make pages render as their authors saw them on GitHub."""
