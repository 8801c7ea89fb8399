import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")
application = get_wsgi_application()

# A server process loads the Chinese word segmenter while it boots, before taking requests,
# so that no user waits seconds for it (management commands and tests load it lazily).
from rogatory.library.search import analysis  # noqa: E402

analysis.warm_up()
