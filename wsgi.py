"""WSGI entry point: what `flask --app wsgi` and gunicorn load."""
from qzapp import create_app

app = create_app()
