"""Commands over plans and targets: plans, track, conflicts, demo (see zhibiao.track)."""
