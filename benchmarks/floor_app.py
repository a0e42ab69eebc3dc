"""The browser baseline of benchmarks/report.py: the cheapest page that draws a plotly chart in this Streamlit.

One title and one three-bar plotly chart, served by `streamlit run` with the project's .streamlit/config.toml and
loaded by the same browser the same way as the dashboard's pages. Its cold-load time is what Streamlit's frontend
and plotly cost on the machine before any page of ours adds its own work, measured in the same run.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Baseline")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), theme=None)
