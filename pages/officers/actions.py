"""Action plans (placeholder until the tracker lands)."""
import streamlit as st

st.title("Action plans")
