"""One control and one chart, the chart cached by the control's value."""

import plotly.graph_objects as go
import streamlit as st


@st.cache_resource(max_entries=512)
def figure(choice: str) -> go.Figure:
    seed = sum(map(ord, choice))
    values = [(seed * (i + 3)) % 17 for i in range(15)]
    fig = go.Figure(go.Scatter(x=[f"{2010 + i}-{(11 + i) % 100:02d}" for i in range(15)], y=values, mode="lines"))
    fig.update_layout(title=f"Floor chart {choice}", xaxis=dict(type="category"))
    return fig


CHOICES = [f"option {i}" for i in range(400)]
choice = st.selectbox("Choice", CHOICES, key="choice")
st.plotly_chart(figure(choice), theme=None)
