"""Streamlit helpers shared by the pages: the page frame, cached data access. Not a page itself."""
