"""The dashboard's process: import the chart stack once, then hand over to Streamlit.

Plotly imports pandas lazily, inside the first chart drawn. Streamlit runs each session's script
in its own thread, so two sessions drawing their first chart together (two tabs at sign-in)
import pandas concurrently; Python's import deadlock detection then hands one of them the
half-initialised module (``AttributeError: partially initialized module 'pandas' has no
attribute 'Series'``). Importing it here, before any session exists, removes the race.
"""

from __future__ import annotations


def main() -> None:
    import pandas  # noqa: F401  (see the module docstring)
    import plotly.graph_objects  # noqa: F401
    from streamlit.web.cli import main as streamlit

    streamlit(prog_name="streamlit")


if __name__ == "__main__":
    main()
