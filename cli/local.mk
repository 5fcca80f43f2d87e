# cli/: the netwhy binary (lead).
