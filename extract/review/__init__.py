"""Review: the HTML review report and the archival outputs (imported lazily with their heavy dependencies)."""
