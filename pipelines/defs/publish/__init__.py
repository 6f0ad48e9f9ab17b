"""The publish domain: the read-only snapshot swapped in after every run."""
