import sys

from advocate_app.cli import main

sys.exit(main())
