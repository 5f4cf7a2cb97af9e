"""What a person sees: button data, keyboards, showing a screen, the shared screens."""
