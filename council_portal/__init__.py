"""The council members' pages: the published action plan of the engagements they serve on,
its progress, the council's meetings, and their own progress updates. Models stay in
``engagements``."""
