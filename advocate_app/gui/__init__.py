"""The Qt desktop app: presents and calls the core, holds no domain logic."""
