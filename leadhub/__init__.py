"""leadhub: the top floor. The one CLI, the process launcher (``up``) and the demo world;
the only package that may import every part."""
