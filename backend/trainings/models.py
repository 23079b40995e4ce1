"""Trainings, sessions, enrolments and VAE applications arrive with the trainings issue."""
