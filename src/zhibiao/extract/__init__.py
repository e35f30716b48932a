"""Text to facts, targets and entities: one module per concern, composed by pipeline.py."""
