"""Case data and the harm model: plain dataclasses, no Qt, no I/O beyond reading resources."""
