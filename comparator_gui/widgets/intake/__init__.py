"""Library → Import article…: which study is this?, and the Suggestions panel."""
