"""Entry script for the frozen bundle: the same `main()` as `advocate-app`."""
import sys

from advocate_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
