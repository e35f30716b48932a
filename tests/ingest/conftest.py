import sys
from pathlib import Path

# fixtures.py builds the documents; make it importable as a plain module.
sys.path.insert(0, str(Path(__file__).parent))
