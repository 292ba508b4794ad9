"""``python -m index``: search, answer, compare and describe an index (see index/cli/main.py)."""

import sys

from index.cli.main import main

sys.exit(main())
