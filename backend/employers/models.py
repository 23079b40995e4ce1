"""Partner employers' establishments and placements arrive with the placements issue."""
