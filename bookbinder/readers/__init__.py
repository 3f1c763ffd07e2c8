"""Readers: one subpackage per input format, each turning a file into a Reading."""
