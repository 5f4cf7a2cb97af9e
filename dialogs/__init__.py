"""The victim journeys: their states and their pure logic (no aiogram in the pure modules)."""
